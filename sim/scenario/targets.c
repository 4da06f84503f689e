/* targets.c — plan targets: the table the generic loader reads them with,
 * the checks that need the run's outputs, and the metrics of MODEL.md
 * section 8. */
#include "scenario/targets.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sim_target_kinds[] = {"level",     "growth", "cumulative", "reduction",
                                        "synced",    "max",    "min",        "peak",
                                        NULL};
const char *const sim_target_ops[] = {">=", "<=", "~", NULL};
const char *const sim_target_attributes[] = {"binding", "expected", NULL};

#define F(field) offsetof(sim_target, field)
static const sim_param fields[] = {
    {"id", SIM_TEXT, F(id), 0, 0, NULL, "", "Identifier", "标识", 0, 0, NULL},
    {"var", SIM_TEXT, F(var), 0, 0, NULL, "", "Output the target is about", "变量", 0, 0,
     NULL},
    {"kind", SIM_CHOICE, F(kind), 0, 0, NULL, "", "What is measured", "目标类型", 0, 0,
     sim_target_kinds},
    {"from", SIM_INT, F(from), 0, 2200, "0", "", "First year (default: the base year)",
     "起始年", 0, 0, NULL},
    {"to", SIM_INT, F(to), 0, 2200, "0", "", "Last year (default: the last year)", "目标年",
     0, 0, NULL},
    {"op", SIM_CHOICE, F(op), 0, 0, NULL, "", "Comparison with value", "比较方式", 0, 0,
     sim_target_ops},
    {"value", SIM_REAL, F(value), -INFINITY, INFINITY, NULL, "", "Plan value", "规划目标值",
     SIM_OPTIONAL, 0, NULL},
    {"tol", SIM_REAL, F(tol), 0, INFINITY, NULL, "", "Tolerance of ~ and synced", "容差",
     SIM_OPTIONAL, 0, NULL},
    {"attribute", SIM_CHOICE, F(attribute), 0, 0, NULL, "",
     "binding (约束性) or expected (预期性)", "指标属性", 0, 0, sim_target_attributes},
    {"ref", SIM_TEXT, F(ref), 0, 0, NULL, "", "synced: the output to keep in step with",
     "同步参照变量", SIM_OPTIONAL, 0, NULL},
    {"label", SIM_TEXT, F(label), 0, 0, "\"\"", "", "English label", "英文名称", 0, 0, NULL},
    {"label_zh", SIM_TEXT, F(label_zh), 0, 0, "\"\"", "", "Chinese label", "中文名称", 0, 0,
     NULL},
    {"source", SIM_TEXT, F(source), 0, 0, "\"\"", "", "Seed file and line, or assumption",
     "来源", 0, 0, NULL},
};

static const sim_param targets_row = {
    "", SIM_LIST, 0, 0, 0, "()", "", "Plan targets", "规划目标", 0, 0, NULL, fields,
    (int)(sizeof fields / sizeof fields[0]), offsetof(sim_targets, item), sizeof(sim_target)};

/* Resolves an output name; reports it when unknown. */
static int output_index(const sim_engine *e, const char *name, const char *path,
                        sim_diags *d) {
  int i = name ? sim_layout_find(sim_engine_layout(e), name) : -1;
  if (name && i < 0) {
    char got[256];
    snprintf(got, sizeof got, "\"%s\"", name);
    sim_diag_at(d, path, got, "no such output (trajectories.csv lists them)");
  }
  return i;
}

/* Defaults for from/to and the checks that depend on kind and years. */
static void check_years(sim_target *t, int i, int start, int end, sim_diags *d) {
  char path[64], got[64];
  /* 0 is the table's default for "not given" (no plan year is 0) */
  t->from = t->from ? t->from : start;
  t->to = t->to ? t->to : end;
  snprintf(got, sizeof got, "%d..%d", t->from, t->to);
  snprintf(path, sizeof path, "targets.[%d]", i);
  if (t->from < start || t->to > end || t->from > t->to) {
    sim_diag_at(d, path, got, "years must lie within the run %d..%d, from <= to", start, end);
  } else if (t->from == t->to && t->kind != TARGET_LEVEL && t->kind != TARGET_MAX &&
             t->kind != TARGET_MIN) {
    sim_diag_at(d, path, got, "%s needs from < to", sim_target_kinds[t->kind]);
  }
}

/* A peak target: "<=" a whole year with a year after it in the window (a
 * series largest in the window's last year may still be rising, so that
 * year cannot be told a peak). */
static void check_peak(const sim_target *t, const char *path, sim_diags *d) {
  char got[64];
  snprintf(got, sizeof got, "%.17g", t->value);
  if (t->op != TARGET_LE) {
    sim_diag_at(d, path, NULL, "a peak target takes op \"<=\" (the peak in or before the "
                               "year value)");
  } else if (t->value != floor(t->value)) {
    sim_diag_at(d, path, got, "the value of a peak target is a year, a whole number");
  } else if (t->from < t->to && (t->value < t->from || t->value >= t->to)) {
    sim_diag_at(d, path, got,
                "the peak year must lie within %d..%d (from .. to - 1): the run must show "
                "the series falling after it",
                t->from, t->to - 1);
  }
}

static void check_target(sim_target *t, int i, const sim_engine *e, sim_diags *d) {
  char path[64], sub[80];
  snprintf(path, sizeof path, "targets.[%d]", i);
  check_years(t, i, sim_engine_start(e), sim_engine_end(e), d);
  snprintf(sub, sizeof sub, "%s.var", path);
  t->var_index = output_index(e, t->var, sub, d);
  snprintf(sub, sizeof sub, "%s.ref", path);
  t->ref_index = output_index(e, t->ref, sub, d);
  t->basis = t->var_index >= 0 ? sim_engine_output(e, t->var_index)->basis : SIM_BASIS_MODEL;
  bool synced = t->kind == TARGET_SYNCED;
  if (synced && !t->ref) {
    sim_diag_at(d, path, NULL, "a synced target needs ref, the output to keep in step with");
  }
  if ((synced || t->op == TARGET_NEAR) && isnan(t->tol)) {
    sim_diag_at(d, path, NULL, "needs tol (with op \"~\" and kind synced)");
  }
  if (isnan(t->value)) {
    if (!synced) {
      sim_diag_at(d, path, NULL, "needs value, the plan figure");
    }
    t->value = 0;
  } else if (t->kind == TARGET_PEAK) {
    check_peak(t, path, d);
  }
}

/* Characters a target id may not hold: it names its figure's files. */
#define ID_FORBIDDEN "/\\ .:*?\"'<>|"
#define ID_MAX 100

/* True when text holds a control character (a tab, a newline, ...). */
static bool has_control(const char *text) {
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
    if (*c < 0x20 || *c == 0x7f) {
      return true;
    }
  }
  return false;
}

static void check_ids(const sim_targets *ts, sim_diags *d) {
  for (int i = 0; i < ts->n; i++) {
    const char *id = ts->item[i].id;
    if (id && (!*id || strlen(id) > ID_MAX || id[strcspn(id, ID_FORBIDDEN)] ||
               has_control(id))) {
      char path[64], got[256];
      snprintf(path, sizeof path, "targets.[%d].id", i);
      snprintf(got, sizeof got, "\"%.200s\"", id);
      sim_diag_at(d, path, got,
                  "must be 1 to %d characters without blanks, control characters or any of "
                  "/ \\ . : * ? \" ' < > | (it names the target's figure)",
                  ID_MAX);
    }
    for (int j = 0; j < i; j++) {
      if (ts->item[i].id && ts->item[j].id && strcmp(ts->item[i].id, ts->item[j].id) == 0) {
        char path[64], got[256];
        snprintf(path, sizeof path, "targets.[%d].id", i);
        snprintf(got, sizeof got, "\"%s\"", ts->item[i].id);
        sim_diag_at(d, path, got, "already used by target %d", j);
      }
    }
  }
}

sim_status sim_targets_load(sim_scenario *sc, const sim_engine *e, sim_diags *d,
                            sim_targets **out) {
  *out = calloc(1, sizeof(sim_targets));
  if (!*out) {
    return SIM_ERR_NOMEM;
  }
  int before = sim_diags_count(d);
  sim_scenario_load_list(sc, &targets_row, "targets", *out, d);
  int loaded = sim_diags_count(d);
  for (int i = 0; i < (*out)->n && loaded == before; i++) {
    check_target(&(*out)->item[i], i, e, d);
  }
  check_ids(*out, d);
  if (sim_diags_count(d) > before) {
    free(*out);
    *out = NULL;
    return SIM_ERR_INVALID;
  }
  for (int i = 0; i < (*out)->n; i++) {
    sim_target_growth_band(&(*out)->item[i]);
  }
  return SIM_OK;
}

/* Runs side by side: output i in year y of lane r at
 * v[((y - start) * count + i) * stride + r], for lanes r < n. */
typedef struct {
  const double *v;
  int count, start;
  size_t stride;
  int n;
} run_values;

static const double *values_at(const run_values *rv, int i, int year) {
  return rv->v +
         ((size_t)(year - rv->start) * (size_t)rv->count + (size_t)i) * rv->stride;
}

/* Average growth in % per year of output i between two years, lane by
 * lane; NaN where it is not defined (sim_growth_defined). */
static void growth(const run_values *rv, int i, int from, int to, double *g) {
  const double *a = values_at(rv, i, from), *b = values_at(rv, i, to);
  for (int r = 0; r < rv->n; r++) {
    g[r] = sim_growth_defined(a[r], b[r]) ? (pow(b[r] / a[r], 1.0 / (to - from)) - 1) * 100
                                          : NAN;
  }
}

/* The growth of ratio q over `years` years: growth()'s expression. */
static double growth_of_ratio(double q, int years) {
  return (pow(q, 1.0 / years) - 1) * 100;
}

/* Whether growth x is not below target t's met set (lower side) and not
 * above it (upper side): met(t, x) is both, for a growth target, as
 * fabs(d) <= tol is -tol <= d && d <= tol. */
static bool growth_not_below(const sim_target *t, double x) {
  return t->op == TARGET_GE ? x >= t->value : t->op == TARGET_LE || x - t->value >= -t->tol;
}

static bool growth_not_above(const sim_target *t, double x) {
  return t->op == TARGET_LE ? x <= t->value : t->op == TARGET_GE || x - t->value <= t->tol;
}

static double from_bits(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* The bits of +inf: the doubles in [0, +inf] are ordered as their bits. */
#define INF_BITS 0x7FF0000000000000ULL

void sim_target_growth_band(sim_target *t) {
  t->band_lo = t->band_hi = NAN;
  int years = t->to - t->from;
  if (t->kind != TARGET_GROWTH || years <= 0) {
    return;
  }
  /* the least q with growth not below the set: not below is false, then true */
  uint64_t lo = 0, hi = INF_BITS;
  if (!growth_not_below(t, growth_of_ratio(from_bits(hi), years))) {
    return;
  }
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (growth_not_below(t, growth_of_ratio(from_bits(mid), years))) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  uint64_t least = lo;
  /* the greatest q with growth not above the set: true, then false */
  lo = 0, hi = INF_BITS;
  if (!growth_not_above(t, growth_of_ratio(0, years))) {
    return;
  }
  while (lo < hi) {
    uint64_t mid = hi - (hi - lo) / 2;
    if (growth_not_above(t, growth_of_ratio(from_bits(mid), years))) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  if (least <= lo) {
    t->band_lo = from_bits(least);
    t->band_hi = from_bits(lo);
  }
}

/* Growths already computed in one evaluation.  Plans often ask for the
 * growth of the same output over the same years several times (GDP growth,
 * and GDP again as the ref of every synced target), and pow() is most of
 * an evaluation's time, so each one is computed once (beyond GROWTHS_KEPT
 * different ones, again each time). */
#define GROWTHS_KEPT 8
typedef struct {
  int i, from, to; /* series index and years */
  double g[SIM_MAX_LANES];
} growth_entry;

typedef struct {
  int n;
  growth_entry item[GROWTHS_KEPT];
} growth_memo;

/* The lanes' growths of output i from one year to another, in g. */
static void memo_growth(growth_memo *m, const run_values *rv, int i, int from, int to,
                        double *g) {
  for (int k = 0; k < m->n; k++) {
    if (m->item[k].i == i && m->item[k].from == from && m->item[k].to == to) {
      memcpy(g, m->item[k].g, (size_t)rv->n * sizeof *g);
      return;
    }
  }
  growth(rv, i, from, to, g);
  if (m->n < GROWTHS_KEPT) {
    growth_entry *e = &m->item[m->n++];
    *e = (growth_entry){.i = i, .from = from, .to = to};
    memcpy(e->g, g, (size_t)rv->n * sizeof *g);
  }
}

/* The sum of output i over years (from, to], or its greatest or least
 * over [from, to], lane by lane (MODEL.md 8).  The sum leaves out `from`:
 * a plan's cumulative figure ([x] in its tables) counts the plan's years,
 * and `from` is the year before them. */
static void over_years(const sim_target *t, const run_values *rv, double *x) {
  bool sum = t->kind == TARGET_CUMULATIVE;
  const double *first = values_at(rv, t->var_index, t->from);
  for (int r = 0; r < rv->n; r++) {
    x[r] = sum ? 0 : first[r];
  }
  for (int y = t->from + 1; y <= t->to; y++) {
    const double *v = values_at(rv, t->var_index, y);
    for (int r = 0; r < rv->n; r++) {
      x[r] = sum                     ? x[r] + v[r]
             : t->kind == TARGET_MAX ? fmax(x[r], v[r])
                                     : fmin(x[r], v[r]);
    }
  }
}

/* The first year of the largest value over [from, to], lane by lane. */
static void peak_year(const sim_target *t, const run_values *rv, double *x) {
  double best[SIM_MAX_LANES];
  memcpy(best, values_at(rv, t->var_index, t->from), (size_t)rv->n * sizeof *best);
  for (int r = 0; r < rv->n; r++) {
    x[r] = t->from;
  }
  for (int y = t->from + 1; y <= t->to; y++) {
    const double *v = values_at(rv, t->var_index, y);
    for (int r = 0; r < rv->n; r++) {
      /* strictly greater: a plateau peaks in its first year */
      x[r] = v[r] > best[r] ? y : x[r];
      best[r] = fmax(best[r], v[r]);
    }
  }
}

/* The target's metric in every lane, in x. */
static void metric(const sim_target *t, const run_values *rv, growth_memo *m, double *x) {
  int i = t->var_index;
  const double *from = values_at(rv, i, t->from), *to = values_at(rv, i, t->to);
  double ref[SIM_MAX_LANES];
  switch (t->kind) {
  case TARGET_LEVEL:
    memcpy(x, to, (size_t)rv->n * sizeof *x);
    return;
  case TARGET_GROWTH:
    memo_growth(m, rv, i, t->from, t->to, x);
    return;
  case TARGET_REDUCTION: /* NaN from a zero start: no fall can be measured */
    for (int r = 0; r < rv->n; r++) {
      x[r] = from[r] != 0 ? (1 - to[r] / from[r]) * 100 : NAN;
    }
    return;
  case TARGET_SYNCED:
    memo_growth(m, rv, i, t->from, t->to, x);
    memo_growth(m, rv, t->ref_index, t->from, t->to, ref);
    for (int r = 0; r < rv->n; r++) {
      x[r] -= ref[r];
    }
    return;
  case TARGET_PEAK:
    peak_year(t, rv, x);
    return;
  default: /* cumulative, max, min */
    over_years(t, rv, x);
  }
}

bool sim_target_met(const sim_target *t, double x) {
  if (t->kind == TARGET_SYNCED) {
    return fabs(x) <= t->tol;
  }
  return t->op == TARGET_GE   ? x >= t->value
         : t->op == TARGET_LE ? x <= t->value
                              : fabs(x - t->value) <= t->tol;
}

void sim_targets_eval_lanes(const sim_targets *ts, const double *values, int count,
                            int lanes, int n, int start,
                            sim_target_result (*out)[SIM_MAX_LIST]) {
  run_values rv = {values, count, start, (size_t)lanes, n};
  growth_memo memo;
  memo.n = 0;
  for (int i = 0; i < ts->n; i++) {
    const sim_target *t = &ts->item[i];
    double x[SIM_MAX_LANES];
    metric(t, &rv, &memo, x);
    for (int r = 0; r < n; r++) {
      out[r][i] = (sim_target_result){
          x[r], t->kind == TARGET_SYNCED ? x[r] : x[r] - t->value, sim_target_met(t, x[r])};
    }
  }
}

void sim_targets_decide_lanes(const sim_targets *ts, const double *values, int count,
                              int lanes, int n, int start,
                              sim_target_result (*out)[SIM_MAX_LIST]) {
  run_values rv = {values, count, start, (size_t)lanes, n};
  growth_memo memo;
  memo.n = 0;
  for (int i = 0; i < ts->n; i++) {
    const sim_target *t = &ts->item[i];
    if (t->kind != TARGET_GROWTH) {
      double x[SIM_MAX_LANES];
      metric(t, &rv, &memo, x);
      for (int r = 0; r < n; r++) {
        out[r][i] = (sim_target_result){
            x[r], t->kind == TARGET_SYNCED ? x[r] : x[r] - t->value, sim_target_met(t, x[r])};
      }
      continue;
    }
    const double *a = values_at(&rv, t->var_index, t->from);
    const double *b = values_at(&rv, t->var_index, t->to);
    for (int r = 0; r < n; r++) {
      double q = b[r] / a[r];
      bool in = sim_growth_defined(a[r], b[r]) && q >= t->band_lo && q <= t->band_hi;
      out[r][i] = (sim_target_result){NAN, NAN, in};
    }
  }
}

int sim_targets_eval_lane(const sim_targets *ts, const double *values, int count,
                          int lanes, int start, sim_target_result *out) {
  sim_targets_eval_lanes(ts, values, count, lanes, 1, start,
                         (sim_target_result(*)[SIM_MAX_LIST])out);
  for (int i = 0; i < ts->n; i++) {
    if (isnan(out[i].result)) {
      return i;
    }
  }
  return -1;
}

int sim_targets_eval(const sim_targets *ts, const double *values, int count, int start,
                     sim_target_result *out) {
  return sim_targets_eval_lane(ts, values, count, 1, start, out);
}
