/* plot_sweep.c — the figures of a sweep folder: with one varied input,
 * each target's result against it; with two, a map of where every binding
 * target is met. */
#include <math.h>
#include <string.h>

#include "plot/plot_impl.h"
#include "report/readable.h"

/* The varied inputs are the columns between `point` and the first target
 * (or `all_binding`); returns how many. */
static int axes_of(const plot_table *t) {
  int end = plot_table_col(t, "all_binding");
  for (int col = 1; col < end; col++) {
    char status[300];
    snprintf(status, sizeof status, "%s_status", plot_table_get(t, 0, col));
    if (plot_table_col(t, status) >= 0) {
      return col - 1;
    }
  }
  return end - 1;
}

/* figures/NAME.dat of target column col; counts the points met and
 * missed (a series without points is left out of the plot: gnuplot warns
 * about it). */
static sim_status line_data(plot_ctx *c, const plot_table *t, int col, const char *name,
                            int *met, int *missed) {
  char status[300];
  snprintf(status, sizeof status, "%s_status", plot_table_get(t, 0, col));
  int cs = plot_table_col(t, status);
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# input result met\n", out);
  *met = *missed = 0;
  for (int r = 1; r < t->nrows; r++) {
    bool ok = strcmp(plot_table_get(t, r, cs), "met") == 0;
    *met += ok;
    *missed += strcmp(plot_table_get(t, r, cs), "missed") == 0;
    fputs(plot_table_get(t, r, 1), out);
    plot_put(out, plot_table_num(t, r, col));
    fprintf(out, " %d\n", ok);
  }
  return plot_data_commit(c, o);
}

static bool constant_column(const plot_table *t, int col) {
  for (int r = 2; r < t->nrows; r++) {
    if (strcmp(plot_table_get(t, r, col), plot_table_get(t, 1, col)) != 0) {
      return false;
    }
  }
  return true;
}

/* The sweep's targets.csv and variables.csv (empty in a folder written
 * before they were: ids then stand for labels). */
typedef struct {
  plot_table targets, vars;
} sweep_files;

/* targets.csv's row of target id, or -1. */
static int target_row(const sweep_files *f, const char *id) {
  for (int r = 1; r < f->targets.nrows; r++) {
    if (strcmp(plot_table_get(&f->targets, r, 0), id) == 0) {
      return r;
    }
  }
  return -1;
}

#define TGET(f, r, col)                                                                  \
  plot_table_get(&(f)->targets, r, plot_table_col(&(f)->targets, col))

/* The y label: what the target's figure measures, in its unit. */
static const char *y_label(const plot_ctx *c, const sweep_files *f, int r, const char *id,
                           char *buf, size_t size) {
  if (r < 0) {
    return snprintf(buf, size, "%s", id), buf;
  }
  const char *kind = TGET(f, r, "kind");
  char zh[256], en[256];
  if (strcmp(kind, "growth") == 0) {
    snprintf(zh, sizeof zh, "年均增长");
    snprintf(en, sizeof en, "average growth %s–%s (%%/yr)", TGET(f, r, "from"),
             TGET(f, r, "to"));
  } else if (strcmp(kind, "reduction") == 0) {
    snprintf(zh, sizeof zh, "降低率");
    snprintf(en, sizeof en, "cut %s–%s (%%, higher is a larger cut)", TGET(f, r, "from"),
             TGET(f, r, "to"));
  } else if (strcmp(kind, "synced") == 0) {
    snprintf(zh, sizeof zh, "增速差");
    snprintf(en, sizeof en, "growth minus that of %s (points)", TGET(f, r, "ref"));
  } else {
    return plot_axis_label(c, &f->vars, TGET(f, r, "var"), TGET(f, r, "var"), "", buf,
                           size);
  }
  return plot_text(c, zh, en, buf, size);
}

/* ", threshold lines": the plan value (and its tolerance band for ~ and
 * synced targets) as horizontal lines, with the plan in the key. */
static const char *plan_lines(const plot_ctx *c, const sweep_files *f, int r, char *buf,
                              size_t size) {
  buf[0] = '\0';
  if (r < 0) {
    return buf;
  }
  const char *op = TGET(f, r, "op"), *kind = TGET(f, r, "kind");
  bool synced = strcmp(kind, "synced") == 0;
  double value =
      synced ? 0 : plot_table_num(&f->targets, r, plot_table_col(&f->targets, "value"));
  double tol = plot_table_num(&f->targets, r, plot_table_col(&f->targets, "tol"));
  char num[48], tnum[48], en[160], key[256];
  sim_readable(value, false, num, sizeof num);
  sim_readable(tol, false, tnum, sizeof tnum);
  if (synced || strcmp(op, "~") == 0) {
    snprintf(en, sizeof en, "plan: %s ± %s", num, tnum);
    plot_text(c, "规划目标", en, key, sizeof key);
    snprintf(
        buf, size,
        ", \\\n       %.10g with lines lw 2 dt 2 lc rgb \"#D55E00\" title \"%s\", \\\n"
        "       %.10g with lines lw 2 dt 2 lc rgb \"#D55E00\" notitle",
        value - tol, key, value + tol);
  } else {
    snprintf(en, sizeof en, "plan: %s %s", strcmp(op, ">=") == 0 ? "≥" : "≤", num);
    plot_text(c, "规划目标", en, key, sizeof key);
    snprintf(buf, size,
             ", \\\n       %.10g with lines lw 2 dt 2 lc rgb \"#D55E00\" title \"%s\"",
             value, key);
  }
  return buf;
}

/* One figure per target the input moves: result against the input, with
 * the plan's threshold. */
static sim_status line_figures(plot_ctx *c, const plot_table *t, const sweep_files *f) {
  int end = plot_table_col(t, "all_binding");
  sim_status st = SIM_OK;
  const char *x = plot_table_get(t, 0, 1);
  char xlabel[512];
  plot_axis_label(c, &f->vars, x, x, "", xlabel, sizeof xlabel);
  for (int col = 2; st == SIM_OK && col < end; col += 2) {
    const char *id = plot_table_get(t, 0, col);
    if (constant_column(t, col)) {
      continue; /* the input does not move this target: nothing to show */
    }
    char name[300], title[1024], label[512], ylabel[512], plan[1024], met[256],
        missed[256];
    char kmet[64], kmissed[64];
    int nmet = 0, nmissed = 0, r = target_row(f, id);
    snprintf(name, sizeof name, "sweep_%s", id);
    st = line_data(c, t, col, name, &nmet, &nmissed);
    plot_text(c, r > 0 ? TGET(f, r, "label_zh") : "", r > 0 ? TGET(f, r, "label") : id,
              label, sizeof label);
    snprintf(title, sizeof title, "%s", label); /* the x axis names the input */
    plot_text(c, "达成", "met", kmet, sizeof kmet);
    plot_text(c, "未达成", "missed", kmissed, sizeof kmissed);
    snprintf(
        met, sizeof met,
        nmet ? ", \\\n       \"\" using 1:($3 > 0 ? $2 : NaN) with points pt 7 ps 1.8 "
               "lc rgb \"#0072B2\" title \"%s\""
             : "",
        kmet);
    snprintf(
        missed, sizeof missed,
        nmissed ? ", \\\n       \"\" using 1:($3 > 0 ? NaN : $2) with points pt 9 ps 2.2 "
                  "lc rgb \"#D55E00\" title \"%s\""
                : "",
        kmissed);
    const plot_subst s[] = {
        {"TITLE", title},
        {"XLABEL", xlabel},
        {"YLABEL", y_label(c, f, r, id, ylabel, sizeof ylabel)},
        {"PLAN", plan_lines(c, f, r, plan, sizeof plan)},
        {"MET_POINTS", met},
        {"MISSED_POINTS", missed},
    };
    if (st == SIM_OK) {
      st = plot_script(c, name, "sweep_line", s, 6);
    }
  }
  return st;
}

static sim_status grid_figure(plot_ctx *c, const plot_table *t, const sweep_files *f) {
  int cb = plot_table_col(t, "all_binding");
  sim_outfile *o = plot_data_open(c, "sweep_grid");
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs(
      "# input1 input2 all_binding(1 met, 0 missed, 0.5 none) \"binding met/binding\"\n",
      out);
  for (int r = 1; r < t->nrows; r++) {
    const char *all = plot_table_get(t, r, cb);
    if (r > 1 && strcmp(plot_table_get(t, r, 1), plot_table_get(t, r - 1, 1)) != 0) {
      fputc('\n', out); /* a new row of the image */
    }
    int binding = 0, met = 0; /* the cell's text: how many binding targets it meets */
    for (int k = 1; k < f->targets.nrows; k++) {
      const char *id = plot_table_get(&f->targets, k, 0);
      char status[300];
      snprintf(status, sizeof status, "%s_status", id);
      if (strcmp(TGET(f, k, "attribute"), "binding") == 0) {
        binding++;
        met += strcmp(plot_table_get(t, r, plot_table_col(t, status)), "met") == 0;
      }
    }
    fprintf(out, "%s %s %s \"%d/%d\"\n", plot_table_get(t, r, 1), plot_table_get(t, r, 2),
            !*all                     ? "0.5"
            : strcmp(all, "met") == 0 ? "1"
                                      : "0",
            met, binding);
  }
  sim_status st = plot_data_commit(c, o);
  char title[256], met[128], missed[128], xl[512], yl[512];
  const plot_subst s[] = {
      {"TITLE", plot_text(c, "所有约束性指标是否同时达成", "Every binding target met?",
                          title, sizeof title)},
      {"XLABEL", plot_axis_label(c, &f->vars, plot_table_get(t, 0, 1),
                                 plot_table_get(t, 0, 1), "", xl, sizeof xl)},
      {"YLABEL", plot_axis_label(c, &f->vars, plot_table_get(t, 0, 2),
                                 plot_table_get(t, 0, 2), "", yl, sizeof yl)},
      {"MET", plot_text(c, "全部达成", "all met", met, sizeof met)},
      {"MISSED", plot_text(c, "未全部达成", "some missed (cell: binding met/all)", missed,
                           sizeof missed)},
  };
  return st == SIM_OK ? plot_script(c, "sweep_grid", "sweep_grid", s, 5) : st;
}

sim_status plot_sweep_figures(plot_ctx *c) {
  plot_table t = {0};
  sweep_files f = {0};
  sim_status st = plot_table_read_rows(c->dir, "sweep.csv", &t, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read_optional(c->dir, "targets.csv", &f.targets, c->why,
                                  sizeof c->why);
  }
  if (st == SIM_OK) {
    st =
        plot_table_read_optional(c->dir, "variables.csv", &f.vars, c->why, sizeof c->why);
  }
  int axes = st == SIM_OK ? axes_of(&t) : 0;
  if (st == SIM_OK && axes == 1) {
    st = line_figures(c, &t, &f);
  } else if (st == SIM_OK && axes == 2) {
    st = grid_figure(c, &t, &f);
  } else if (st == SIM_OK) {
    fprintf(stderr,
            "plansim: a sweep over %d inputs has no figure (one or two inputs do)\n",
            axes);
  }
  plot_table_free(&t);
  plot_table_free(&f.targets);
  plot_table_free(&f.vars);
  return st;
}
