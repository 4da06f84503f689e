/* cases.c — a design's cases on the runner (run/runner.h): chunks of
 * cases taken by threads, each worker running groups of 64 side by side
 * on its own lanes (run/lanes.h), setting each lane's sampled inputs and
 * writing the group's quantities where their case numbers say; the
 * failures merged in case order. */
#include "analysis/cases.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/lanes.h"
#include "run/runner.h"

/* Cases per chunk: a few groups of lanes, so that threads share the work
 * evenly even for a small design. */
#define CASES_CHUNK (8 * SIM_LANES)

/* What one chunk's failures were (a runner slot). */
typedef struct {
  long failed;
  char first[256]; /* the first failure of the chunk, in case order */
} cases_slot;

typedef struct {
  const sim_uncertainty *u;
  const double *x;
  long n;
  const cases_quantities *q;
  double *y;
  const void *const *base;
  int start, years, outputs;
  sim_lanes **lanes;  /* per worker */
  sim_target_result (*results)[SIM_LANES][SIM_MAX_LIST]; /* per worker */
  cases_slot *slots;
  cases_failures *f;  /* the merged whole */
} cases_job;

/* Sets case i's inputs in lane r; false when one puts its setting out of
 * its range (why says which). */
static bool set_inputs(const cases_job *job, sim_lanes *l, long i, int r, char *why,
                       size_t size) {
  void *params[SIM_MAX_MODELS];
  sim_lanes_params(l, r, params);
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

/* Writes the quantities of a group's cases [first, first + lanes) from
 * its values, quantity by quantity: an output's lanes are side by side in
 * the engine's values, as the cases are in y (one copy each). */
static void keep_group(const cases_job *job, const sim_target_result (*res)[SIM_MAX_LIST],
                       long first, int lanes, const double *v) {
  const cases_quantities *q = job->q;
  size_t n = (size_t)job->n;
  double *y = job->y + first;
  for (int r = 0; r < lanes; r++) {
    bool all = true;
    for (int k = 0; k < q->ts->n; k++) {
      y[(size_t)k * n + (size_t)r] = res[r][k].result;
      y[(size_t)cases_met_quantity(q, k) * n + (size_t)r] = res[r][k].met;
      all &= res[r][k].met || q->ts->item[k].attribute != 0;
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

/* A failed lane's quantities: NaN. */
static void fail_quantities(const cases_job *job, long i) {
  int nq = cases_quantity_count(job->q);
  for (int k = 0; k < nq; k++) {
    job->y[(size_t)k * (size_t)job->n + (size_t)i] = NAN;
  }
}

/* A group's failures as the lanes report them (lane order): which lanes,
 * and why the first of them failed. */
typedef struct {
  long first;       /* the group's first case */
  char (*why)[256]; /* per lane: why its inputs were refused */
  uint64_t failed;
  char reason[256];
} group_failures;

static void on_failure(void *ctx, int lane, const sim_violation *v) {
  group_failures *g = ctx;
  if (!g->failed) {
    if (!v) {
      snprintf(g->reason, sizeof g->reason, "%s", g->why[lane]);
    } else {
      snprintf(g->reason, sizeof g->reason, "case %ld: year %d, %s = %.6g breaks %s",
               g->first + lane, v->year, v->variable, v->value, v->rule);
    }
  }
  g->failed |= (uint64_t)1 << lane;
}

/* Cases [first, first + lanes) side by side on worker w's lanes (the
 * lanes' one-lane reruns use an engine of their own, so the group's values
 * stay for keep_group). */
static void run_group(const cases_job *job, int w, cases_slot *slot, long first, int lanes) {
  sim_lanes *l = job->lanes[w];
  char why[SIM_LANES][256];
  uint64_t skip = 0, passed;
  for (int r = 0; r < lanes; r++) {
    skip |= (uint64_t)!set_inputs(job, l, first + r, r, why[r], sizeof why[r]) << r;
  }
  group_failures g = {first, why, 0, ""};
  sim_lanes_run(l, lanes, skip, &passed, on_failure, &g);
  const double *v = sim_engine_values(sim_lanes_engine(l));
  sim_targets_eval_lanes(job->q->ts, v, job->outputs, lanes, lanes, job->start,
                         job->results[w]);
  keep_group(job, (const sim_target_result(*)[SIM_MAX_LIST])job->results[w], first, lanes, v);
  for (int r = 0; r < lanes; r++) { /* after keep_group, which wrote every lane */
    if (g.failed >> r & 1) {
      fail_quantities(job, first + r);
    }
  }
  if (g.failed && slot->failed == 0) {
    snprintf(slot->first, sizeof slot->first, "%s", g.reason);
  }
  slot->failed += __builtin_popcountll(g.failed);
}

static void run(void *ctx, int worker, int at, long first, long last) {
  const cases_job *job = ctx;
  cases_slot *slot = &job->slots[at];
  slot->failed = 0;
  slot->first[0] = '\0';
  for (long c = first; c < last; c += SIM_LANES) {
    run_group(job, worker, slot, c, (int)(last - c < SIM_LANES ? last - c : SIM_LANES));
  }
}

static void merge(void *ctx, int at, long first, long last) {
  const cases_job *job = ctx;
  const cases_slot *slot = &job->slots[at];
  (void)first;
  (void)last;
  if (slot->failed && job->f->failed == 0) {
    snprintf(job->f->first, sizeof job->f->first, "%s", slot->first);
  }
  job->f->failed += slot->failed;
}

/* Which models the inputs set: their parameters differ between lanes. */
static void varies(const sim_uncertainty *u, bool *out) {
  for (int m = 0; m < SIM_MAX_MODELS; m++) {
    out[m] = false;
  }
  for (int j = 0; j < u->inputs.n; j++) {
    out[u->inputs.item[j].model] = true;
  }
}

sim_status sim_cases_run(sim_scenario *sc, const sim_uncertainty *u, const double *x, long n,
                         const cases_quantities *q, int threads, double *y,
                         cases_failures *f) {
  int nw = sim_runner_threads(threads);
  cases_job job = {.u = u, .x = x, .n = n, .q = q, .y = y,
                   .base = sim_scenario_params(sc), .start = sim_scenario_start(sc),
                   .years = q->years, .f = f};
  f->failed = 0;
  f->first[0] = '\0';
  bool vary[SIM_MAX_MODELS];
  varies(u, vary);
  job.lanes = calloc((size_t)nw, sizeof *job.lanes);
  job.results = malloc((size_t)nw * sizeof *job.results);
  job.slots = calloc((size_t)sim_runner_slots(nw), sizeof *job.slots);
  sim_status st = job.lanes && job.results && job.slots ? SIM_OK : SIM_ERR_NOMEM;
  int end = job.start + job.years - 1;
  for (int k = 0; k < nw && st == SIM_OK; k++) {
    job.lanes[k] = sim_lanes_alloc(job.start, end, job.base, vary);
    st = job.lanes[k] ? SIM_OK : SIM_ERR_NOMEM;
  }
  if (st == SIM_OK) {
    job.outputs = sim_engine_output_count(sim_lanes_engine(job.lanes[0]));
    sim_runner_plan plan = {0, n, CASES_CHUNK, nw, NULL};
    sim_runner_ops ops = {run, merge, &job};
    sim_runner_run(&plan, &ops);
  }
  for (int k = 0; job.lanes && k < nw; k++) {
    sim_lanes_free(job.lanes[k]);
  }
  free(job.lanes);
  free(job.results);
  free(job.slots);
  return st;
}
