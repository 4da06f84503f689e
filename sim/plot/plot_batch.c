/* plot_batch.c — the figures of a batch folder: a fan chart of the spread
 * of each key output over the years, and the share of runs meeting each
 * target. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"
#include "report/readable.h"

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
  snprintf(
      buf, size,
      ", \\\n       \"fan_water_cap.dat\" using 1:2 with lines lw 3 lc rgb \"#d7191c\" "
      "title \"%s\"",
      plot_text(c, "用水红线（中位数）", "water red line (median)", key, sizeof key));
  return plot_data_commit(c, o);
}

/* The median of var in year (summary.csv), or NaN. */
static double median_in(const batch_files *f, const char *var, const char *year) {
  int cv = plot_table_col(&f->summary, "var"), cy = plot_table_col(&f->summary, "year");
  for (int r = 1; r < f->summary.nrows; r++) {
    if (strcmp(plot_table_get(&f->summary, r, cv), var) == 0 &&
        strcmp(plot_table_get(&f->summary, r, cy), year) == 0) {
      return plot_table_num(&f->summary, r, plot_table_col(&f->summary, "p50"));
    }
  }
  return NAN;
}

/* ", plan markers": the level every target on var asks for in its last
 * year — a level, max or min target's value, a reduction's cut applied to
 * the median of its first year, a growth's rate compounded from there —
 * with the plan's own words in the key; "" when var has none. */
static const char *plan_marker(const plot_ctx *c, const batch_files *f, const char *var,
                               char *buf, size_t size) {
  const plot_table *t = &f->targets;
  size_t at = 0;
  buf[0] = '\0';
  for (int r = 1; r < t->nrows && at < size; r++) {
#define T(col) plot_table_get(t, r, plot_table_col(t, col))
    if (strcmp(T("var"), var) != 0) {
      continue;
    }
    const char *kind = T("kind"), *op = T("op");
    double value = plot_table_num(t, r, plot_table_col(t, "value"));
    double base = median_in(f, var, T("from")), level = NAN;
    int span = atoi(T("to")) - atoi(T("from"));
    char what[96], key[256], num[48];
    sim_readable(value, false, num, sizeof num);
    if (!strcmp(kind, "level") || !strcmp(kind, "max") || !strcmp(kind, "min")) {
      level = value;
      snprintf(what, sizeof what, "%s %s",
               strcmp(op, ">=") == 0   ? "≥"
               : strcmp(op, "<=") == 0 ? "≤"
                                       : "~",
               num);
    } else if (!strcmp(kind, "reduction")) {
      level = base * (1 - value / 100);
      snprintf(what, sizeof what, "%s %s %% cut", strcmp(op, ">=") == 0 ? "≥" : "~", num);
    } else if (!strcmp(kind, "growth")) {
      level = base * pow(1 + value / 100, span);
      snprintf(what, sizeof what, "%s %s %%/yr", strcmp(op, ">=") == 0 ? "≥" : "~", num);
    }
    if (isnan(level)) {
      continue; /* cumulative and synced targets have no level to mark */
    }
    char en[160];
    snprintf(en, sizeof en, "plan %s: %s", T("to"), what);
    plot_text(c, "规划目标", en, key, sizeof key);
    at +=
        (size_t)snprintf(buf + at, size - at,
                         ", \\\n       \"+\" using (%s):(%.10g) every ::0::0 with points "
                         "pt 9 ps 3.5 lc rgb \"#D55E00\" title \"%s\"",
                         T("to"), level, key);
#undef T
  }
  return buf;
}

/* The range of var's 5-95 % band over the years (summary.csv). */
static void fan_range(const batch_files *f, const char *var, double *lo, double *hi) {
  int cv = plot_table_col(&f->summary, "var");
  int c05 = plot_table_col(&f->summary, "p05"), c95 = plot_table_col(&f->summary, "p95");
  *lo = INFINITY;
  *hi = -INFINITY;
  for (int r = 1; r < f->summary.nrows; r++) {
    if (strcmp(plot_table_get(&f->summary, r, cv), var) == 0) {
      *lo = fmin(*lo, plot_table_num(&f->summary, r, c05));
      *hi = fmax(*hi, plot_table_num(&f->summary, r, c95));
    }
  }
}

static sim_status fan_figure(plot_ctx *c, const batch_files *f, int k) {
  char name[128], title[512], ylabel[256], plan[2048], xr[64], median[64], cap[512];
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
  double lo, hi;
  fan_range(f, plot_key_outputs[k].var, &lo, &hi);
  char yr[96] = "set autoscale y";
  if (!(hi > lo)) { /* a band of one value: gnuplot cannot autoscale an empty range */
    double pad = fabs(lo) > 0 ? fabs(lo) * 0.05 : 1;
    snprintf(yr, sizeof yr, "set yrange [%.10g:%.10g]", lo - pad, hi + pad);
  }
  int cy = plot_table_col(&f->summary, "year");
  snprintf(xr, sizeof xr, "[%g:%g]", plot_table_num(&f->summary, 1, cy) - 0.3,
           plot_table_num(&f->summary, 1, cy) + years - 1 + 0.3);
  char en[256];
  snprintf(en, sizeof en, "%s: spread over the batch's runs", plot_key_outputs[k].en);
  const plot_subst s[] = {
      {"TITLE", plot_text(c, plot_key_outputs[k].zh, en, title, sizeof title)},
      {"YLABEL",
       plot_axis_label(c, &f->vars, plot_key_outputs[k].var, plot_key_outputs[k].en,
                       plot_key_outputs[k].zh, ylabel, sizeof ylabel)},
      {"LOGSCALE", plot_key_outputs[k].log && lo > 0 && hi > lo ? "set logscale y"
                                                                : "unset logscale y"},
      {"YRANGE", yr},
      {"XRANGE", xr},
      {"MEDIAN", plot_text(c, "中位数", "median", median, sizeof median)},
      {"PLAN", plan_marker(c, f, plot_key_outputs[k].var, plan, sizeof plan)},
      {"CAP", cap},
  };
  return plot_script(c, name, "fan", s, 8);
}

/* A row label: the target's Chinese and English label (the English cut
 * to 30 bytes on a character boundary), its id when it has none, and
 * whether it is binding.  Returns its width in characters (CJK: two). */
static int row_label(const plot_ctx *c, const plot_table *t, int r, char *buf,
                     size_t size) {
  const char *zh = plot_table_get(t, r, plot_table_col(t, "label_zh"));
  const char *en = plot_table_get(t, r, plot_table_col(t, "label"));
  const char *id = plot_table_get(t, r, plot_table_col(t, "id"));
  bool binding =
      strcmp(plot_table_get(t, r, plot_table_col(t, "attribute")), "binding") == 0;
  bool all = strcmp(id, "all_binding") == 0;
  size_t n = strlen(en) > 30 ? 30 : strlen(en);
  while (n > 0 && ((unsigned char)en[n] & 0xC0) == 0x80) {
    n--;
  }
  snprintf(buf, size, "%s%s%.*s%s%s", c->cjk ? zh : "", c->cjk && *zh ? " " : "",
           (int)(*en ? n : strlen(id)), *en ? en : id, strlen(en) > n ? "…" : "",
           all || !binding ? ""
           : c->cjk        ? " [约束性 binding]"
                           : " [binding]");
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
    w += *p >= 0xE0 ? 2 : (*p & 0xC0) != 0x80;
  }
  return w;
}

/* figures/p_met.dat and the ytics naming each row; *widest: the widest
 * label, *notes: whether a row says its share is no finding. */
static sim_status p_met_data(plot_ctx *c, const batch_files *f, char *tics, size_t size,
                             int *rows, int *widest, bool *notes) {
  const plot_table *t = &f->targets;
  int cid = plot_table_col(t, "id"), cp = plot_table_col(t, "p_met");
  int ca = plot_table_col(t, "attribute"), cn = plot_table_col(t, "p_met_note");
  sim_outfile *o = plot_data_open(c, "p_met");
  if (!o || cp < 0) {
    sim_outfile_abort(o);
    return o ? SIM_ERR_INVALID : SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  size_t at = (size_t)snprintf(tics, size, "set ytics (");
  fputs(
      "# row p_met kind(0 expected, 1 binding, 2 all binding) \"label\" \"value text\"\n",
      out);
  for (int r = 1; r < t->nrows; r++, (*rows)++) {
    bool binding = strcmp(plot_table_get(t, r, ca), "binding") == 0;
    bool all = strcmp(plot_table_get(t, r, cid), "all_binding") == 0;
    bool untouched = strcmp(plot_table_get(t, r, cn), "untouched path") == 0;
    char label[256], value[160];
    int w = row_label(c, t, r, label, sizeof label);
    *widest = w > *widest ? w : *widest;
    *notes |= untouched;
    double p = plot_table_num(t, r, cp);
    /* the share, and for a path no input moves, that it is no finding */
    snprintf(value, sizeof value, "%.0f %%%s", p * 100,
             !untouched ? ""
             : c->cjk   ? "  路径，未抽样 path, not sampled"
                        : "  path, not sampled");
    fprintf(out, "%d", *rows);
    plot_put(out, p);
    fprintf(out, " %d \"%s\" \"%s\"\n", all ? 2 : binding ? 1 : 0, label, value);
    if (at < size) {
      at += (size_t)snprintf(tics + at, size - at, "%s\"%s\" %d", *rows ? ", " : "",
                             label, *rows);
    }
  }
  if (at < size) {
    snprintf(tics + at, size - at, ")");
  }
  return plot_data_commit(c, o);
}

static sim_status p_met_figure(plot_ctx *c, const batch_files *f) {
  int rows = 0, widest = 0;
  bool notes = false;
  char *tics = malloc(32768), title[256], ny[16], kb[128], ke[128], ka[128], lm[16];
  sim_status st =
      tics ? p_met_data(c, f, tics, 32768, &rows, &widest, &notes) : SIM_ERR_NOMEM;
  if (st == SIM_OK && rows > 0) {
    snprintf(ny, sizeof ny, "%d", rows);
    snprintf(lm, sizeof lm, "%d", widest + 2);
    const plot_subst s[] = {
        {"TITLE", plot_text(c, "目标达成概率", "Share of runs meeting each target", title,
                            sizeof title)},
        {"YTICS", tics},
        {"NY", ny},
        {"LMARGIN", lm},
        {"XMAX", notes ? "1.85" : "1.12"},
        {"K_BINDING", plot_text(c, "约束性指标", "binding target", kb, sizeof kb)},
        {"K_EXPECTED", plot_text(c, "预期性指标", "expected target", ke, sizeof ke)},
        {"K_ALL", plot_text(c, "所有约束性指标同时达成", "every binding target at once",
                            ka, sizeof ka)},
    };
    st = plot_script(c, "p_met", "p_met", s, 8);
  }
  free(tics);
  return st == SIM_ERR_INVALID ? SIM_OK : st;
}

sim_status plot_batch_figures(plot_ctx *c) {
  batch_files f = {0};
  sim_status st =
      plot_table_read_rows(c->dir, "summary.csv", &f.summary, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read(c->dir, "targets.csv", &f.targets, c->why, sizeof c->why);
  }
  if (st == SIM_OK) {
    st =
        plot_table_read_optional(c->dir, "variables.csv", &f.vars, c->why, sizeof c->why);
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
