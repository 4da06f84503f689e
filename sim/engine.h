/* engine.h — the simulation engine: an opaque handle that runs the models
 * of the registry year by year over one set of parameters.  No process
 * state: many engines may run at once on different threads.  Everything a
 * run needs is allocated by sim_engine_alloc; sim_engine_run allocates
 * nothing and prints nothing, so a batch can call it a million times. */
#ifndef PLANSIM_ENGINE_H
#define PLANSIM_ENGINE_H

#include "diag.h"
#include "sim.h"

typedef struct sim_engine sim_engine;

/* One output of the run's layout. */
typedef struct {
  const char *name; /* full name, "economy.gdp" */
  const char *unit, *label, *label_zh;
  double lo, hi;
  int model; /* index in the registry */
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

/* Runs every year.  params has the same list and text parts as the ones
 * the engine was built with (a batch changes only numbers).  Returns
 * SIM_OK or SIM_ERR_BOUND (then see sim_engine_violation). */
sim_status sim_engine_run(sim_engine *e, const void *const *params);

/* The batch's fast path: runs every year, then checks every value of the
 * run at once, values[k] inside [lo[k], hi[k]] for k < (n + 1) * count (NaN
 * never is), then the models' own checks.  SIM_OK when all pass; else
 * SIM_ERR_BOUND with no violation recorded: sim_engine_run finds the first
 * (its values are the same).  With the bounds of sim_engine_bounds the two
 * agree on every run; a batch narrows some to one value. */
sim_status sim_engine_run_within(sim_engine *e, const void *const *params, const double *lo,
                                 const double *hi);
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

/* Outputs: values[t * count + i] is output i in year start + t. */
int sim_engine_output_count(const sim_engine *e);
const sim_layout_entry *sim_engine_output(const sim_engine *e, int i);
const double *sim_engine_values(const sim_engine *e);
const sim_layout *sim_engine_layout(const sim_engine *e);
int sim_engine_start(const sim_engine *e);
int sim_engine_end(const sim_engine *e);

/* Value of output `name` in calendar year `year`, or NaN when either is
 * not part of the run. */
double sim_engine_value(const sim_engine *e, const char *name, int year);

#endif
