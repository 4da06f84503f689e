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

/* Output of base row i, design row k (0 A, 1 + j AB_j, d + 1 B), centred. */
typedef struct {
  const double *y;
  int d;
  double centre;
} outputs;

static double at(const outputs *o, long i, int k) {
  return o->y[i * (o->d + 2) + k] - o->centre;
}

/* The population variance of the A and B outputs of rows rows[0..n-1]
 * (rows NULL: 0..n-1), as SALib's np.var(np.r_[A, B]). */
static double variance_ab(const outputs *o, long n, const int *rows) {
  double sum = 0, sum2 = 0;
  for (long k = 0; k < n; k++) {
    long i = rows ? rows[k] : k;
    double a = at(o, i, 0), b = at(o, i, o->d + 1);
    sum += a + b;
    sum2 += a * a + b * b;
  }
  double mean = sum / (2.0 * (double)n);
  return sum2 / (2.0 * (double)n) - mean * mean;
}

/* S1 and ST of input j over rows (NULL: all), given their variance v. */
static void indices(const outputs *o, long n, const int *rows, int j, double v, double *s1,
                    double *st) {
  double first = 0, total = 0;
  for (long k = 0; k < n; k++) {
    long i = rows ? rows[k] : k;
    double a = at(o, i, 0), ab = at(o, i, 1 + j), b = at(o, i, o->d + 1);
    first += b * (ab - a);
    total += (a - ab) * (a - ab);
  }
  *s1 = first / (double)n / v;
  *st = 0.5 * total / (double)n / v;
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
  outputs o = {y, d, mean / (double)runs};
  double v = variance_ab(&o, n, NULL);
  if (!(v > 0)) {
    return false;
  }
  double v_r[SOBOL_RESAMPLES], s1_r[SOBOL_RESAMPLES], st_r[SOBOL_RESAMPLES];
  for (int r = 0; r < SOBOL_RESAMPLES; r++) {
    v_r[r] = variance_ab(&o, n, resample + (size_t)r * (size_t)n);
  }
  for (int j = 0; j < d; j++) {
    indices(&o, n, NULL, j, v, &out[j].s1, &out[j].st);
    for (int r = 0; r < SOBOL_RESAMPLES; r++) {
      indices(&o, n, resample + (size_t)r * (size_t)n, j, v_r[r], &s1_r[r], &st_r[r]);
    }
    out[j].s1_conf = Z95 * sd(s1_r, SOBOL_RESAMPLES);
    out[j].st_conf = Z95 * sd(st_r, SOBOL_RESAMPLES);
  }
  return true;
}
