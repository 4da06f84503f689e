/* uncertainty.h — the scenario's `uncertainty` group read by batches:
 * design (method, samples, seed), the sampled inputs (a model setting, a
 * distribution and how the sample applies) and rank correlations. */
#ifndef PLANSIM_UNCERTAINTY_H
#define PLANSIM_UNCERTAINTY_H

#include <gsl/gsl_matrix.h>

#include "core/engine.h"
#include "scenario/sample.h"
#include "scenario/scenario.h"

#define SIM_MAX_INPUTS 32

enum { SIM_METHOD_MC, SIM_METHOD_LHS, SIM_METHOD_QMC };
/* How a value x applies to a setting: set x, scale by x, shift by x, or
 * (rate) grow from the setting's base-year value at x per year, v0 (1+x)^t. */
enum { SIM_APPLY_SET, SIM_APPLY_SCALE, SIM_APPLY_SHIFT, SIM_APPLY_RATE };

/* One sampled input, as written and as resolved. */
typedef struct {
  const char *path; /* "economy.growth"; owned by the scenario */
  int apply, dist;
  double mean, sd, median, sigma, min, max, mode, a, b; /* NaN when not given */
  double values[SIM_DIST_MAX_VALUES], weights[SIM_DIST_MAX_VALUES];
  int nvalues, nweights;
  /* resolved */
  sim_dist law;
  int model;   /* registry index */
  size_t offset; /* of the double or sim_path in the model's parameters */
  bool is_path;
  double lo, hi; /* the setting's range, inclusive (every year of a path) */
  bool always_inside; /* every value of the law keeps the setting in range */
} sim_input;

typedef struct {
  const char *a, *b; /* input paths */
  double rho;        /* rank correlation */
  int ia, ib;        /* input indices */
} sim_correlation;

typedef struct {
  int method, samples, seed;
  struct {
    int n;
    sim_input item[SIM_MAX_INPUTS];
  } inputs;
  struct {
    int n;
    sim_correlation item[SIM_MAX_LIST];
  } correlations;
} sim_uncertainty;

/* Loads and checks the uncertainty group (absent: no inputs).  Problems go
 * to d with file and line; returns SIM_ERR_INVALID then.  Caller frees
 * *out with free(). */
sim_status sim_uncertainty_load(sim_scenario *sc, sim_diags *d, sim_uncertainty **out);

/* Finds the model setting in->path names (a real or a path) and fills
 * model, offset, is_path and the setting's range; false when there is
 * none. */
bool sim_input_resolve(sim_input *in);

/* Writes input i's sampled value x into the model parameters `params`
 * (copies of the scenario's), from the scenario's own values `base`;
 * false when x is NaN or a value written is outside the setting's range
 * (it is written all the same). */
bool sim_input_apply(const sim_input *in, double x, void *const *params,
                     const void *const *base, int years);

/* The first year t (0 for a number) in which input in, applied as x,
 * puts its setting outside its range, and the value it puts there;
 * -1 when none does. */
int sim_input_outside(const sim_input *in, double x, const void *const *base, int years,
                      double *value);

/* The Cholesky factor of the normal-score correlation matrix the rank
 * correlations ask for (rho read as 2 sin(pi rho / 6)), in c (inputs x
 * inputs); false when it is not positive definite. */
bool sim_correlation_factor(const sim_uncertainty *u, gsl_matrix *c);

/* True when a sampled input is a setting of registry model `model`: its
 * outputs may then move from run to run.  (A path target whose model no
 * input touches has the same result in every run: its p_met is no
 * finding.) */
bool sim_uncertainty_touches(const sim_uncertainty *u, int model);

extern const char *const sim_methods[];
extern const char *const sim_applies[]; /* the apply words, NULL-terminated */

#endif
