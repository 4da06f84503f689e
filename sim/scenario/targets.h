/* targets.h — plan targets (MODEL.md section 8): loading and checking them
 * against a run's outputs, and evaluating them on a run's values without
 * allocating, so a batch can score a million runs. */
#ifndef PLANSIM_TARGETS_H
#define PLANSIM_TARGETS_H

#include "core/engine.h"
#include "scenario/scenario.h"

/* True when a growth from a to b is defined: from a value above zero to
 * one not below it (a fall to 0 is -100 %/yr). */
static inline bool sim_growth_defined(double a, double b) {
  return a > 0 && b >= 0;
}

typedef enum {
  TARGET_LEVEL,
  TARGET_GROWTH,
  TARGET_CUMULATIVE,
  TARGET_REDUCTION,
  TARGET_SYNCED,
  TARGET_MAX,
  TARGET_MIN,
  TARGET_PEAK /* the year of the largest value in from..to (碳达峰: peak by `value`) */
} target_kind;

typedef enum { TARGET_GE, TARGET_LE, TARGET_NEAR } target_op;

typedef struct {
  const char *id, *var, *ref; /* owned by the scenario; ref NULL unless synced */
  const char *label, *label_zh, *source;
  int kind, op, attribute;  /* target_kind, target_op, 0 binding / 1 expected */
  int from, to;             /* calendar years, resolved from defaults */
  double value, tol;        /* tol NaN when not given */
  int var_index, ref_index; /* in the engine's layout */
  int basis;                /* sim_basis of var's output: what "met" rests on */
  /* A growth target: the ratios q = value(to) / value(from) whose growth
   * meets it are exactly [band_lo, band_hi] (NaN: none), so a run's
   * status needs no pow (sim_target_growth_band). */
  double band_lo, band_hi;
} sim_target;

typedef struct {
  int n;
  sim_target item[SIM_MAX_LIST];
} sim_targets;

/* One target's outcome in one run. */
typedef struct {
  double result, gap;
  bool met;
} sim_target_result;

/* Loads and checks the scenario's targets against the outputs of e.
 * Problems go to d (FILE:LINE: targets.[i]...); returns SIM_ERR_INVALID
 * then.  The caller owns *out (free()). */
sim_status sim_targets_load(sim_scenario *sc, const sim_engine *e, sim_diags *d,
                            sim_targets **out);

/* Evaluates every target on values[(year - start) * count + index].
 * Returns -1, or the index of the first target whose series makes it
 * undefined (growth or reduction over a zero or negative value); that
 * target's result is NaN. */
int sim_targets_eval(const sim_targets *ts, const double *values, int count, int start,
                     sim_target_result *out);
/* The same for one lane of runs side by side (engine.h): output index in
 * year at values[((year - start) * count + index) * lanes], values pointing
 * at the lane's first value. */
int sim_targets_eval_lane(const sim_targets *ts, const double *values, int count,
                          int lanes, int start, sim_target_result *out);

/* The same for runs side by side, lanes [0, n) of `lanes`: out[r] for
 * lane r, values pointing at lane 0's first value. */
void sim_targets_eval_lanes(const sim_targets *ts, const double *values, int count,
                            int lanes, int n, int start,
                            sim_target_result (*out)[SIM_MAX_LIST]);

/* Whether metric x meets target t (MODEL.md section 8's rule; reads kind,
 * op, value and tol only: discover applies it to the results a batch
 * wrote). */
bool sim_target_met(const sim_target *t, double x);

/* Sets t->band_lo and t->band_hi of a growth target (sim_targets_load
 * does, for every target it loads): by bisection over the doubles, on the
 * very expression and comparison sim_targets_eval uses, so the band's
 * decisions are eval's wherever pow is monotone in its base. */
void sim_target_growth_band(sim_target *t);

/* sim_targets_eval_lanes's met only: growth targets are decided against
 * their band (no pow) and their result and gap are NaN; other kinds as
 * eval.  For a batch that writes no per-run results (--samples none). */
void sim_targets_decide_lanes(const sim_targets *ts, const double *values, int count,
                              int lanes, int n, int start,
                              sim_target_result (*out)[SIM_MAX_LIST]);

/* Names of kinds, operators and attributes, as written in scenarios. */
extern const char *const sim_target_kinds[];
extern const char *const sim_target_ops[];
extern const char *const sim_target_attributes[];

#endif
