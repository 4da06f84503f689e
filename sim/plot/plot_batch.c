/* plot_batch.c — the figures of a batch folder: a fan chart of the spread
 * of each key output over the years, and the share of runs meeting each
 * target. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

typedef struct {
  plot_table summary, targets, vars; /* vars: empty for a folder from before it */
} batch_files;

/* figures/NAME.dat: year, p05, p25, p50, p75, p95, mean of var.  Returns
 * the number of years written (0: var not in the batch). */
static int fan_data(plot_ctx *c, const batch_files *f, const char *var, const char *name,
                    sim_status *st) {
  static const char *const cols[] = {"p05", "p25", "p50", "p75", "p95", "mean"};
  int cv = plot_table_col(&f->summary, "var"), cy = plot_table_col(&f->summary, "year");
  int ci[6], years = 0;
  for (int k = 0; k < 6; k++) {
    ci[k] = plot_table_col(&f->summary, cols[k]);
  }
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    *st = SIM_ERR_IO;
    return 0;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# year p05 p25 p50 p75 p95 mean\n", out);
  for (int r = 1; r < f->summary.nrows; r++) {
    if (strcmp(plot_table_get(&f->summary, r, cv), var) != 0) {
      continue;
    }
    fputs(plot_table_get(&f->summary, r, cy), out);
    for (int k = 0; k < 6; k++) {
      plot_put(out, plot_table_num(&f->summary, r, ci[k]));
    }
    fputc('\n', out);
    years++;
  }
  *st = plot_data_commit(c, o);
  return years;
}

/* ", the red line" on the water fan: the median of water.cap per year
 * (figures/fan_water_cap.dat), or "" when var is another output or the cap
 * is so far above use that it would flatten the fan. */
static sim_status red_line(plot_ctx *c, const batch_files *f, const char *var, char *buf,
                           size_t size) {
  buf[0] = '\0';
  if (strcmp(var, "water.use_conventional") != 0) {
    return SIM_OK;
  }
  int cv = plot_table_col(&f->summary, "var"), cy = plot_table_col(&f->summary, "year");
  int c50 = plot_table_col(&f->summary, "p50"), c95 = plot_table_col(&f->summary, "p95");
  double cap = -INFINITY, use = -INFINITY;
  for (int r = 1; r < f->summary.nrows; r++) {
    const char *v = plot_table_get(&f->summary, r, cv);
    if (strcmp(v, "water.cap") == 0) {
      cap = fmax(cap, plot_table_num(&f->summary, r, c50));
    } else if (strcmp(v, var) == 0) {
      use = fmax(use, plot_table_num(&f->summary, r, c95));
    }
  }
  if (!(cap > 0) || !(use > 0) || cap > 2 * use) {
    return SIM_OK;
  }
  sim_outfile *o = plot_data_open(c, "fan_water_cap");
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# year water.cap_p50\n", out);
  for (int r = 1; r < f->summary.nrows; r++) {
    if (strcmp(plot_table_get(&f->summary, r, cv), "water.cap") == 0) {
      fputs(plot_table_get(&f->summary, r, cy), out);
      plot_put(out, plot_table_num(&f->summary, r, c50));
      fputc('\n', out);
    }
  }
  char key[128];
  snprintf(buf, size,
           ", \\\n       \"fan_water_cap.dat\" using 1:2 with lines lw 3 lc rgb \"#d7191c\" "
           "title \"%s\"",
           plot_text(c, "用水红线（中位数）", "water red line (median)", key, sizeof key));
  return plot_data_commit(c, o);
}

/* ", plan marker" for the first level target on var, or "". */
static const char *plan_marker(const plot_ctx *c, const batch_files *f, const char *var,
                               char *buf, size_t size) {
  const plot_table *t = &f->targets;
  int cvar = plot_table_col(t, "var"), ckind = plot_table_col(t, "kind");
  int cto = plot_table_col(t, "to"), cval = plot_table_col(t, "value");
  buf[0] = '\0';
  for (int r = 1; r < t->nrows; r++) {
    if (strcmp(plot_table_get(t, r, cvar), var) == 0 &&
        strcmp(plot_table_get(t, r, ckind), "level") == 0) {
      snprintf(buf, size,
               ", \\\n       \"+\" using (%s):(%s) every ::0::0 with points pt 9 ps 3.5 "
               "lc rgb \"#d7301f\" title \"%s %s\"",
               plot_table_get(t, r, cto), plot_table_get(t, r, cval),
               c->cjk ? "规划目标 plan" : "plan", plot_table_get(t, r, cval));
      break;
    }
  }
  return buf;
}

static sim_status fan_figure(plot_ctx *c, const batch_files *f, int k) {
  char name[128], title[512], ylabel[256], plan[512], xr[64], median[64], cap[512];
  snprintf(name, sizeof name, "fan_%s", plot_key_outputs[k].var);
  for (char *p = name; *p; p++) {
    *p = *p == '.' ? '_' : *p;
  }
  sim_status st;
  int years = fan_data(c, f, plot_key_outputs[k].var, name, &st);
  if (st == SIM_OK && years > 0) {
    st = red_line(c, f, plot_key_outputs[k].var, cap, sizeof cap);
  }
  if (st != SIM_OK || years == 0) {
    return st;
  }
  int cy = plot_table_col(&f->summary, "year");
  snprintf(xr, sizeof xr, "[%g:%g]", plot_table_num(&f->summary, 1, cy) - 0.3,
           plot_table_num(&f->summary, 1, cy) + years - 1 + 0.3);
  char en[256];
  snprintf(en, sizeof en, "%s: spread over the batch's runs", plot_key_outputs[k].en);
  const plot_subst s[] = {
      {"TITLE", plot_text(c, plot_key_outputs[k].zh, en, title, sizeof title)},
      {"YLABEL", plot_axis_label(c, &f->vars, plot_key_outputs[k].var, plot_key_outputs[k].en,
                                 plot_key_outputs[k].zh, ylabel, sizeof ylabel)},
      {"LOGSCALE", plot_key_outputs[k].log ? "set logscale y" : "unset logscale y"},
      {"XRANGE", xr},
      {"MEDIAN", plot_text(c, "中位数", "median", median, sizeof median)},
      {"PLAN", plan_marker(c, f, plot_key_outputs[k].var, plan, sizeof plan)},
      {"CAP", cap},
  };
  return plot_script(c, name, "fan", s, 7);
}

/* figures/p_met.dat and the ytics naming each row. */
static sim_status p_met_data(plot_ctx *c, const batch_files *f, char *tics, size_t size,
                             int *rows) {
  const plot_table *t = &f->targets;
  int cid = plot_table_col(t, "id"), cp = plot_table_col(t, "p_met");
  int ca = plot_table_col(t, "attribute");
  sim_outfile *o = plot_data_open(c, "p_met");
  if (!o || cp < 0) {
    sim_outfile_abort(o);
    return o ? SIM_ERR_INVALID : SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  size_t at = (size_t)snprintf(tics, size, "set ytics (");
  fputs("# row p_met kind(0 expected, 1 binding, 2 all binding) label\n", out);
  for (int r = 1; r < t->nrows; r++, (*rows)++) {
    bool binding = strcmp(plot_table_get(t, r, ca), "binding") == 0;
    bool all = strcmp(plot_table_get(t, r, cid), "all_binding") == 0;
    char label[256];
    snprintf(label, sizeof label, "%s%s", plot_table_get(t, r, cid),
             all || !binding ? "" : c->cjk ? " 约束性/binding" : " (binding)");
    fprintf(out, "%d", *rows);
    plot_put(out, plot_table_num(t, r, cp));
    fprintf(out, " %d \"%s\"\n", all ? 2 : binding ? 1 : 0, label);
    if (at < size) {
      at += (size_t)snprintf(tics + at, size - at, "%s\"%s\" %d", *rows ? ", " : "", label, *rows);
    }
  }
  if (at < size) {
    snprintf(tics + at, size - at, ")");
  }
  return plot_data_commit(c, o);
}

static sim_status p_met_figure(plot_ctx *c, const batch_files *f) {
  int rows = 0;
  char *tics = malloc(32768), title[256], ny[16], kb[128], ke[128], ka[128];
  sim_status st = tics ? p_met_data(c, f, tics, 32768, &rows) : SIM_ERR_NOMEM;
  if (st == SIM_OK && rows > 0) {
    snprintf(ny, sizeof ny, "%d", rows);
    const plot_subst s[] = {
        {"TITLE", plot_text(c, "目标达成概率", "Share of runs meeting each target", title,
                            sizeof title)},
        {"YTICS", tics},
        {"NY", ny},
        {"K_BINDING", plot_text(c, "约束性指标", "binding target", kb, sizeof kb)},
        {"K_EXPECTED", plot_text(c, "预期性指标", "expected target", ke, sizeof ke)},
        {"K_ALL", plot_text(c, "所有约束性指标同时达成", "every binding target at once", ka,
                            sizeof ka)},
    };
    st = plot_script(c, "p_met", "p_met", s, 6);
  }
  free(tics);
  return st == SIM_ERR_INVALID ? SIM_OK : st;
}

sim_status plot_batch_figures(plot_ctx *c) {
  batch_files f = {0};
  sim_status st = plot_table_read_rows(c->dir, "summary.csv", &f.summary, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read(c->dir, "targets.csv", &f.targets, c->why, sizeof c->why);
  }
  if (st == SIM_OK) {
    st = plot_table_read_optional(c->dir, "variables.csv", &f.vars, c->why, sizeof c->why);
  }
  for (size_t k = 0; st == SIM_OK && k < PLOT_NKEY_OUTPUTS; k++) {
    st = fan_figure(c, &f, (int)k);
  }
  if (st == SIM_OK) {
    st = p_met_figure(c, &f);
  }
  plot_table_free(&f.summary);
  plot_table_free(&f.targets);
  plot_table_free(&f.vars);
  return st;
}
