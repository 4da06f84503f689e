/* plot_run.c — the figures of a run folder: one per level, growth or
 * reduction target (the variable, its glide path and the plan), the water
 * balance, data-centre compute, and carbon. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

#define GREEN "#1a9850"
#define RED "#d73027"

/* The CSV files of a run folder. */
typedef struct {
  plot_table traj, vars, targets, by_year;
} run_files;

/* Label of output `var` with its unit, for an axis. */
static const char *axis_label(const plot_ctx *c, const run_files *f, const char *var,
                              char *buf, size_t size) {
  return plot_axis_label(c, &f->vars, var, var, "", buf, size);
}

/* Label of output `var` without unit, for a key. */
static const char *key_label(const plot_ctx *c, const run_files *f, const char *var,
                             char *buf, size_t size) {
  int row = 1, name = plot_table_col(&f->vars, "name");
  while (row < f->vars.nrows && strcmp(plot_table_get(&f->vars, row, name), var) != 0) {
    row++;
  }
  return plot_text(c, plot_table_get(&f->vars, row, 4),
                   row < f->vars.nrows ? plot_table_get(&f->vars, row, 3) : var, buf,
                   size);
}

/* Writes figures/NAME.dat: year and the n outputs `vars` per row.  When
 * an output is missing from trajectories.csv, writes nothing and returns
 * SIM_ERR_INVALID (the figure is skipped). */
static sim_status write_columns(plot_ctx *c, const run_files *f, const char *name,
                                const char *const *vars, int n) {
  int col[32];
  for (int i = 0; i < n; i++) {
    if ((col[i] = plot_table_col(&f->traj, vars[i])) < 0) {
      fprintf(stderr, "plansim: figure %s skipped: %s is not in trajectories.csv\n", name,
              vars[i]);
      return SIM_ERR_INVALID;
    }
  }
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# year", out);
  for (int i = 0; i < n; i++) {
    fprintf(out, " %s", vars[i]);
  }
  for (int r = 1; r < f->traj.nrows; r++) {
    fprintf(out, "\n%s", plot_table_get(&f->traj, r, 0));
    for (int i = 0; i < n; i++) {
      plot_put(out, plot_table_num(&f->traj, r, col[i]));
    }
  }
  fputc('\n', out);
  return plot_data_commit(c, o);
}

/* "[first-0.5:last+0.5]", the years of the run with room for bars. */
static const char *xrange(const run_files *f, char *buf, size_t size) {
  snprintf(buf, size, "[%g:%g]", plot_table_num(&f->traj, 1, 0) - 0.5,
           plot_table_num(&f->traj, f->traj.nrows - 1, 0) + 0.5);
  return buf;
}

/* Runs a figure writer's result through: a skipped figure is no error. */
static sim_status skipped_ok(sim_status st) {
  return st == SIM_ERR_INVALID ? SIM_OK : st;
}

/* ---- targets ------------------------------------------------------------ */

/* The glide path of target `id` in `year` (targets_by_year.csv), or NaN. */
static double glide(const run_files *f, const char *id, const char *year) {
  const plot_table *t = &f->by_year;
  for (int r = 1; r < t->nrows; r++) {
    if (strcmp(plot_table_get(t, r, 0), id) == 0 &&
        strcmp(plot_table_get(t, r, 1), year) == 0) {
      return plot_table_num(t, r, 3);
    }
  }
  return NAN;
}

/* Output var in the year written as `year` (trajectories.csv), or NaN. */
static double series_at(const run_files *f, const char *var, const char *year) {
  int col = plot_table_col(&f->traj, var);
  for (int r = 1; col >= 0 && r < f->traj.nrows; r++) {
    if (strcmp(plot_table_get(&f->traj, r, 0), year) == 0) {
      return plot_table_num(&f->traj, r, col);
    }
  }
  return NAN;
}

/* Field `name` of targets.csv row r. */
static const char *tget(const run_files *f, int r, const char *name) {
  return plot_table_get(&f->targets, r, plot_table_col(&f->targets, name));
}

/* figures/target_ID.dat: year, the variable, the glide path; returns the
 * smallest and largest value through lo and hi. */
static sim_status target_data(plot_ctx *c, const run_files *f, int r, const char *name,
                              double *lo, double *hi) {
  int col = plot_table_col(&f->traj, tget(f, r, "var"));
  sim_outfile *o = col < 0 ? NULL : plot_data_open(c, name);
  if (!o) {
    return col < 0 ? SIM_ERR_INVALID : SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fprintf(out, "# year %s glide_path\n", tget(f, r, "var"));
  *lo = INFINITY;
  *hi = -INFINITY;
  for (int y = 1; y < f->traj.nrows; y++) {
    const char *year = plot_table_get(&f->traj, y, 0);
    double v = plot_table_num(&f->traj, y, col), p = glide(f, tget(f, r, "id"), year);
    fprintf(out, "%s", year);
    plot_put(out, v);
    plot_put(out, p);
    fputc('\n', out);
    *lo = fmin(*lo, fmin(v, p));
    *hi = fmax(*hi, fmax(v, p));
  }
  return plot_data_commit(c, o);
}

/* The plan in words for the key: "plan 2030: ≥ 400000" or
 * "plan 2025-2030: ≥ 18 %". */
static void plan_key(const plot_ctx *c, const run_files *f, int r, char *buf,
                     size_t size) {
  const char *op = tget(f, r, "op"), *kind = tget(f, r, "kind");
  const char *sym = strcmp(op, ">=") == 0 ? "≥" : strcmp(op, "<=") == 0 ? "≤" : "≈";
  char what[256], en[320], zh[64];
  snprintf(what, sizeof what, "%s %s%s", sym, tget(f, r, "value"),
           strcmp(kind, "growth") == 0      ? " %/yr"
           : strcmp(kind, "reduction") == 0 ? " % reduction"
           : strcmp(kind, "peak") == 0      ? " (peak year)"
                                            : "");
  if (*tget(f, r, "tol")) {
    size_t at = strlen(what);
    snprintf(what + at, sizeof what - at, " ± %s", tget(f, r, "tol"));
  }
  if (strcmp(kind, "level") == 0) {
    snprintf(en, sizeof en, "plan %s: %s", tget(f, r, "to"), what);
  } else {
    snprintf(en, sizeof en, "plan %s-%s: %s", tget(f, r, "from"), tget(f, r, "to"), what);
  }
  snprintf(zh, sizeof zh, "规划目标");
  plot_text(c, zh, en, buf, size);
}

/* Figure target_ID for targets.csv row r, when its kind has a path. */
static sim_status target_figure(plot_ctx *c, const run_files *f, int r) {
  const char *kind = tget(f, r, "kind"), *id = tget(f, r, "id");
  bool peak = strcmp(kind, "peak") == 0;
  if (strcmp(kind, "level") && strcmp(kind, "growth") && strcmp(kind, "reduction") &&
      !peak) {
    return SIM_OK;
  }
  char name[128], title[640], label[512], ylabel[512], pkey[512], px[32], py[64], xr[64];
  int n = snprintf(name, sizeof name, "target_%s", id);
  for (int i = 7; i < n && i < (int)sizeof name - 1; i++) {
    name[i] = strchr("/\\ .:*?\"'<>|", name[i]) ? '_' : name[i];
  }
  double lo, hi;
  sim_status st = target_data(c, f, r, name, &lo, &hi);
  if (st != SIM_OK) {
    return st;
  }
  bool met = strcmp(tget(f, r, "status"), "met") == 0;
  /* a peak has no glide path: its mark is the series in the peak-by year */
  double plan = strcmp(kind, "level") == 0
                    ? plot_table_num(&f->targets, r, plot_table_col(&f->targets, "value"))
                : peak ? series_at(f, tget(f, r, "var"), tget(f, r, "value"))
                       : glide(f, id, tget(f, r, "to"));
  plot_text(c, tget(f, r, "label_zh"), tget(f, r, "label"), label, sizeof label);
  snprintf(title, sizeof title, "%s — %s%s", label, met ? "met" : "missed",
           c->cjk ? (met ? " 达成" : " 未达成") : "");
  char yr[96] = "set autoscale yfix";
  if (!(hi > lo)) { /* a flat series: gnuplot cannot autoscale an empty range */
    double pad = fabs(lo) > 0 ? fabs(lo) * 0.05 : 1;
    snprintf(yr, sizeof yr, "set yrange [%.10g:%.10g]", lo - pad, hi + pad);
  }
  snprintf(px, sizeof px, "%s", tget(f, r, peak ? "value" : "to"));
  snprintf(py, sizeof py, "%.10g", plan);
  /* a peak has no glide path: a column of NaN would be a skipped data file */
  char path_line[512] = "";
  if (!peak) {
    snprintf(path_line, sizeof path_line,
             "       \"%s.dat\" using 1:3 with lines lw 2 dt 2 lc rgb \"#555555\" "
             "title \"%s\", \\\n",
             name, c->cjk ? "路径 glide path" : "glide path");
  }
  plan_key(c, f, r, pkey, sizeof pkey);
  const plot_subst s[] = {
      {"TITLE", title},
      {"YLABEL", axis_label(c, f, tget(f, r, "var"), ylabel, sizeof ylabel)},
      {"VAR_KEY", label},
      {"PATH_LINE", path_line},
      {"PLAN_KEY", pkey},
      {"PLAN_YEAR", px},
      {"PLAN_VALUE", isnan(plan) ? "NaN" : py},
      {"STATUS_COLOR", met ? GREEN : RED},
      {"LOGSCALE", lo > 0 && hi / lo >= 100 ? "set logscale y" : "unset logscale y"},
      {"XRANGE", xrange(f, xr, sizeof xr)},
      {"YRANGE", yr},
  };
  return plot_script(c, name, "target", s, (int)(sizeof s / sizeof s[0]));
}

/* ---- water, compute, carbon -------------------------------------------- */

static sim_status water_figure(plot_ctx *c, const run_files *f) {
  static const char *const vars[] = {
      "water.demand_domestic",    "water.demand_ecological",
      "water.demand_agriculture", "water.demand_industry",
      "water.demand_services",    "water.demand_compute",
      "water.use_total",          "water.cap",
      "water.reclaimed_supply",   "water.binding",
      "water.use_conventional"};
  sim_status st = write_columns(c, f, "water_balance", vars, 11);
  if (st != SIM_OK) {
    return st;
  }
  static const char *const keys[] = {"K_DOMESTIC", "K_ECOLOGICAL", "K_AGRICULTURE",
                                     "K_INDUSTRY", "K_SERVICES",   "K_COMPUTE",
                                     "K_USE",      "K_CAP",        "K_RECLAIMED"};
  char text[9][256], title[256], ylabel[256], conventional[256];
  plot_subst s[14];
  char xr[64];
  for (int i = 0; i < 9; i++) {
    s[i] = (plot_subst){keys[i], key_label(c, f, vars[i], text[i], sizeof text[i])};
  }
  s[9] = (plot_subst){"TITLE", plot_text(c, "水资源供需与红线",
                                         "Water: demand by sector, use and the red line",
                                         title, sizeof title)};
  s[10] =
      (plot_subst){"YLABEL", plot_text(c, "水量", "Water (万m³)", ylabel, sizeof ylabel)};
  char binding[512] = "";
  int col = plot_table_col(&f->traj, "water.binding");
  for (int r = 1; r < f->traj.nrows && !binding[0]; r++) {
    if (plot_table_num(&f->traj, r, col) > 0) {
      snprintf(binding, sizeof binding,
               ", \\\n       \"\" using 1:($11 > 0 ? $9 : NaN) with points pt 11 ps 3 "
               "lc rgb \"#d7191c\" title \"%s\"",
               c->cjk ? "红线约束的年份 years the red line binds"
                      : "years the red line binds");
    }
  }
  s[11] = (plot_subst){"BINDING", binding};
  s[12] = (plot_subst){"XRANGE", xrange(f, xr, sizeof xr)};
  /* the red line caps conventional water: show the use it is held against */
  s[13] = (plot_subst){"K_CONVENTIONAL", key_label(c, f, "water.use_conventional",
                                                   conventional, sizeof conventional)};
  return plot_script(c, "water_balance", "water_balance", s, 14);
}

/* The plan value of the first level, growth or reduction target on var
 * (NaN when none) and its year. */
static double plan_on(const run_files *f, const char *var, char *year, size_t size) {
  for (int r = 1; r < f->targets.nrows; r++) {
    const char *kind = tget(f, r, "kind");
    if (strcmp(tget(f, r, "var"), var) != 0 ||
        (strcmp(kind, "level") && strcmp(kind, "growth") && strcmp(kind, "reduction"))) {
      continue;
    }
    snprintf(year, size, "%s", tget(f, r, "to"));
    return strcmp(kind, "level") == 0
               ? plot_table_num(&f->targets, r, plot_table_col(&f->targets, "value"))
               : glide(f, tget(f, r, "id"), year);
  }
  return NAN;
}

static sim_status compute_figure(plot_ctx *c, const run_files *f) {
  static const char *const vars[] = {"compute.capacity", "compute.it_power",
                                     "compute.electricity", "compute.green_electricity"};
  int col = plot_table_col(&f->traj, "compute.capacity");
  double most = 0;
  for (int y = 1; y < f->traj.nrows; y++) {
    most = fmax(most, plot_table_num(&f->traj, y, col));
  }
  if (!(most > 0)) {
    return SIM_OK; /* a scenario without data centres: nothing to draw on a log scale */
  }
  sim_status st = write_columns(c, f, "compute", vars, 4);
  if (st != SIM_OK) {
    return st;
  }
  char year[32] = "", value[64], plan[768] = "", pkey[128], t[6][256], xr[64];
  double v = plan_on(f, "compute.capacity", year, sizeof year);
  snprintf(value, sizeof value, "%.10g", v);
  if (!isnan(v)) {
    snprintf(pkey, sizeof pkey, "%s %s: %.6g", c->cjk ? "规划目标 plan" : "plan", year,
             v);
    snprintf(plan, sizeof plan,
             ", \\\n       \"+\" using (%s):(%s) every ::0::0 with points pt 7 ps 2.5 "
             "lc rgb \"black\" title \"%s\"",
             year, value, pkey);
  }
  const plot_subst s[] = {
      {"TITLE", plot_text(c, "数据中心算力、用电与绿电",
                          "Data-centre compute, power and green electricity", t[0], 256)},
      {"K_CAPACITY", axis_label(c, f, vars[0], t[1], 256)},
      {"K_IT_POWER", axis_label(c, f, vars[1], t[2], 256)},
      {"K_ELECTRICITY", axis_label(c, f, vars[2], t[3], 256)},
      {"K_GREEN", axis_label(c, f, vars[3], t[4], 256)},
      {"K_SHARE", plot_text(c, "绿电占比", "Green share of electricity (%)", t[5], 256)},
      {"PLAN", plan},
      {"XRANGE", xrange(f, xr, sizeof xr)},
  };
  return plot_script(c, "compute", "compute", s, 8);
}

static sim_status carbon_figure(plot_ctx *c, const run_files *f) {
  static const char *const vars[] = {"carbon.emissions_base", "carbon.emissions_compute",
                                     "carbon.emissions", "carbon.intensity"};
  sim_status st = write_columns(c, f, "carbon", vars, 4);
  if (st != SIM_OK) {
    return st;
  }
  char t[7][256];
  const plot_subst s[] = {
      {"TITLE",
       plot_text(c, "二氧化碳排放与强度", "CO2 emissions and intensity", t[0], 256)},
      {"K_BASE", key_label(c, f, vars[0], t[1], 256)},
      {"K_COMPUTE", key_label(c, f, vars[1], t[2], 256)},
      {"YLABEL", axis_label(c, f, vars[2], t[3], 256)},
      {"Y2LABEL", axis_label(c, f, vars[3], t[4], 256)},
      {"K_INTENSITY", key_label(c, f, vars[3], t[5], 256)},
      {"XRANGE", xrange(f, t[6], 256)},
  };
  return plot_script(c, "carbon", "carbon", s, 7);
}

/* ---- the folder --------------------------------------------------------- */

static sim_status read_run(plot_ctx *c, run_files *f) {
  sim_status st =
      plot_table_read_rows(c->dir, "trajectories.csv", &f->traj, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read_rows(c->dir, "variables.csv", &f->vars, c->why, sizeof c->why);
  }
  if (st == SIM_OK) { /* targets are optional: a run without targets has none to draw */
    st = plot_table_read_optional(c->dir, "targets.csv", &f->targets, c->why,
                                  sizeof c->why);
  }
  if (st == SIM_OK) {
    st = plot_table_read_optional(c->dir, "targets_by_year.csv", &f->by_year, c->why,
                                  sizeof c->why);
  }
  return st;
}

sim_status plot_run_figures(plot_ctx *c) {
  run_files f = {0};
  sim_status st = read_run(c, &f);
  for (int r = 1; st == SIM_OK && r < f.targets.nrows; r++) {
    st = skipped_ok(target_figure(c, &f, r));
  }
  if (st == SIM_OK) {
    st = skipped_ok(water_figure(c, &f));
  }
  if (st == SIM_OK) {
    st = skipped_ok(compute_figure(c, &f));
  }
  if (st == SIM_OK) {
    st = skipped_ok(carbon_figure(c, &f));
  }
  plot_table_free(&f.traj);
  plot_table_free(&f.vars);
  plot_table_free(&f.targets);
  plot_table_free(&f.by_year);
  return st;
}
