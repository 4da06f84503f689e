/* solve.h — target seeking: the lever values at which a target's metric
 * equals its threshold (the boundary between met and missed), found by a
 * scan of the lever's range run side by side on an engine's lanes, then
 * GSL's Brent solver on every change of met/missed (docs/solve.md). */
#ifndef PLANSIM_SOLVE_H
#define PLANSIM_SOLVE_H

#include <stdio.h>

#include "scenario/targets.h"
#include "scenario/uncertainty.h"

#define SOLVE_MAX_LEVERS 2
#define SOLVE_MAX_CROSSINGS 64
#define SOLVE_REL_TOL 1e-9 /* Brent stops at this relative width of the bracket */

/* One lever: a model setting (a number or a path) moved over [lo, hi],
 * applied as uncertainty inputs are (set, scale or shift). */
typedef struct {
  sim_input in; /* path (owned by the lever), apply and where it lives */
  double lo, hi;
  const char *text; /* as written on the command line */
} solve_lever;

/* Parses PATH=LO:HI, PATH:scale=LO:HI or PATH:shift=LO:HI into l (which
 * then owns a copy of PATH; solve_lever_clear frees it).  Returns SIM_OK,
 * SIM_ERR_USAGE (form, numbers, LO >= HI, not a number or path setting)
 * or SIM_ERR_INVALID (LO or HI outside the setting's declared bounds);
 * the message goes to err. */
sim_status solve_lever_parse(const char *text, const void *const *base, int years,
                             solve_lever *l, FILE *err);
void solve_lever_clear(solve_lever *l);

/* The evaluator: runs of the scenario with its levers at given values,
 * side by side on an engine's lanes.  Owned by the caller. */
typedef struct solve_eval solve_eval;

sim_status solve_eval_alloc(const sim_scenario *sc, const sim_targets *ts,
                            const solve_lever *levers, int nlevers, solve_eval **out);
void solve_eval_free(solve_eval *ev);

/* Evaluates n points: lever j of point k at x[k * nlevers + j]; every
 * target's metric to metric[k * ts->n + i] (NaN where the run breaks a
 * model bound, the lever puts its setting out of range, or the metric is
 * undefined).  The one function a runner needs to take over. */
void solve_eval_points(solve_eval *ev, const double *x, int n, double *metric);

/* The evaluator's levers (owned by it), how many, and its targets. */
const solve_lever *solve_eval_lever(const solve_eval *ev, int j);
int solve_eval_nlevers(const solve_eval *ev);
const sim_targets *solve_eval_targets(const solve_eval *ev);

/* Runs evaluated so far (for the benchmark and run.json). */
long solve_eval_runs(const solve_eval *ev);

/* One boundary of a target along a lever. */
typedef struct {
  double value;     /* lever value, on the met side of the final bracket */
  double metric;    /* the target's metric there */
  double threshold; /* value, or value -/+ tol for "~" and synced */
  int met_side;     /* +1: met above value, -1: met below */
} solve_crossing;

typedef struct {
  int n;             /* boundaries found, in increasing lever value */
  int met_at_lo;     /* 1 met, 0 missed at the first scan point whose run did
                        not fail; -1 when every run failed */
  int points_failed; /* scan points where the run failed */
  solve_crossing item[SOLVE_MAX_CROSSINGS];
} solve_result;

/* Scans lever `which` over [lo, hi] with `points` points (the other
 * lever, if any, held at fixed[]) and refines every change of target
 * i's met/missed with Brent to SOLVE_REL_TOL.  Returns SIM_OK or
 * SIM_ERR_NOMEM. */
sim_status solve_target(solve_eval *ev, int target, int which, const double *fixed,
                        int points, solve_result *out);

/* Along one lever: the intervals where every binding target is met.
 * ends[2k], ends[2k+1] bound interval k (LO or HI where the interval
 * reaches the range's end); limit[] the target that ends it there (-1 at
 * LO/HI).  Returns the number of intervals. */
int solve_all_binding(solve_eval *ev, int points, double *ends, int *limit, int max);

/* The target metric's threshold(s): 1 or 2 (value -/+ tol). */
int solve_thresholds(const sim_target *t, double *th);

#endif
