/* test_sample.c — distributions, the counter generator (and its shuffle, against
 * GSL's) and keyed permutations (LHS strata). Statistical checks use fixed seeds and
 * tolerances derived from the standard errors of the estimates (5 standard errors), not
 * guessed. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "scenario/sample.h"

#define N 400000

typedef struct {
  double mean, var, m4; /* sample mean, variance, 4th central moment */
} moments;

static moments sample_moments(const double *x, int n) {
  moments m = {0, 0, 0};
  for (int i = 0; i < n; i++) {
    m.mean += x[i];
  }
  m.mean /= n;
  for (int i = 0; i < n; i++) {
    double d = x[i] - m.mean;
    m.var += d * d;
    m.m4 += d * d * d * d;
  }
  m.var /= n - 1;
  m.m4 /= n;
  return m;
}

/* Our sampler's moments against the closed form, within 5 standard errors. */
static moments check_closed_form(const sim_dist *d, gsl_rng *r, double *x,
                                 const char *name) {
  for (int i = 0; i < N; i++) {
    x[i] = sim_dist_quantile(d, gsl_rng_uniform_pos(r));
  }
  moments m = sample_moments(x, N);
  double mean, var;
  sim_dist_moments(d, &mean, &var);
  double se_mean = sqrt(var / N), se_var = sqrt(fmax(m.m4 - m.var * m.var, 0) / N);
  if (!test_true(fabs(m.mean - mean) <= 5 * se_mean, name, __LINE__) ||
      !test_true(fabs(m.var - var) <= 5 * se_var, name, __LINE__)) {
    printf("  %s: mean %g vs %g (se %g), var %g vs %g (se %g)\n", name, m.mean, mean,
           se_mean, m.var, var, se_var);
  }
  return m;
}

/* Our sampler's mean against the mean of GSL's own sampler for the same
 * distribution: the difference of two independent means. */
static void check_against_gsl(const moments *ours, const double *gsl_samples,
                              const char *name) {
  moments g = sample_moments(gsl_samples, N);
  double se = sqrt(ours->var / N + g.var / N);
  if (!test_true(fabs(ours->mean - g.mean) <= 5 * se, name, __LINE__)) {
    printf("  %s: ours %g, GSL %g (se %g)\n", name, ours->mean, g.mean, se);
  }
}

static void distributions(void) {
  gsl_rng *r = gsl_rng_alloc(sim_rng_counter), *mt = gsl_rng_alloc(gsl_rng_mt19937);
  double *x = malloc(N * sizeof(double)), *y = malloc(N * sizeof(double));
  sim_rng_seed_run(r, 20251122, 7);
  gsl_rng_set(mt, 4171);
  sim_dist d = {SIM_DIST_NORMAL, {0.0553, 0.0081, 0, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  moments m = check_closed_form(&d, r, x, "normal");
  for (int i = 0; i < N; i++) {
    y[i] = 0.0553 + gsl_ran_gaussian(mt, 0.0081);
  }
  check_against_gsl(&m, y, "normal vs gsl_ran_gaussian");

  d = (sim_dist){SIM_DIST_LOGNORMAL, {1.37, 0.283, 0, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "lognormal");
  for (int i = 0; i < N; i++) {
    y[i] = gsl_ran_lognormal(mt, log(1.37), 0.283);
  }
  check_against_gsl(&m, y, "lognormal vs gsl_ran_lognormal");

  d = (sim_dist){SIM_DIST_UNIFORM, {0.913, 1.047, 0, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "uniform");
  for (int i = 0; i < N; i++) {
    y[i] = gsl_ran_flat(mt, 0.913, 1.047);
  }
  check_against_gsl(&m, y, "uniform vs gsl_ran_flat");

  d = (sim_dist){SIM_DIST_BETA, {2.3, 5.7, 0.41, 1.83}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "beta");
  for (int i = 0; i < N; i++) {
    y[i] = 0.41 + 1.42 * gsl_ran_beta(mt, 2.3, 5.7);
  }
  check_against_gsl(&m, y, "beta vs gsl_ran_beta");

  d = (sim_dist){SIM_DIST_TRIANGULAR, {0.8, 1.59, 1.8, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  check_closed_form(&d, r, x, "triangular");

  d = (sim_dist){SIM_DIST_TRUNCNORMAL, {0.055, 0.012, 0.04, 0.062}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "truncnormal");
  int n = 0;
  while (n < N) { /* GSL's own: rejection from gsl_ran_gaussian */
    double v = 0.055 + gsl_ran_gaussian(mt, 0.012);
    if (v >= 0.04 && v <= 0.062) {
      y[n++] = v;
    }
  }
  check_against_gsl(&m, y, "truncnormal vs rejection from gsl_ran_gaussian");

  /* a window 8 to 9 sd above the mean, where 1 - P(8) would be 0 */
  d = (sim_dist){SIM_DIST_TRUNCNORMAL, {0.0, 0.01, 0.08, 0.09}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "truncnormal, upper tail");
  for (n = 0; n < N;) { /* GSL's own: rejection from its upper-tail sampler */
    double v = gsl_ran_gaussian_tail(mt, 0.08, 0.01);
    if (v <= 0.09) {
      y[n++] = v;
    }
  }
  check_against_gsl(&m, y, "truncnormal, upper tail vs gsl_ran_gaussian_tail");

  d = (sim_dist){SIM_DIST_DISCRETE, {0}, 3, {0.04, 0.055, 0.07}, {1.3, 2.9, 0.8}};
  CHECK(sim_dist_prepare(&d) == NULL);
  m = check_closed_form(&d, r, x, "discrete");
  double w[3] = {1.3, 2.9, 0.8}, v[3] = {0.04, 0.055, 0.07};
  gsl_ran_discrete_t *table = gsl_ran_discrete_preproc(3, w);
  for (int i = 0; i < N; i++) {
    y[i] = v[gsl_ran_discrete(mt, table)];
  }
  gsl_ran_discrete_free(table);
  check_against_gsl(&m, y, "discrete vs gsl_ran_discrete");
  free(x);
  free(y);
  gsl_rng_free(r);
  gsl_rng_free(mt);
}

static void bad_parameters(void) {
  sim_dist d = {SIM_DIST_NORMAL, {0.05, 0.0, 0, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  d = (sim_dist){SIM_DIST_TRIANGULAR, {1.0, 2.0, 1.5, 0}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  d = (sim_dist){SIM_DIST_DISCRETE, {0}, 2, {1, 2}, {0, 0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  /* beta shapes outside [0.5, 50], where GSL's inverse CDF fails */
  d = (sim_dist){SIM_DIST_BETA, {0.3, 2.0, 0, 1}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  d = (sim_dist){SIM_DIST_BETA, {2.0, 60.0, 0, 1}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  d = (sim_dist){SIM_DIST_BETA, {0.5, 50.0, 0, 1}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) == NULL);
  /* a truncated normal's window 25 sd away, above or below */
  d = (sim_dist){SIM_DIST_TRUNCNORMAL, {0.0, 0.01, 0.25, 0.26}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
  d = (sim_dist){SIM_DIST_TRUNCNORMAL, {0.0, 0.01, -0.26, -0.25}, 0, {0}, {0}};
  CHECK(sim_dist_prepare(&d) != NULL);
}

/* Run i's stream depends on (seed, i) only. */
static void counter_streams(void) {
  gsl_rng *a = gsl_rng_alloc(sim_rng_counter), *b = gsl_rng_alloc(sim_rng_counter);
  sim_rng_seed_run(a, 99, 12345);
  gsl_rng_uniform(b); /* b has been used for something else first */
  sim_rng_seed_run(b, 99, 12345);
  bool same = true;
  for (int i = 0; i < 1000; i++) {
    same &= gsl_rng_get(a) == gsl_rng_get(b);
  }
  CHECK(same);
  sim_rng_seed_run(b, 99, 12346);
  CHECK(gsl_rng_get(a) != gsl_rng_get(b));
  sim_rng_seed_run(b, 100, 12345);
  sim_rng_seed_run(a, 99, 12345);
  CHECK(gsl_rng_get(a) != gsl_rng_get(b));
  double sum = 0; /* uniform: mean 1/2, sd sqrt(1/12) */
  for (int i = 0; i < N; i++) {
    sim_rng_seed_run(a, 7, (uint64_t)i);
    sum += gsl_rng_uniform(a);
  }
  CHECK(fabs(sum / N - 0.5) <= 5 * sqrt(1.0 / 12 / N));
  gsl_rng_free(a);
  gsl_rng_free(b);
}

/* sim_permute is a permutation of 0..n-1 for every n (powers of two,
 * odd sizes, one past a power of two), keys give different orders, and the
 * image of a run is uniform over keys: over K keys the share of images in
 * the lower half of 0..n-1 is 1/2 within 5 standard errors. */
static void permutations(void) {
  static const uint64_t sizes[] = {1, 2, 3, 5, 64, 1013, 4097, 10000};
  static unsigned char seen[10000];
  bool ok = true;
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    uint64_t n = sizes[k];
    memset(seen, 0, sizeof seen);
    for (uint64_t i = 0; i < n; i++) {
      uint64_t p = sim_permute(i, n, sim_key(7, k));
      ok &= p < n && seen[p]++ == 0;
    }
  }
  CHECK(ok);
  int moved = 0;
  for (uint64_t i = 0; i < 1013; i++) {
    moved += sim_permute(i, 1013, sim_key(7, 0)) != sim_permute(i, 1013, sim_key(7, 1));
  }
  CHECK(moved > 1000);
  enum { K = 20000 };
  int low = 0;
  for (uint64_t key = 0; key < K; key++) {
    low += sim_permute(17, 1013, sim_key(11, key)) < 1013 / 2;
  }
  CHECK(fabs((double)low / K - 506.0 / 1013) <= 5 * sqrt(0.25 / K));
}

/* sim_rng_shuffle leaves a column of stride 3 as gsl_ran_shuffle leaves
 * the same values side by side, from the same stream, and ends the stream
 * at the same place; for small and chunk-sized n. */
static void shuffles(void) {
  static const size_t sizes[] = {1, 2, 3, 17, 2500};
  static double want[2500], got[3 * 2500];
  gsl_rng *a = gsl_rng_alloc(sim_rng_counter), *b = gsl_rng_alloc(sim_rng_counter);
  bool ok = a && b;
  for (size_t s = 0; ok && s < sizeof sizes / sizeof sizes[0]; s++) {
    size_t n = sizes[s];
    for (size_t i = 0; i < n; i++) {
      want[i] = got[3 * i + 1] = 2.385 * (double)i - 7;
    }
    sim_rng_seed_run(a, 41, s);
    sim_rng_seed_run(b, 41, s);
    gsl_ran_shuffle(a, want, n, sizeof(double));
    sim_rng_shuffle(b, got + 1, n, 3);
    for (size_t i = 0; i < n; i++) {
      ok &= got[3 * i + 1] == want[i];
    }
    ok &= gsl_rng_get(a) == gsl_rng_get(b);
  }
  CHECK(ok);
  gsl_rng_free(a);
  gsl_rng_free(b);
}

int main(void) {
  distributions();
  bad_parameters();
  counter_streams();
  permutations();
  shuffles();
  return test_summary("test_sample");
}
