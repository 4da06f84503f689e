/* sobol.h — variance-based global sensitivity (Sobol indices) as SALib
 * computes them with calc_second_order=False: Saltelli's design on GSL's
 * Sobol sequence (N base rows, N·(d+2) runs), Saltelli (2010)'s estimator
 * of the first-order index S1, Jansen's of the total index ST, and 95 %
 * bootstrap half-widths.  Pure functions of arrays: no engine here. */
#ifndef PLANSIM_SOBOL_H
#define PLANSIM_SOBOL_H

#include <stdbool.h>

#include "sim.h"

/* GSL's Sobol generator has 40 dimensions; the design takes 2d of them. */
#define SOBOL_MAX_INPUTS 20
/* Bootstrap resamples (SALib's default num_resamples). */
#define SOBOL_RESAMPLES 100

/* Runs of a design of n base rows on d inputs: n (d + 2). */
static inline long sobol_runs(long n, int d) {
  return n * (d + 2);
}

/* True when n is a power of two >= 2 (the design's balance needs it). */
bool sobol_n_valid(long n);

/* Fills u[row * d + j], sobol_runs(n, d) rows of uniforms in (0, 1), in
 * SALib's order: per base row i, A_i, then AB_i^(1..d) (A_i with input k
 * taken from B_i), then B_i; A and B are the two halves of point
 * n + i of the 2d-dimensional Sobol sequence (points 0..n-1, the origin
 * first, skipped as SALib does: points n..2n-1 are a balanced net).  Returns SIM_ERR_USAGE for an
 * n that is not a power of two or d outside 1..SOBOL_MAX_INPUTS,
 * SIM_ERR_NOMEM. */
sim_status sobol_design(long n, int d, double *u);

/* One input's indices for one quantity; conf = half-width of the 95 %
 * bootstrap interval (1.96 × the resamples' sd, as SALib). */
typedef struct {
  double s1, s1_conf, st, st_conf;
} sobol_index;

/* Bootstrap resample rows, shared by every quantity so that all are
 * resampled alike: SOBOL_RESAMPLES × n base-row numbers drawn with a
 * seeded GSL generator.  Caller frees with free(); NULL when out of
 * memory. */
int *sobol_resamples(long n, unsigned long seed);

/* The indices of every input from y (sobol_runs(n, d) outputs in design
 * order) into out[0..d-1]; `resample` from sobol_resamples.  Returns false
 * (out untouched) when the variance of the A and B outputs is zero or
 * some output is not finite: no index is defined then. */
bool sobol_analyze(const double *y, long n, int d, const int *resample, sobol_index *out);

#endif
