/* batch_setup.c — setting up a batch: per-thread workers, the design of
 * uniforms (Latin hypercube, Sobol points, Iman–Conover rank correlation),
 * and merging chunks in run order. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <time.h>

#include "../models/economy.h"
#include "batch_internal.h"
#include "registry.h"

void text_printf(text_buf *t, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->data ? t->data + t->len : NULL, t->data ? t->cap - t->len : 0, fmt, ap);
    va_end(ap);
    if (n >= 0 && t->data && t->len + (size_t)n < t->cap) {
      t->len += (size_t)n;
      return;
    }
    size_t cap = t->cap ? 2 * t->cap : 1 << 16;
    char *grown = realloc(t->data, cap);
    if (!grown || n < 0) {
      return; /* out of memory: the row is lost, the batch reports no error */
    }
    t->data = grown;
    t->cap = cap;
  }
}

static sim_status alloc_worker(batch *b, worker *w) {
  for (int m = 0; m < sim_nmodels; m++) {
    w->params[m] = malloc(sim_models[m]->params_size);
    if (!w->params[m]) {
      return SIM_ERR_NOMEM;
    }
    memcpy(w->params[m], b->base[m], sim_models[m]->params_size);
  }
  sim_diags *d = sim_diags_alloc();
  sim_status st = sim_engine_alloc(b->start, b->start + b->years - 1,
                                   (const void *const *)w->params, d, &w->engine);
  sim_diags_free(d);
  w->rng = gsl_rng_alloc(sim_rng_counter);
  if (b->opts->runs > b->pilot) {
    w->histogram = calloc((size_t)b->series * HIST_STRIDE, sizeof(uint32_t));
    w->bins = malloc((size_t)b->series * (size_t)b->bin_stride * sizeof(uint16_t));
    w->row = malloc((size_t)b->series * sizeof(uint16_t));
  }
  bool ok = w->rng && (b->opts->runs <= b->pilot || (w->histogram && w->bins && w->row));
  return st != SIM_OK ? st : ok ? SIM_OK : SIM_ERR_NOMEM;
}

typedef struct {
  double v;
  long i;
} ranked;

static int by_value(const void *a, const void *b) {
  double x = ((const ranked *)a)->v, y = ((const ranked *)b)->v;
  return x < y ? -1 : x > y;
}

static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Reorders column j of u (n rows, k columns) so that its ranks follow the
 * ranks of column j of t: the r-th smallest value goes to the row whose
 * score has rank r. */
static void match_ranks(double *u, const double *t, long n, int k, int j, ranked *order,
                        double *values) {
  for (long i = 0; i < n; i++) {
    values[i] = u[i * k + j];
    order[i] = (ranked){t[i * k + j], i};
  }
  qsort(order, (size_t)n, sizeof *order, by_value);
  qsort(values, (size_t)n, sizeof *values, by_double);
  for (long r = 0; r < n; r++) {
    u[order[r].i * k + j] = values[r];
  }
}

/* Normal scores: each column a random permutation of Phi^-1(i/(n+1)). */
static void normal_scores(double *s, long n, int k, gsl_rng *r, long *perm) {
  for (int j = 0; j < k; j++) {
    for (long i = 0; i < n; i++) {
      perm[i] = i;
    }
    gsl_ran_shuffle(r, perm, (size_t)n, sizeof *perm);
    for (long i = 0; i < n; i++) {
      s[i * k + j] = gsl_cdf_ugaussian_Pinv((perm[i] + 1.0) / (n + 1.0));
    }
  }
}

/* Cholesky factor of the correlation matrix of the k columns of s. */
static int score_correlation(const double *s, long n, int k, gsl_matrix *e) {
  for (int a = 0; a < k; a++) {
    for (int c = 0; c < k; c++) {
      double sum = 0, sa = 0, sc = 0;
      for (long i = 0; i < n; i++) {
        sum += s[i * k + a] * s[i * k + c];
        sa += s[i * k + a] * s[i * k + a];
        sc += s[i * k + c] * s[i * k + c];
      }
      gsl_matrix_set(e, (size_t)a, (size_t)c, sum / sqrt(sa * sc));
    }
  }
  return gsl_linalg_cholesky_decomp1(e);
}

/* Iman and Conover (1982): scores with exactly the target correlation
 * (rank correlation rho read as the normal-score correlation
 * 2 sin(pi rho / 6)), and the design's columns reordered to their ranks. */
static sim_status iman_conover(batch *b, gsl_matrix *target, gsl_rng *r) {
  long n = b->opts->runs;
  int k = b->u->inputs.n;
  double *s = malloc((size_t)n * (size_t)k * sizeof(double));
  long *perm = malloc((size_t)n * sizeof(long));
  ranked *order = malloc((size_t)n * sizeof(ranked));
  double *values = malloc((size_t)n * sizeof(double));
  gsl_matrix *e = gsl_matrix_alloc((size_t)k, (size_t)k);
  gsl_vector *row = gsl_vector_alloc((size_t)k);
  sim_status st = s && perm && order && values && e && row ? SIM_OK : SIM_ERR_NOMEM;
  if (st == SIM_OK) {
    normal_scores(s, n, k, r, perm);
    st = score_correlation(s, n, k, e) ? SIM_ERR_INVALID : SIM_OK;
  }
  for (long i = 0; st == SIM_OK && i < n; i++) {
    for (int j = 0; j < k; j++) {
      gsl_vector_set(row, (size_t)j, s[i * k + j]);
    }
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, e, row);      /* Q^-1 s */
    gsl_blas_dtrmv(CblasLower, CblasNoTrans, CblasNonUnit, target, row); /* P y */
    for (int j = 0; j < k; j++) {
      s[i * k + j] = gsl_vector_get(row, (size_t)j);
    }
  }
  for (int j = 0; st == SIM_OK && j < k; j++) {
    match_ranks(b->design, s, n, k, j, order, values);
  }
  free(s);
  free(perm);
  free(order);
  free(values);
  gsl_matrix_free(e);
  gsl_vector_free(row);
  return st;
}

/* The target correlation's Cholesky factor; false when it is not
 * positive definite. */
static bool target_factor(const sim_uncertainty *u, gsl_matrix *c) {
  gsl_matrix_set_identity(c);
  for (int i = 0; i < u->correlations.n; i++) {
    const sim_correlation *x = &u->correlations.item[i];
    double r = 2 * sin(M_PI * x->rho / 6);
    gsl_matrix_set(c, (size_t)x->ia, (size_t)x->ib, r);
    gsl_matrix_set(c, (size_t)x->ib, (size_t)x->ia, r);
  }
  return gsl_linalg_cholesky_decomp1(c) == GSL_SUCCESS;
}

static void fill_lhs(batch *b, gsl_rng *r) {
  long n = b->opts->runs;
  int k = b->u->inputs.n;
  int *strata = malloc((size_t)n * sizeof(int));
  for (int j = 0; strata && j < k; j++) {
    sim_rng_seed_run(r, (uint64_t)b->opts->seed ^ 0x5bd1e995u, (uint64_t)j);
    sim_lhs_strata(r, strata, (int)n);
    for (long i = 0; i < n; i++) {
      b->design[i * k + j] = (strata[i] + gsl_rng_uniform_pos(r)) / (double)n;
    }
  }
  free(strata);
}

static sim_status fill_sobol(batch *b) {
  long n = b->opts->runs;
  int k = b->u->inputs.n;
  gsl_qrng *q = k <= 40 ? gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k) : NULL;
  if (!q) {
    return SIM_ERR_INVALID;
  }
  double point[40];
  gsl_qrng_get(q, point); /* the first point is the origin */
  for (long i = 0; i < n; i++) {
    gsl_qrng_get(q, point);
    for (int j = 0; j < k; j++) {
      b->design[i * k + j] = fmin(fmax(point[j], 0.5 / n), 1 - 0.5 / n);
    }
  }
  gsl_qrng_free(q);
  return SIM_OK;
}

/* Reports a problem with the uncertainty block at its line. */
static void design_error(const batch *b, const char *path, const char *what) {
  const config_setting_t *s = sim_scenario_setting(b->sc, path);
  sim_origin o = s ? sim_scenario_origin(b->sc, s) : (sim_origin){sim_scenario_file(b->sc, 0), 0};
  fprintf(stderr, "%s:%d: %s: %s\n", o.file, o.line, path, what);
}

static void fill_uniform(batch *b, gsl_rng *r) {
  int k = b->u->inputs.n;
  for (long i = 0; i < b->opts->runs; i++) {
    sim_rng_seed_run(r, (uint64_t)b->opts->seed, (uint64_t)i);
    for (int j = 0; j < k; j++) {
      b->design[i * k + j] = gsl_rng_uniform_pos(r);
    }
  }
}

static sim_status fill_design(batch *b, gsl_matrix *c, gsl_rng *r) {
  sim_status st = SIM_OK;
  if (!target_factor(b->u, c)) {
    design_error(b, "uncertainty.correlations", "the correlation matrix is not positive definite");
    return SIM_ERR_INVALID;
  }
  if (b->opts->method == SIM_METHOD_QMC) {
    st = fill_sobol(b);
    if (st != SIM_OK) {
      design_error(b, "uncertainty.params", "qmc takes at most 40 inputs");
    }
  } else if (b->opts->method == SIM_METHOD_LHS) {
    fill_lhs(b, r);
  } else {
    fill_uniform(b, r);
  }
  if (st == SIM_OK && b->u->correlations.n > 0 && b->opts->runs > 2) {
    sim_rng_seed_run(r, (uint64_t)b->opts->seed ^ 0x1c0a1c0au, 0);
    st = iman_conover(b, c, r);
    if (st == SIM_ERR_INVALID) {
      design_error(b, "uncertainty.correlations", "the inputs' scores are degenerate");
    }
  }
  return st;
}

/* The design matrix of uniforms, when the method or correlations need one
 * (plain Monte Carlo draws each run's uniforms from its own stream). */
static sim_status build_design(batch *b) {
  long n = b->opts->runs;
  int k = b->u->inputs.n;
  if (k == 0 || (b->opts->method == SIM_METHOD_MC && b->u->correlations.n == 0)) {
    return SIM_OK;
  }
  gsl_matrix *c = gsl_matrix_alloc((size_t)k, (size_t)k);
  gsl_rng *r = gsl_rng_alloc(sim_rng_counter);
  b->design = malloc((size_t)n * (size_t)k * sizeof(double));
  sim_status st = c && r && b->design ? fill_design(b, c, r) : SIM_ERR_NOMEM;
  gsl_matrix_free(c);
  gsl_rng_free(r);
  return st;
}

/* The shift of each series: its value in the deterministic run (0 when
 * that run breaks a bound). */
static sim_status set_shift(batch *b) {
  sim_engine *e = b->workers[0].engine;
  if (sim_engine_run(e, b->base) == SIM_OK) {
    memcpy(b->shift, sim_engine_values(e), (size_t)b->series * sizeof(double));
  }
  return SIM_OK;
}

static sim_status alloc_state(batch *b) {
  size_t series = (size_t)b->series;
  b->shift = calloc(series, sizeof(double));
  b->lo = calloc(series, sizeof(double));
  b->inv_width = calloc(series, sizeof(double));
  b->exact = malloc((size_t)b->pilot * series * sizeof(double));
  b->pilot_ok = calloc((size_t)b->pilot, 1);
  if (!moment_set_alloc(&b->total, b->series) || !b->shift || !b->lo || !b->inv_width || !b->exact || !b->pilot_ok) {
    return SIM_ERR_NOMEM;
  }
  for (int k = 0; k < b->nworkers; k++) {
    if (!moment_set_alloc(&b->chunks[k].moments, b->series)) {
      return SIM_ERR_NOMEM;
    }
    sim_status st = alloc_worker(b, &b->workers[k]);
    if (st != SIM_OK) {
      return st;
    }
  }
  return set_shift(b);
}

/* Output count and targets, from an engine built only to see the layout. */
static sim_status probe_layout(batch *b) {
  sim_diags *d = sim_diags_alloc();
  sim_engine *probe = NULL;
  sim_status st = sim_engine_alloc(b->start, b->start + b->years - 1, b->base, d, &probe);
  if (st == SIM_OK) {
    b->outputs = sim_engine_output_count(probe);
    b->series = b->outputs * b->years;
    st = sim_targets_load(b->sc, probe, d, &b->ts);
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  sim_engine_free(probe);
  return st;
}

sim_status batch_alloc(sim_scenario *sc, const sim_uncertainty *u, const batch_options *o,
                       batch **out) {
  batch *b = calloc(1, sizeof *b);
  *out = b;
  if (!b) {
    return SIM_ERR_NOMEM;
  }
  b->sc = sc;
  b->u = u;
  b->opts = o;
  b->base = sim_scenario_params(sc);
  b->start = sim_scenario_start(sc);
  b->years = sim_scenario_end(sc) - b->start + 1;
  b->economy = sim_model_index(&economy_model);
  b->pilot = o->runs < BATCH_EXACT_RUNS ? o->runs : BATCH_EXACT_RUNS;
  b->nworkers = o->threads < 1 ? 1 : o->threads > BATCH_MAX_THREADS ? BATCH_MAX_THREADS : o->threads;
  b->started_wall = batch_clock();
  sim_status st = probe_layout(b);
  if (st == SIM_OK) {
    long block = HIST_BLOCK_BYTES / (2L * b->series);
    b->hist_block = block < 16 ? 16 : block > HIST_BLOCK_MAX ? HIST_BLOCK_MAX : (int)block;
    b->bin_stride = b->hist_block + 32;
    st = alloc_state(b);
  }
  if (st == SIM_OK) {
    b->layout = b->workers[0].engine;
    st = build_design(b);
  }
  return st;
}

void batch_free(batch *b) {
  if (!b) {
    return;
  }
  for (int k = 0; k < b->nworkers; k++) {
    worker *w = &b->workers[k];
    for (int m = 0; m < sim_nmodels; m++) {
      free(w->params[m]);
    }
    sim_engine_free(w->engine);
    gsl_rng_free(w->rng);
    free(w->histogram);
    free(w->bins);
    free(w->row);
    moment_set_free(&b->chunks[k].moments);
    free(b->chunks[k].text.data);
  }
  free(b->ts);
  free(b->design);
  free(b->exact);
  free(b->pilot_ok);
  free(b->lo);
  free(b->inv_width);
  moment_set_free(&b->total);
  free(b->shift);
  free(b);
}

void chunk_reset(chunk_result *c) {
  moment_set_reset(&c->moments);
  c->ok = c->failed = c->all_binding = 0;
  memset(c->met, 0, sizeof c->met);
  c->first_failure[0] = '\0';
  c->text.len = 0;
}

void merge_chunk(batch *b, chunk_result *c, FILE *samples) {
  moment_set_merge(&b->total, &c->moments);
  b->ok += c->ok;
  b->failed += c->failed;
  b->all_binding += c->all_binding;
  for (int i = 0; i < b->ts->n; i++) {
    b->met[i] += c->met[i];
  }
  if (c->failed && b->nfailures < 5) {
    snprintf(b->failures[b->nfailures++], sizeof b->failures[0], "%s", c->first_failure);
  }
  if (samples && c->text.len) {
    fwrite(c->text.data, 1, c->text.len, samples);
  }
}

double batch_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress(const batch *b, long done) {
  if (!b->opts->progress) {
    return;
  }
  double elapsed = batch_clock() - b->started_wall;
  double rate = done / fmax(elapsed, 1e-9);
  fprintf(stderr, "\r%ld/%d runs  %.0f runs/s  %.1f s left   ", done, b->opts->runs, rate,
          (b->opts->runs - done) / fmax(rate, 1e-9));
  if (done >= b->opts->runs) {
    fputc('\n', stderr);
  }
}
