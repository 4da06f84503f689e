/* engine.h — the simulation engine: an opaque handle that runs the models
 * of the registry year by year over one set of parameters.  No process
 * state: many engines may run at once on different threads.  Everything a
 * run needs is allocated by sim_engine_alloc; sim_engine_run allocates
 * nothing and prints nothing, so a batch can call it a million times. */
#ifndef PLANSIM_ENGINE_H
#define PLANSIM_ENGINE_H

#include <stdint.h>

#include "core/diag.h"
#include "sim.h"

typedef struct sim_engine sim_engine;

/* One output of the run's layout. */
typedef struct {
  const char *name; /* full name, "economy.gdp" */
  const char *unit, *label, *label_zh;
  double lo, hi;
  int model; /* index in the registry */
  int basis; /* sim_basis: what the value rests on */
} sim_layout_entry;

/* Why a run stopped: the first bound it broke (MODEL.md section 9). */
typedef struct {
  int year;
  const char *model, *variable; /* owned by the engine */
  double value, bound;
  const char *rule; /* static text, e.g. ">= 0" or "finite" */
} sim_violation;

/* Builds an engine for runs of `start..end` with the given parameters
 * (params[m] is the struct of registry model m; only their list and text
 * parts are read here).  Scenario problems found while linking models
 * (an indicator that follows an unknown output) go to d and make the call
 * return SIM_ERR_INVALID.  The caller owns *out. */
sim_status sim_engine_alloc(int start, int end, const void *const *params, sim_diags *d,
                            sim_engine **out);
void sim_engine_free(sim_engine *e);

/* Runs every year, one run (lanes 1).  params has the same list and text
 * parts as the ones the engine was built with (a batch changes only
 * numbers).  Returns SIM_OK or SIM_ERR_BOUND (then see
 * sim_engine_violation). */
sim_status sim_engine_run(sim_engine *e, const void *const *params);

/* As sim_engine_alloc, with room for up to `lanes` runs side by side
 * (sim_engine_run_lanes), 1 <= lanes <= SIM_MAX_LANES. */
sim_status sim_engine_alloc_lanes(int start, int end, const void *const *params,
                                  int lanes, sim_diags *d, sim_engine **out);

/* The batch's fast path: `lanes` runs side by side (sim.h), params[m]
 * pointing at model m's parameters of lane 0 and lane r's strides[m] * r
 * bytes further (0: every lane has the same).  Computes every year, then
 * checks every value against lo[s] <= value <= hi[s] for each series s =
 * t * count + i (NaN never is; lo[s] == hi[s] asks for that value) with
 * the bounds of sim_engine_set_check (at first sim_engine_bounds'), then
 * the models' own checks.  Returns the lanes that pass, bit r for lane r;
 * a lane that does not records no violation: sim_engine_run on its
 * parameters finds it (its values are the same).  Afterwards values are
 * laid out by lane, values[s * lanes + r], until the next sim_engine_run. */
uint64_t sim_engine_run_lanes(sim_engine *e, const void *const *params,
                              const size_t *strides, int lanes);
/* The bounds sim_engine_run_lanes checks every value against, (n + 1) *
 * count of each (copied). */
void sim_engine_set_check(sim_engine *e, const double *lo, const double *hi);
/* The output bounds of every year, (n + 1) * count values each, narrowed
 * to finite numbers (so that inside also means finite). */
void sim_engine_bounds(const sim_engine *e, double *lo, double *hi);

/* Runs the base year only, then one year per call of sim_engine_step;
 * tests use these to look at a run year by year. */
sim_status sim_engine_begin(sim_engine *e, const void *const *params);
sim_status sim_engine_step(sim_engine *e, const void *const *params);
/* Years computed so far (1 after begin, n+1 after a full run). */
int sim_engine_years_done(const sim_engine *e);

/* The first bound broken by the last run. */
const sim_violation *sim_engine_violation(const sim_engine *e);

/* Outputs: values[t * count + i] is output i in year start + t (times
 * lanes plus the lane after sim_engine_run_lanes). */
int sim_engine_output_count(const sim_engine *e);
const sim_layout_entry *sim_engine_output(const sim_engine *e, int i);
const double *sim_engine_values(const sim_engine *e);
const sim_layout *sim_engine_layout(const sim_engine *e);
int sim_engine_start(const sim_engine *e);
int sim_engine_end(const sim_engine *e);

/* Value of output `name` in calendar year `year` of the last single run,
 * or NaN when either is not part of the run. */
double sim_engine_value(const sim_engine *e, const char *name, int year);

#endif
