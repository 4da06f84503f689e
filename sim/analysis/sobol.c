/* sobol.c — Saltelli's design and the S1 (Saltelli 2010) and ST (Jansen
 * 1999) estimators with bootstrap intervals, following SALib's
 * sample.saltelli and analyze.sobol (calc_second_order=False). */
#include "analysis/sobol.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

/* SALib's z for a 95 % interval: norm.ppf(0.975). */
#define Z95 1.959963984540054

bool sobol_n_valid(long n) {
  return n >= 2 && (n & (n - 1)) == 0;
}

sim_status sobol_design(long n, int d, double *u) {
  if (!sobol_n_valid(n) || d < 1 || d > SOBOL_MAX_INPUTS) {
    return SIM_ERR_USAGE;
  }
  gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d));
  if (!q) {
    return SIM_ERR_NOMEM;
  }
  double p[2 * SOBOL_MAX_INPUTS];
  /* skip Sobol points 0..n-1, as SALib does; GSL's sequence starts at
   * point 1 (0.5, ...), without the origin */
  for (long i = 0; i < n - 1; i++) {
    gsl_qrng_get(q, p);
  }
  for (long i = 0; i < n; i++) {
    gsl_qrng_get(q, p);
    double *row = u + (size_t)i * (size_t)(d + 2) * (size_t)d;
    for (int k = 0; k < d + 2; k++) {
      for (int j = 0; j < d; j++) {
        /* row 0 is A, row d + 1 is B, row 1 + k' is A with column k' from B */
        bool from_b = k == d + 1 || k - 1 == j;
        row[k * d + j] = p[from_b ? d + j : j];
      }
    }
  }
  gsl_qrng_free(q);
  /* only the origin has a zero coordinate (every generator matrix of the
   * sequence is invertible) and GSL never gives it; the inverse CDFs need
   * (0, 1), so this guard costs nothing and keeps that true */
  for (long k = 0; k < sobol_runs(n, d) * d; k++) {
    if (!(u[k] > 0 && u[k] < 1)) {
      u[k] = u[k] <= 0 ? 0.5 / (double)n : 1 - 0.5 / (double)n;
    }
  }
  return SIM_OK;
}

int *sobol_resamples(long n, unsigned long seed) {
  int *r = malloc((size_t)SOBOL_RESAMPLES * (size_t)n * sizeof *r);
  gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
  if (r && g) {
    gsl_rng_set(g, seed);
    for (long k = 0; k < SOBOL_RESAMPLES * n; k++) {
      r[k] = (int)gsl_rng_uniform_int(g, (unsigned long)n);
    }
  }
  gsl_rng_free(g);
  if (!g) {
    free(r);
    return NULL;
  }
  return r;
}

/* S1 and ST of every input over the base rows rows[0..n-1] (NULL:
 * 0..n-1), in one pass: the variance of the A and B outputs (SALib's
 * np.var(np.r_[A, B])) and each input's sums together.  y is centred by
 * `centre`; first and total have room for d.  False when the variance is
 * not above zero. */
static bool pass(const double *y, long n, int d, double centre, const int *rows, double *s1,
                 double *st) {
  double sum = 0, sum2 = 0, first[SOBOL_MAX_INPUTS] = {0}, total[SOBOL_MAX_INPUTS] = {0};
  for (long k = 0; k < n; k++) {
    const double *row = y + (rows ? rows[k] : k) * (d + 2);
    double a = row[0] - centre, b = row[d + 1] - centre;
    sum += a + b;
    sum2 += a * a + b * b;
    for (int j = 0; j < d; j++) {
      double ab = row[1 + j] - centre;
      first[j] += b * (ab - a);
      total[j] += (a - ab) * (a - ab);
    }
  }
  double mean = sum / (2.0 * (double)n), v = sum2 / (2.0 * (double)n) - mean * mean;
  for (int j = 0; j < d; j++) {
    s1[j] = first[j] / (double)n / v;
    st[j] = 0.5 * total[j] / (double)n / v;
  }
  return v > 0;
}

/* The sample sd (ddof 1) of x[0..n-1]. */
static double sd(const double *x, int n) {
  double mean = 0, ss = 0;
  for (int k = 0; k < n; k++) {
    mean += x[k];
  }
  mean /= n;
  for (int k = 0; k < n; k++) {
    ss += (x[k] - mean) * (x[k] - mean);
  }
  return sqrt(ss / (n - 1));
}

bool sobol_analyze(const double *y, long n, int d, const int *resample, sobol_index *out) {
  long runs = sobol_runs(n, d);
  double mean = 0;
  for (long k = 0; k < runs; k++) {
    if (!isfinite(y[k])) {
      return false;
    }
    mean += y[k];
  }
  /* SALib standardises Y first; centring keeps B (AB - A)'s sum from
   * cancelling a large mean (the scale cancels in every ratio) */
  double centre = mean / (double)runs, s1[SOBOL_MAX_INPUTS], st[SOBOL_MAX_INPUTS];
  if (!pass(y, n, d, centre, NULL, s1, st)) {
    return false;
  }
  for (int j = 0; j < d; j++) {
    out[j].s1 = s1[j];
    out[j].st = st[j];
  }
  double s1_r[SOBOL_RESAMPLES][SOBOL_MAX_INPUTS], st_r[SOBOL_RESAMPLES][SOBOL_MAX_INPUTS];
  for (int r = 0; r < SOBOL_RESAMPLES; r++) {
    pass(y, n, d, centre, resample + (size_t)r * (size_t)n, s1_r[r], st_r[r]);
  }
  for (int j = 0; j < d; j++) {
    double a[SOBOL_RESAMPLES], b[SOBOL_RESAMPLES];
    for (int r = 0; r < SOBOL_RESAMPLES; r++) {
      a[r] = s1_r[r][j];
      b[r] = st_r[r][j];
    }
    out[j].s1_conf = Z95 * sd(a, SOBOL_RESAMPLES);
    out[j].st_conf = Z95 * sd(b, SOBOL_RESAMPLES);
  }
  return true;
}
