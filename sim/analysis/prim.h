/* prim.h — scenario discovery with PRIM (Friedman and Fisher's patient
 * rule induction) as the EMA Workbench runs it: from the box holding every
 * sample, peel off an alpha quantile of one input at a time (the peel that
 * raises the share of cases of interest most per sample removed:
 * the Workbench's "lenient1" objective), down to a least mass, then paste
 * back while that raises the share; the trajectory of boxes with their
 * coverage, density and mass, and the box chosen from it.  Pure functions
 * of arrays. */
#ifndef PLANSIM_PRIM_H
#define PLANSIM_PRIM_H

#include <stdbool.h>

#include "sim.h"

typedef struct {
  double peel_alpha;  /* 0.05 */
  double paste_alpha; /* 0.05 */
  double mass_min;    /* 0.05: no box holds fewer than this share of samples */
  double min_density; /* the chosen box: largest coverage with at least this density */
} prim_options;

/* One box of the trajectory. */
typedef struct {
  double coverage; /* cases of interest in the box / all cases of interest */
  double density;  /* cases of interest in the box / samples in the box */
  double mass;     /* samples in the box / all samples */
  int restricted;  /* inputs whose limits are inside the sampled range */
} prim_point;

typedef struct {
  int d, steps;
  prim_point *point; /* steps: 0 is the whole sampled box, then peels, then pastes */
  double *lower, *upper; /* steps * d: box k's limits on input j at k * d + j */
  const double *lo0, *hi0; /* the sampled range (lower, upper of box 0) */
  int chosen;   /* the box of largest coverage whose density is >= min_density,
                   else the densest */
  bool reached; /* the chosen box's density is >= min_density */
} prim_result;

/* The Workbench's quantile (after sdtoolkit) of sorted[0..n-1], n >= 1:
 * the mean of the two order statistics around (n - 1) q, moved outwards
 * past ties, so that a peel at it removes at least one value. */
double prim_quantile(const double *sorted, long n, double q);

/* Runs PRIM on n samples of d inputs, x[i * d + j], with coi[i] true for
 * a case of interest.  Needs at least one case of interest.  The caller
 * frees *out with prim_free.  Returns SIM_ERR_USAGE (no case of interest,
 * n < 2, d < 1) or SIM_ERR_NOMEM. */
sim_status prim_find(const double *x, const bool *coi, long n, int d, const prim_options *o,
                     prim_result **out);

/* True when box k restricts input j. */
bool prim_restricts(const prim_result *r, int k, int j);

void prim_free(prim_result *r);

#endif
