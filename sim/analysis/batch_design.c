/* batch_design.c — the sampling methods (design_type, batch_design.h):
 * the uniforms behind each run's sampled inputs, made one
 * chunk of runs at a time so that memory does not grow with the number of
 * runs: Latin-hypercube strata from a keyed permutation of the run indices,
 * Sobol points, and Iman–Conover rank correlation imposed within each
 * chunk (a reordering inside a chunk keeps the column's values, so the
 * strata and the marginals stay exact). */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_design.h"
#include "core/sort.h"

#define LHS_KEY 0x5bd1e995u /* streams of the strata and their jitter */
#define IC_KEY 0x1c0a1c0au  /* streams of the Iman–Conover scores */
#define MC_KEY 0x6d635f75u  /* streams of Monte Carlo uniforms under correlations */
#define SOBOL_MAX_INPUTS 40

/* Reports a problem with the uncertainty block at its line. */
static void design_error(const sim_scenario *sc, const char *path, const char *what) {
  const config_setting_t *s = sim_scenario_setting(sc, path);
  sim_origin o =
      s ? sim_scenario_origin(sc, s) : (sim_origin){sim_scenario_file(sc, 0), 0};
  fprintf(stderr, "%s:%d: %s: %s\n", o.file, o.line, path, what);
}

/* The methods by SIM_METHOD_* (uncertainty.h). */
static const design_type *const types[] = {[SIM_METHOD_MC] = &design_mc,
                                           [SIM_METHOD_LHS] = &design_lhs,
                                           [SIM_METHOD_QMC] = &design_qmc};

sim_status design_prepare(batch_design *g, const sim_scenario *sc,
                          const sim_uncertainty *u, int method, long long seed, long runs,
                          long chunk) {
  int k = u->inputs.n;
  *g = (batch_design){.type = types[method],
                      .u = u,
                      .seed = (uint64_t)seed,
                      .runs = runs,
                      .chunk = chunk};
  g->on = k > 0 && (g->type != &design_mc || u->correlations.n > 0);
  if (!g->on) {
    return SIM_OK;
  }
  if (k > g->type->max_inputs) {
    char what[64];
    snprintf(what, sizeof what, "%s takes at most %d inputs", g->type->name,
             g->type->max_inputs);
    design_error(sc, "uncertainty.params", what);
    return SIM_ERR_INVALID;
  }
  g->target = gsl_matrix_alloc((size_t)k, (size_t)k);
  if (!g->target) {
    return SIM_ERR_NOMEM;
  }
  if (!sim_correlation_factor(u, g->target)) { /* sim_uncertainty_load checked it */
    design_error(sc, "uncertainty.correlations",
                 "the correlation matrix is not positive definite");
    return SIM_ERR_INVALID;
  }
  return SIM_OK;
}

void design_free(batch_design *g) {
  gsl_matrix_free(g->target);
  g->target = NULL;
}

sim_status design_worker_alloc(const batch_design *g, design_scratch *d) {
  if (!g->on) {
    return SIM_OK;
  }
  int k = g->u->inputs.n;
  size_t cells = (size_t)g->chunk * (size_t)k;
  d->u = malloc(cells * sizeof(double));
  d->scores = malloc(cells * sizeof(double));
  d->table = malloc((size_t)g->chunk * sizeof(double));
  d->order = malloc((size_t)g->chunk * sizeof(size_t));
  d->values = malloc((size_t)g->chunk * sizeof(double));
  d->sort_scratch = malloc(sim_sort_scratch_bytes((size_t)g->chunk));
  d->rng = gsl_rng_alloc(sim_rng_counter);
  d->e = gsl_matrix_alloc((size_t)k, (size_t)k);
  d->type = g->type;
  bool ok = d->u && d->scores && d->table && d->order && d->values && d->sort_scratch &&
            d->rng && d->e && (!g->type->alloc || g->type->alloc(d, k));
  return ok ? SIM_OK : SIM_ERR_NOMEM;
}

void design_worker_free(design_scratch *d) {
  free(d->u);
  free(d->scores);
  free(d->table);
  free(d->order);
  free(d->values);
  free(d->sort_scratch);
  gsl_rng_free(d->rng);
  gsl_matrix_free(d->e);
  if (d->type && d->type->free) {
    d->type->free(d);
  }
  memset(d, 0, sizeof *d);
}

/* Latin hypercube: run i of n takes stratum perm_j(i) of input j, from a
 * permutation keyed by the seed and j, jittered inside the stratum. */
static void lhs_rows(const batch_design *g, design_scratch *d, long first, long last) {
  int k = g->u->inputs.n;
  uint64_t seed = g->seed, n = (uint64_t)g->runs;
  uint64_t key[SIM_MAX_INPUTS];
  for (int j = 0; j < k; j++) {
    key[j] = sim_key(seed ^ LHS_KEY, (uint64_t)j);
  }
  for (long i = first; i < last; i++) {
    sim_rng_seed_run(d->rng, seed ^ LHS_KEY, (uint64_t)i);
    for (int j = 0; j < k; j++) {
      uint64_t stratum = sim_permute((uint64_t)i, n, key[j]);
      d->u[(i - first) * k + j] =
          ((double)stratum + gsl_rng_uniform_pos(d->rng)) / (double)n;
    }
  }
}

/* Sobol points: run i takes point i + 1 (point 0 is the origin), kept off
 * the edges of (0, 1).  The generator only steps forward, so a worker
 * skips the points of the chunks other workers take. */
static void sobol_rows(const batch_design *g, design_scratch *d, long first, long last) {
  int k = g->u->inputs.n;
  double point[SOBOL_MAX_INPUTS], n = (double)g->runs;
  if (d->next > first || d->next == 0) {
    gsl_qrng_init(d->sobol);
    gsl_qrng_get(d->sobol, point); /* the origin */
    d->next = 0;
  }
  for (; d->next < first; d->next++) {
    gsl_qrng_get(d->sobol, point);
  }
  for (long i = first; i < last; i++, d->next++) {
    gsl_qrng_get(d->sobol, point);
    for (int j = 0; j < k; j++) {
      d->u[(i - first) * k + j] = fmin(fmax(point[j], 0.5 / n), 1 - 0.5 / n);
    }
  }
}

/* Monte Carlo under correlations: run i's uniforms from the stream
 * (seed ^ MC_KEY, i), then reordered with the chunk (iman_conover). */
static void mc_rows(const batch_design *g, design_scratch *d, long first, long last) {
  int k = g->u->inputs.n;
  for (long i = first; i < last; i++) {
    sim_rng_seed_run(d->rng, g->seed ^ MC_KEY, (uint64_t)i);
    for (int j = 0; j < k; j++) {
      d->u[(i - first) * k + j] = gsl_rng_uniform_pos(d->rng);
    }
  }
}

/* Reorders column j of u (n rows, k columns) so that its ranks follow the
 * ranks of column j of t: the r-th smallest value goes to the row whose
 * score has rank r. */
static void match_ranks(double *u, const double *t, long n, int k, int j,
                        design_scratch *d) {
  sim_sort_index(d->order, t + j, (size_t)k, (size_t)n, d->sort_scratch);
  for (long i = 0; i < n; i++) {
    d->values[i] = u[i * k + j];
  }
  sim_sort(d->values, (size_t)n, d->sort_scratch);
  for (long r = 0; r < n; r++) {
    u[d->order[r] * (size_t)k + (size_t)j] = d->values[r];
  }
}

/* Normal scores: each column a random permutation of Phi^-1(i/(n+1)). */
static void normal_scores(design_scratch *d, long n, int k) {
  if (d->table_n != n) {
    for (long i = 0; i < n; i++) {
      d->table[i] = gsl_cdf_ugaussian_Pinv((i + 1.0) / (n + 1.0));
    }
    d->table_n = n;
  }
  for (int j = 0; j < k; j++) {
    for (long i = 0; i < n; i++) {
      d->scores[i * k + j] = d->table[i];
    }
    sim_rng_shuffle(d->rng, d->scores + j, (size_t)n, (size_t)k);
  }
}

/* The sum over the n rows of s (k columns) of s[i][a] * s[i][c]. */
static double column_dot(const double *s, long n, int k, int a, int c) {
  double sum = 0;
  for (long i = 0; i < n; i++) {
    sum += s[i * k + a] * s[i * k + c];
  }
  return sum;
}

/* Cholesky factor of the correlation matrix of the k columns of s; false
 * when the scores are degenerate.  Each sum is made once, for both halves
 * (the products commute exactly). */
static bool score_factor(const double *s, long n, int k, gsl_matrix *e) {
  double sq[SIM_MAX_INPUTS];
  for (int a = 0; a < k; a++) {
    sq[a] = column_dot(s, n, k, a, a);
  }
  for (int a = 0; a < k; a++) {
    for (int c = 0; c <= a; c++) {
      double r = (c == a ? sq[a] : column_dot(s, n, k, a, c)) / sqrt(sq[a] * sq[c]);
      gsl_matrix_set(e, (size_t)a, (size_t)c, r);
      gsl_matrix_set(e, (size_t)c, (size_t)a, r);
    }
  }
  return gsl_linalg_cholesky_decomp1(e) == GSL_SUCCESS;
}

/* Iman and Conover (1982) on the n rows of one chunk: scores with exactly
 * the target correlation, and each column of uniforms reordered to their
 * ranks.  Chunk c's scores come from the stream (seed, c).  A chunk too
 * small for its scores to have a correlation matrix (a last chunk of a few
 * runs) keeps its order. */
static void iman_conover(const batch_design *g, design_scratch *d, long chunk, long n) {
  int k = g->u->inputs.n;
  sim_rng_seed_run(d->rng, g->seed ^ IC_KEY, (uint64_t)chunk);
  normal_scores(d, n, k);
  if (n <= k || !score_factor(d->scores, n, k, d->e)) {
    return;
  }
  /* e := P Q^-1 (lower triangular), so each row of scores takes one product */
  gsl_linalg_tri_invert(CblasLower, CblasNonUnit, d->e);
  gsl_blas_dtrmm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, g->target, d->e);
  const double *e = d->e->data; /* row a at e + a * tda: no call per element */
  size_t tda = d->e->tda;
  for (long i = 0; i < n; i++) {
    double *row = d->scores + i * k, y[SIM_MAX_INPUTS];
    for (int a = 0; a < k; a++) {
      y[a] = 0;
      for (int c = 0; c <= a; c++) {
        y[a] += e[(size_t)a * tda + (size_t)c] * row[c];
      }
    }
    memcpy(row, y, (size_t)k * sizeof(double));
  }
  for (int j = 0; j < k; j++) {
    match_ranks(d->u, d->scores, n, k, j, d);
  }
}

static bool sobol_alloc(design_scratch *d, int inputs) {
  d->sobol = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)inputs);
  return d->sobol != NULL;
}

static void sobol_free(design_scratch *d) {
  if (d->sobol) {
    gsl_qrng_free(d->sobol);
    d->sobol = NULL;
  }
}

const design_type design_mc = {"mc", SIM_MAX_INPUTS, NULL, mc_rows, NULL};
const design_type design_lhs = {"lhs", SIM_MAX_INPUTS, NULL, lhs_rows, NULL};
const design_type design_qmc = {"qmc", SOBOL_MAX_INPUTS, sobol_alloc, sobol_rows,
                                sobol_free};

void design_chunk(const batch_design *g, design_scratch *d, long first, long last) {
  if (!g->on) {
    return;
  }
  g->type->fill(g, d, first, last);
  if (g->u->correlations.n > 0 && last - first > 2) {
    iman_conover(g, d, first / g->chunk, last - first);
  }
}
