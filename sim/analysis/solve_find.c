/* solve_find.c — the search of `plansim solve`: a scan of the lever's
 * range (the response may be kinked or flat where the water rule curtails,
 * so no monotony is assumed), then GSL's Brent solver on every pair of
 * neighbouring scan points where the target turns from met to missed. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/solve.h"

#define BRENT_MAX_ITER 200

int solve_thresholds(const sim_target *t, double *th) {
  if (t->kind == TARGET_SYNCED) {
    th[0] = -t->tol;
    th[1] = t->tol;
    return 2;
  }
  if (t->op == TARGET_NEAR) {
    th[0] = t->value - t->tol;
    th[1] = t->value + t->tol;
    return 2;
  }
  th[0] = t->value;
  return 1;
}

/* One line through the lever space: lever `which` moves, the other (if
 * any) stays at fixed[]. */
typedef struct {
  solve_eval *ev;
  const sim_targets *ts;
  int nlevers, which;
  double fixed[SOLVE_MAX_LEVERS];
} line;

/* Every target's metric at lever value v on the line. */
static void metrics_at(const line *ln, double v, double *metric) {
  double x[SOLVE_MAX_LEVERS];
  memcpy(x, ln->fixed, sizeof x);
  x[ln->which] = v;
  solve_eval_points(ln->ev, x, 1, metric);
}

/* The scan: points values of the lever from lo to hi, and every target's
 * metric at each (points * ts->n).  Returns NULL when out of memory. */
static double *scan(const line *ln, double lo, double hi, int points, double *v) {
  int nl = ln->nlevers, nt = ln->ts->n;
  double *x = malloc((size_t)points * (size_t)nl * sizeof *x);
  double *metric = malloc((size_t)points * (size_t)nt * sizeof *metric);
  if (!x || !metric) {
    free(x);
    free(metric);
    return NULL;
  }
  for (int k = 0; k < points; k++) {
    /* the last point exactly HI (lo + k step may round past it) */
    v[k] = k == points - 1 ? hi : lo + (hi - lo) * k / (points - 1);
    memcpy(x + (size_t)k * (size_t)nl, ln->fixed, (size_t)nl * sizeof *x);
    x[(size_t)k * (size_t)nl + (size_t)ln->which] = v[k];
  }
  solve_eval_points(ln->ev, x, points, metric);
  free(x);
  return metric;
}

/* 1 met, 0 missed, -1 undefined (the run failed). */
static int status_of(const sim_target *t, double metric) {
  return isnan(metric) ? -1 : sim_target_met(t, metric);
}

/* What Brent solves: the distance of the metric from the threshold,
 * negative on the met side (so a metric that sits on the threshold on a
 * whole stretch, as water.over_cap at 0, still changes sign where it
 * leaves it), NaN where the run fails. */
typedef struct {
  const line *ln;
  int target;
  double threshold;
  double *scratch; /* ts->n metrics */
} edge;

static double edge_fn(double v, void *p) {
  const edge *e = p;
  metrics_at(e->ln, v, e->scratch);
  double x = e->scratch[e->target];
  const sim_target *t = &e->ln->ts->item[e->target];
  if (isnan(x)) {
    return NAN;
  }
  double gap = fabs(x - e->threshold);
  return sim_target_met(t, x) ? -(gap > 0 ? gap : 1e-300) : (gap > 0 ? gap : 1e-300);
}

/* Refines the boundary of target i between scan values a < b whose
 * statuses differ (met_a: met at a); missed_metric is the metric on the
 * missed side, which says which threshold of a "~" target is crossed. */
static solve_crossing refine(const line *ln, int i, double a, double b, bool met_a,
                             double missed_metric, double *scratch) {
  const sim_target *t = &ln->ts->item[i];
  double th[2];
  int nth = solve_thresholds(t, th);
  edge e = {ln, i, nth == 2 && missed_metric > th[1] ? th[1] : th[0], scratch};
  gsl_function f = {edge_fn, &e};
  gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  double lower = a, upper = b;
  if (s && gsl_root_fsolver_set(s, &f, a, b) == GSL_SUCCESS) {
    for (int it = 0; it < BRENT_MAX_ITER; it++) {
      if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) {
        break; /* a failed run inside the bracket: keep the bracket so far */
      }
      lower = gsl_root_fsolver_x_lower(s);
      upper = gsl_root_fsolver_x_upper(s);
      if (gsl_root_test_interval(lower, upper, 1e-300, SOLVE_REL_TOL) == GSL_SUCCESS) {
        break;
      }
    }
  }
  gsl_root_fsolver_free(s);
  solve_crossing c = {met_a ? lower : upper, NAN, e.threshold, met_a ? -1 : +1};
  metrics_at(ln, c.value, scratch);
  c.metric = scratch[i];
  return c;
}

/* The crossings of target i along the scan (v, metric). */
static void crossings(const line *ln, int i, const double *v, const double *metric,
                      int points, solve_result *out, double *scratch) {
  int nt = ln->ts->n;
  const sim_target *t = &ln->ts->item[i];
  out->n = 0;
  out->points_failed = 0;
  out->met_at_lo = -1;
  for (int k = 0; k < points; k++) {
    int here = status_of(t, metric[(size_t)k * (size_t)nt + (size_t)i]);
    out->points_failed += here < 0;
    if (out->met_at_lo < 0) { /* the first point that did not fail */
      out->met_at_lo = here;
    }
    if (k == 0 || here < 0) {
      continue;
    }
    int before = status_of(t, metric[(size_t)(k - 1) * (size_t)nt + (size_t)i]);
    if (before >= 0 && before != here && out->n < SOLVE_MAX_CROSSINGS) {
      double missed = metric[(size_t)(before ? k : k - 1) * (size_t)nt + (size_t)i];
      out->item[out->n++] = refine(ln, i, v[k - 1], v[k], before == 1, missed, scratch);
    }
  }
}

/* The line of lever `which` with the other lever at fixed[]. */
static line make_line(solve_eval *ev, const sim_targets *ts, int nlevers, int which,
                      const double *fixed) {
  line ln = {ev, ts, nlevers, which, {0}};
  for (int j = 0; fixed && j < nlevers; j++) {
    ln.fixed[j] = fixed[j];
  }
  return ln;
}

/* What solve_target and solve_all_binding share: the line and its scan. */
typedef struct {
  line ln;
  double *v, *metric, *scratch;
} scanned;

static sim_status scan_line(scanned *s, double lo, double hi, int points) {
  s->v = malloc((size_t)points * sizeof *s->v);
  s->scratch = malloc((size_t)s->ln.ts->n * sizeof *s->scratch + 1);
  s->metric = s->v && s->scratch ? scan(&s->ln, lo, hi, points, s->v) : NULL;
  return s->metric ? SIM_OK : SIM_ERR_NOMEM;
}

static void scanned_free(scanned *s) {
  free(s->v);
  free(s->metric);
  free(s->scratch);
}

sim_status solve_target(solve_eval *ev, int target, int which, const double *fixed,
                        int points, solve_result *out) {
  const solve_lever *l = solve_eval_lever(ev, which);
  scanned s = {make_line(ev, solve_eval_targets(ev), solve_eval_nlevers(ev), which, fixed),
               NULL, NULL, NULL};
  sim_status st = scan_line(&s, l->lo, l->hi, points);
  if (st == SIM_OK) {
    crossings(&s.ln, target, s.v, s.metric, points, out, s.scratch);
  }
  scanned_free(&s);
  return st;
}

/* 1 when every binding target is met at scan point k, 0 when one is
 * missed, -1 when the run failed. */
static int all_met(const sim_targets *ts, const double *metric, int k) {
  int all = 1;
  for (int i = 0; i < ts->n; i++) {
    double x = metric[(size_t)k * (size_t)ts->n + (size_t)i];
    if (isnan(x)) {
      return -1;
    }
    all &= ts->item[i].attribute != 0 || sim_target_met(&ts->item[i], x);
  }
  return all;
}

/* Where between scan points k-1 and k the all-binding set ends: the
 * crossing of a binding target that changes there nearest the met point. */
static double interval_end(const scanned *s, int k, bool met_before, int *limit) {
  const sim_targets *ts = s->ln.ts;
  int met_k = met_before ? k - 1 : k, miss_k = met_before ? k : k - 1;
  double best = met_before ? s->v[k] : s->v[k - 1];
  *limit = -1;
  for (int i = 0; i < ts->n; i++) {
    const sim_target *t = &ts->item[i];
    double xm = s->metric[(size_t)met_k * (size_t)ts->n + (size_t)i];
    double xx = s->metric[(size_t)miss_k * (size_t)ts->n + (size_t)i];
    if (t->attribute != 0 || !sim_target_met(t, xm) || sim_target_met(t, xx)) {
      continue;
    }
    solve_crossing c = refine(&s->ln, i, s->v[k - 1], s->v[k], met_before, xx, s->scratch);
    if (*limit < 0 || (met_before ? c.value < best : c.value > best)) {
      best = c.value;
      *limit = i;
    }
  }
  return best;
}

int solve_all_binding(solve_eval *ev, int points, double *ends, int *limit, int max) {
  const solve_lever *l = solve_eval_lever(ev, 0);
  scanned s = {make_line(ev, solve_eval_targets(ev), solve_eval_nlevers(ev), 0, NULL), NULL,
               NULL, NULL};
  int n = 0;
  if (scan_line(&s, l->lo, l->hi, points) != SIM_OK) {
    scanned_free(&s);
    return -1;
  }
  int before = -1;
  for (int k = 0; k < points; k++) {
    int here = all_met(s.ln.ts, s.metric, k);
    if (here == 1 && before != 1 && n < max) { /* an interval opens */
      ends[2 * n] = before == 0 ? interval_end(&s, k, false, &limit[2 * n]) : s.v[k];
      limit[2 * n] = before == 0 ? limit[2 * n] : -1;
      ends[2 * n + 1] = l->hi;
      limit[2 * n + 1] = -1;
      n++;
    } else if (here != 1 && before == 1) { /* it closes */
      ends[2 * n - 1] = here == 0 ? interval_end(&s, k, true, &limit[2 * n - 1]) : s.v[k - 1];
      limit[2 * n - 1] = here == 0 ? limit[2 * n - 1] : -1;
    }
    before = here;
  }
  scanned_free(&s);
  return n;
}
