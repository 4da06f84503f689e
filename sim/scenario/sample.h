/* sample.h — random inputs for batches: distributions by their inverse
 * CDF (so Monte Carlo, Latin hypercube and quasi-random designs share one
 * transform), a counter-based GSL generator whose stream for run i depends
 * only on (seed, i), and keyed permutations for Latin-hypercube strata. */
#ifndef PLANSIM_SAMPLE_H
#define PLANSIM_SAMPLE_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "sim.h"

#define SIM_DIST_MAX_VALUES 32

typedef enum {
  SIM_DIST_NORMAL,      /* p = mean, sd */
  SIM_DIST_LOGNORMAL,   /* p = median, sigma (of the log) */
  SIM_DIST_UNIFORM,     /* p = min, max */
  SIM_DIST_TRIANGULAR,  /* p = min, mode, max */
  SIM_DIST_BETA,        /* p = a, b, min, max */
  SIM_DIST_TRUNCNORMAL, /* p = mean, sd, min, max */
  SIM_DIST_DISCRETE     /* values[], weights[] */
} sim_dist_kind;

typedef struct {
  sim_dist_kind kind;
  double p[4];
  int nvalues;
  double values[SIM_DIST_MAX_VALUES], cumulative[SIM_DIST_MAX_VALUES];
} sim_dist;

/* Checks the parameters of d and prepares it (discrete: normalises the
 * weights).  Returns NULL, or a static text saying what is wrong. */
const char *sim_dist_prepare(sim_dist *d);

/* The value with cumulative probability u in (0, 1). */
double sim_dist_quantile(const sim_dist *d, double u);

/* The distribution's mean and variance in closed form. */
void sim_dist_moments(const sim_dist *d, double *mean, double *variance);

/* The least and greatest values d can take (infinite for normal, and
 * above for lognormal). */
void sim_dist_support(const sim_dist *d, double *least, double *most);

/* A GSL generator type (splitmix64, 32-bit output) that costs nothing to
 * seed, so every run can have its own stream. */
extern const gsl_rng_type *sim_rng_counter;

/* Points r (of type sim_rng_counter) at the stream of run `run` under
 * `seed`: the numbers depend on (seed, run) only. */
void sim_rng_seed_run(gsl_rng *r, uint64_t seed, uint64_t run);

/* Shuffles the n doubles a[i * stride] in place, exactly as
 * gsl_ran_shuffle(r, b, n, sizeof(double)) shuffles them when contiguous
 * in b: the same draws and the same swaps, without a call per draw or a
 * byte-wise swap.  r must be of type sim_rng_counter; n < 2^32. */
void sim_rng_shuffle(gsl_rng *r, double *a, size_t n, size_t stride);

/* A key for sim_permute from a seed and a stream number. */
uint64_t sim_key(uint64_t seed, uint64_t stream);

/* The image of i under a pseudo-random permutation of 0..n-1 chosen by
 * key (a Feistel network on the next even power of two, cycle-walked into
 * range): a Latin hypercube's strata without storing them. */
uint64_t sim_permute(uint64_t i, uint64_t n, uint64_t key);

#endif
