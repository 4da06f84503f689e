/* morris.c — Morris trajectories and their elementary effects, as SALib
 * (sample/morris, analyze/morris: mu* interval from 1000 bootstrap
 * resamples of the effects, z = 1.96; sigma with ddof 1). */
#include "analysis/morris.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#define Z95 1.959963984540054

/* One trajectory of d + 1 rows from g. */
static void trajectory(gsl_rng *rng, int d, int p, double *g) {
  double delta = morris_delta(p);
  int order[64];
  bool up[64];
  /* base levels 0..p/2 - 1: then x + delta stays on the grid, in [0, 1] */
  for (int j = 0; j < d; j++) {
    double base = (double)gsl_rng_uniform_int(rng, (unsigned long)(p / 2)) / (p - 1);
    up[j] = gsl_rng_uniform_int(rng, 2) == 0;
    g[j] = up[j] ? base : base + delta; /* a step down starts a delta higher */
    order[j] = j;
  }
  gsl_ran_shuffle(rng, order, (size_t)d, sizeof order[0]);
  for (int k = 1; k <= d; k++) {
    double *row = g + (size_t)k * (size_t)d;
    for (int j = 0; j < d; j++) {
      row[j] = row[j - d];
    }
    int j = order[k - 1];
    row[j] += up[j] ? delta : -delta;
  }
}

sim_status morris_design(long r, int d, int p, unsigned long seed, double *g) {
  if (r < 2 || d < 1 || d > 64 || p < 2 || p % 2) {
    return SIM_ERR_USAGE;
  }
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rng) {
    return SIM_ERR_NOMEM;
  }
  gsl_rng_set(rng, seed);
  for (long t = 0; t < r; t++) {
    trajectory(rng, d, p, g + (size_t)t * (size_t)(d + 1) * (size_t)d);
  }
  gsl_rng_free(rng);
  return SIM_OK;
}

/* The elementary effects of trajectory t, ee[j] for input j. */
static void effects(const double *g, const double *y, long t, int d, double delta,
                    double *ee) {
  const double *rows = g + (size_t)t * (size_t)(d + 1) * (size_t)d;
  const double *out = y + (size_t)t * (size_t)(d + 1);
  for (int k = 0; k < d; k++) {
    const double *a = rows + (size_t)k * (size_t)d, *b = a + d;
    for (int j = 0; j < d; j++) {
      if (a[j] != b[j]) { /* the input that moved in step k */
        double change = out[k + 1] - out[k];
        ee[j] = (b[j] > a[j] ? change : -change) / delta;
      }
    }
  }
}

int *morris_resamples(long r, unsigned long seed) {
  int *k = malloc((size_t)MORRIS_RESAMPLES * (size_t)r * sizeof *k);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (k && rng) {
    gsl_rng_set(rng, seed);
    for (long i = 0; i < MORRIS_RESAMPLES * r; i++) {
      k[i] = (int)gsl_rng_uniform_int(rng, (unsigned long)r);
    }
  }
  gsl_rng_free(rng);
  if (!rng) {
    free(k);
    return NULL;
  }
  return k;
}

/* 1.96 × the sd of mu* over bootstrap resamples of the r effects e[t]. */
static double mu_star_conf(const double *e, long r, const int *resample) {
  double sum = 0, sum2 = 0;
  for (int k = 0; k < MORRIS_RESAMPLES; k++) {
    const int *pick = resample + (size_t)k * (size_t)r;
    double m = 0;
    for (long t = 0; t < r; t++) {
      m += fabs(e[pick[t]]);
    }
    m /= (double)r;
    sum += m;
    sum2 += m * m;
  }
  double mean = sum / MORRIS_RESAMPLES;
  double var = (sum2 - MORRIS_RESAMPLES * mean * mean) / (MORRIS_RESAMPLES - 1);
  return Z95 * sqrt(var > 0 ? var : 0);
}

static void measures(const double *e, long r, const int *resample, morris_index *out) {
  double mu = 0, mu_star = 0, ss = 0;
  for (long t = 0; t < r; t++) {
    mu += e[t];
    mu_star += fabs(e[t]);
  }
  mu /= (double)r;
  mu_star /= (double)r;
  for (long t = 0; t < r; t++) {
    ss += (e[t] - mu) * (e[t] - mu);
  }
  out->mu = mu;
  out->mu_star = mu_star;
  out->sigma = sqrt(ss / (double)(r - 1));
  out->mu_star_conf = mu_star_conf(e, r, resample);
}

/* True when every y is finite and not all are equal. */
static bool varies(const double *y, long n) {
  bool differs = false;
  for (long k = 0; k < n; k++) {
    if (!isfinite(y[k])) {
      return false;
    }
    differs |= y[k] != y[0];
  }
  return differs;
}

bool morris_analyze(const double *g, const double *y, long r, int d, int p,
                    const int *resample, morris_index *out) {
  if (!varies(y, morris_runs(r, d))) {
    return false;
  }
  double *ee = malloc((size_t)r * (size_t)d * sizeof *ee), *e = malloc((size_t)r * sizeof *e);
  bool ok = ee && e;
  if (ok) {
    for (long t = 0; t < r; t++) {
      effects(g, y, t, d, morris_delta(p), ee + (size_t)t * (size_t)d);
    }
    for (int j = 0; j < d; j++) {
      for (long t = 0; t < r; t++) {
        e[t] = ee[(size_t)t * (size_t)d + (size_t)j];
      }
      measures(e, r, resample, &out[j]);
    }
  }
  free(ee);
  free(e);
  return ok;
}
