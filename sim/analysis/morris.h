/* morris.h — elementary-effects screening (Morris 1991, with Campolongo's
 * mu*) as SALib's sample.morris and analyze.morris compute it: r
 * trajectories of d + 1 points on a grid of p levels in the unit cube,
 * each step moving one input by delta = p / (2 (p - 1)); mu, mu*, the
 * 95 % bootstrap half-width of mu* and sigma.  Pure functions of arrays. */
#ifndef PLANSIM_MORRIS_H
#define PLANSIM_MORRIS_H

#include <stdbool.h>

#include "sim.h"

/* Bootstrap resamples of mu* (SALib's default num_resamples). */
#define MORRIS_RESAMPLES 1000

static inline long morris_runs(long r, int d) {
  return r * (d + 1);
}

/* The step on the grid, in the unit cube. */
static inline double morris_delta(int p) {
  return p / (2.0 * (p - 1));
}

/* Fills g[row * d + j], morris_runs(r, d) rows of grid points in [0, 1]
 * (levels k / (p - 1)): per trajectory a base point whose every
 * coordinate lies in [0, 1 - delta], then each input in a random order
 * moved by +delta or -delta once (Morris's B* = (J x* + delta/2 ((2B - J)
 * D* + J)) P*), drawn with a GSL generator seeded with seed.  p must be
 * even and >= 2.  Returns SIM_ERR_USAGE for a bad r, d or p. */
sim_status morris_design(long r, int d, int p, unsigned long seed, double *g);

/* Bootstrap resamples of the trajectories, shared by every quantity and
 * input: MORRIS_RESAMPLES × r trajectory numbers drawn with a GSL
 * generator seeded with seed.  Caller frees; NULL when out of memory. */
int *morris_resamples(long r, unsigned long seed);

/* One input's screening measures for one quantity. */
typedef struct {
  double mu, mu_star, mu_star_conf, sigma;
} morris_index;

/* The measures of every input from y (morris_runs(r, d) outputs in design
 * order) for the design g, into out[0..d-1], `resample` from
 * morris_resamples; the elementary effects are
 * (y(x + delta e_j) - y(x)) / delta, in output units per unit-cube step.
 * Returns false when some output is not finite or every output is the
 * same (no effect is defined). */
bool morris_analyze(const double *g, const double *y, long r, int d, int p,
                    const int *resample, morris_index *out);

#endif
