/* cases.c — a design's cases through the engine's lanes on threads: each
 * thread takes the next group of 64 cases, sets each lane's sampled
 * inputs in its own copy of the parameters, runs the group side by side
 * and writes the group's quantities where their case numbers say. */
#include "analysis/cases.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"

#define LANES SIM_BATCH_LANES

typedef struct {
  sim_scenario *sc;
  const sim_uncertainty *u;
  const double *x;
  long n;
  const cases_quantities *q;
  double *y;
  const void *const *base;
  int start, years, outputs;
  size_t stride[SIM_MAX_MODELS]; /* a lane's parameters to the next (0: shared) */
  pthread_mutex_t lock;
  long next;       /* first case of the next group to take */
  sim_status status;
  long failed, first_failed; /* first_failed: the least failed case so far */
  char first[256];
} cases_job;

/* One thread's parameters and engines. */
typedef struct {
  cases_job *job;
  void *params[SIM_MAX_MODELS];
  sim_engine *engine, *single;
  sim_target_result (*results)[SIM_MAX_LIST];
} cases_worker;

/* Models some input sets differ between lanes; the others share one copy. */
static void set_strides(cases_job *job) {
  for (int m = 0; m < sim_nmodels; m++) {
    job->stride[m] = 0;
  }
  for (int j = 0; j < job->u->inputs.n; j++) {
    int m = job->u->inputs.item[j].model;
    job->stride[m] = sim_models[m]->params_size;
  }
}

static sim_status worker_alloc(cases_job *job, cases_worker *w) {
  w->job = job;
  for (int m = 0; m < sim_nmodels; m++) {
    size_t size = sim_models[m]->params_size;
    int copies = job->stride[m] ? LANES : 1;
    w->params[m] = malloc((size_t)copies * size);
    if (!w->params[m]) {
      return SIM_ERR_NOMEM;
    }
    for (int r = 0; r < copies; r++) {
      memcpy((char *)w->params[m] + (size_t)r * size, job->base[m], size);
    }
  }
  w->results = malloc(LANES * sizeof *w->results);
  sim_diags *d = sim_diags_alloc();
  int end = job->start + job->years - 1;
  const void *const *p = (const void *const *)w->params;
  sim_status st = sim_engine_alloc_lanes(job->start, end, p, LANES, d, &w->engine);
  if (st == SIM_OK) {
    st = sim_engine_alloc(job->start, end, p, d, &w->single);
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  return st == SIM_OK && !w->results ? SIM_ERR_NOMEM : st;
}

static void worker_free(cases_worker *w) {
  for (int m = 0; m < sim_nmodels; m++) {
    free(w->params[m]);
  }
  sim_engine_free(w->engine);
  sim_engine_free(w->single);
  free(w->results);
}

static void lane_params(const cases_worker *w, int r, void **out) {
  for (int m = 0; m < sim_nmodels; m++) {
    out[m] = (char *)w->params[m] + (size_t)r * w->job->stride[m];
  }
}

/* Sets case i's inputs in lane r; false when one puts its setting out of
 * its range (why says which). */
static bool set_inputs(cases_worker *w, long i, int r, char *why, size_t size) {
  const cases_job *job = w->job;
  void *params[SIM_MAX_MODELS];
  lane_params(w, r, params);
  bool inside = true;
  int d = job->u->inputs.n;
  for (int j = 0; j < d; j++) {
    const sim_input *in = &job->u->inputs.item[j];
    double v = job->x[i * d + j], value;
    if (!sim_input_apply(in, v, params, job->base, job->years) && inside) {
      int t = sim_input_outside(in, v, job->base, job->years, &value);
      snprintf(why, size, "case %ld: %s = %.6g%s is outside its range [%g, %g]", i, in->path,
               t >= 0 ? value : v, isnan(v) ? " (no number)" : "", in->lo, in->hi);
      inside = false;
    }
  }
  return inside;
}

/* Records case i's failure; the first in case order keeps its reason. */
static void failed(cases_job *job, long i, const char *why) {
  pthread_mutex_lock(&job->lock);
  job->failed++;
  if (job->first_failed < 0 || i < job->first_failed) {
    job->first_failed = i;
    snprintf(job->first, sizeof job->first, "%s", why);
  }
  pthread_mutex_unlock(&job->lock);
}

/* Why lane r broke a bound: its run again alone. */
static void bound_failure(cases_worker *w, long i, int r, char *why, size_t size) {
  void *params[SIM_MAX_MODELS];
  lane_params(w, r, params);
  if (sim_engine_run(w->single, (const void *const *)params) == SIM_ERR_BOUND) {
    const sim_violation *v = sim_engine_violation(w->single);
    snprintf(why, size, "case %ld: year %d, %s = %.6g breaks %s", i, v->year, v->variable,
             v->value, v->rule);
  } else {
    snprintf(why, size, "case %ld: a value outside its bounds", i);
  }
}

/* Writes the quantities of a group's cases [first, first + lanes) from
 * its values, quantity by quantity: an output's lanes are side by side in
 * the engine's values, as the cases are in y (one copy each). */
static void keep_group(const cases_worker *w, long first, int lanes, const double *v) {
  const cases_job *job = w->job;
  const cases_quantities *q = job->q;
  size_t n = (size_t)job->n;
  double *y = job->y + first;
  for (int r = 0; r < lanes; r++) {
    const sim_target_result *res = w->results[r];
    bool all = true;
    for (int k = 0; k < q->ts->n; k++) {
      y[(size_t)k * n + (size_t)r] = res[k].result;
      y[(size_t)cases_met_quantity(q, k) * n + (size_t)r] = res[k].met;
      all &= res[k].met || q->ts->item[k].attribute != 0;
    }
    y[(size_t)cases_all_binding_quantity(q) * n + (size_t)r] = all;
  }
  for (int o = 0; o < q->noutputs; o++) {
    for (int t = 0; t < q->years; t++) {
      size_t s = (size_t)t * (size_t)job->outputs + (size_t)q->outputs[o];
      memcpy(y + (size_t)cases_output_quantity(q, o, t) * n, v + s * (size_t)lanes,
             (size_t)lanes * sizeof *v);
    }
  }
}

static void fail_quantities(const cases_job *job, long i) {
  int nq = cases_quantity_count(job->q);
  for (int k = 0; k < nq; k++) {
    job->y[(size_t)k * (size_t)job->n + (size_t)i] = NAN;
  }
}

/* Cases [first, first + lanes) side by side. */
static void run_group(cases_worker *w, long first, int lanes) {
  cases_job *job = w->job;
  char why[LANES][256];
  uint64_t outside = 0;
  for (int r = 0; r < lanes; r++) {
    outside |= (uint64_t)!set_inputs(w, first + r, r, why[r], sizeof why[r]) << r;
  }
  uint64_t ok = sim_engine_run_lanes(w->engine, (const void *const *)w->params, job->stride,
                                     lanes) &
                ~outside;
  const double *v = sim_engine_values(w->engine);
  sim_targets_eval_lanes(job->q->ts, v, job->outputs, lanes, lanes, job->start, w->results);
  keep_group(w, first, lanes, v);
  for (int r = 0; r < lanes; r++) { /* after keep_group: a rerun overwrites the values */
    if (!(ok >> r & 1)) {
      if (!(outside >> r & 1)) {
        bound_failure(w, first + r, r, why[r], sizeof why[r]);
      }
      fail_quantities(job, first + r);
      failed(job, first + r, why[r]);
    }
  }
}

static void *work(void *arg) {
  cases_worker *w = arg;
  cases_job *job = w->job;
  for (;;) {
    pthread_mutex_lock(&job->lock);
    long first = job->next;
    job->next += LANES;
    pthread_mutex_unlock(&job->lock);
    if (first >= job->n) {
      return NULL;
    }
    run_group(w, first, (int)(job->n - first < LANES ? job->n - first : LANES));
  }
}

/* Runs work on every worker, the calling thread being worker 0; a thread
 * that cannot start leaves its share to the others. */
static void on_threads(cases_worker *w, int n) {
  pthread_t tid[64];
  int started = 1;
  while (started < n && pthread_create(&tid[started], NULL, work, &w[started]) == 0) {
    started++;
  }
  work(&w[0]);
  for (int k = 1; k < started; k++) {
    pthread_join(tid[k], NULL);
  }
}

sim_status sim_cases_run(sim_scenario *sc, const sim_uncertainty *u, const double *x, long n,
                         const cases_quantities *q, int threads, double *y,
                         cases_failures *f) {
  cases_job job = {.sc = sc, .u = u, .x = x, .n = n, .q = q, .y = y,
                   .base = sim_scenario_params(sc), .start = sim_scenario_start(sc),
                   .years = q->years, .lock = PTHREAD_MUTEX_INITIALIZER,
                   .first_failed = -1};
  int nw = threads < 1 ? 1 : threads > 64 ? 64 : threads;
  cases_worker *w = calloc((size_t)nw, sizeof *w);
  if (!w) {
    return SIM_ERR_NOMEM;
  }
  set_strides(&job);
  sim_status st = SIM_OK;
  for (int k = 0; k < nw && st == SIM_OK; k++) {
    st = worker_alloc(&job, &w[k]);
  }
  if (st == SIM_OK) {
    job.outputs = sim_engine_output_count(w[0].engine);
    on_threads(w, nw);
  }
  for (int k = 0; k < nw; k++) {
    worker_free(&w[k]);
  }
  free(w);
  f->failed = job.failed;
  snprintf(f->first, sizeof f->first, "%s", job.first);
  return st;
}
