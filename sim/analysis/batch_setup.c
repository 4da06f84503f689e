/* batch_setup.c — setting up a batch: per-thread workers and their
 * buffers, the batch's state, and merging chunks in run order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/batch_internal.h"
#include "core/memory.h"
#include "core/registry.h"

char *text_reserve(text_buf *t, size_t n) {
  if (t->len + n > t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 1 << 16;
    while (cap < t->len + n) {
      cap *= 2;
    }
    char *grown = realloc(t->data, cap);
    if (!grown) {
      return NULL;
    }
    t->data = grown;
    t->cap = cap;
  }
  return t->data + t->len;
}

/* Which models' parameters differ between lanes: those the batch sets
 * (sampled inputs, perturb hooks). */
static void set_varies(batch *b) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (sim_models[m]->perturb) {
      b->perturbed[b->nperturbed++] = m;
      b->varies[m] = true;
    }
  }
  for (int j = 0; j < b->u->inputs.n; j++) {
    b->varies[b->u->inputs.item[j].model] = true;
  }
}

static sim_status alloc_worker(batch *b, worker *w) {
  w->lanes = sim_lanes_alloc(b->start, b->start + b->years - 1, b->base, b->varies);
  sim_status st = w->lanes ? SIM_OK : SIM_ERR_NOMEM;
  w->rng = gsl_rng_alloc(sim_rng_counter);
  if (st == SIM_OK) {
    st = design_worker_alloc(&b->design, &w->design);
  }
  if (!b->exact) {
    w->counts = calloc(4 * COUNT_STRIDE, sizeof(uint16_t));
    w->bins = malloc((size_t)b->series * bin_stride(b) * sizeof(uint16_t));
  }
  w->block = malloc((size_t)b->series * ACCUM_STRIDE * sizeof(double));
  w->sums = malloc((size_t)b->series * sizeof *w->sums);
  w->moved = calloc((size_t)b->series, sizeof(uint32_t));
  w->held = calloc((size_t)b->series, sizeof(uint64_t));
  w->results = malloc(BATCH_LANES * sizeof *w->results);
  w->kept = malloc((size_t)b->series * sizeof(int));
  w->kept_series = malloc((size_t)b->series * sizeof(int));
  w->aliased = malloc((size_t)b->series * sizeof(int));
  w->broken = malloc((size_t)b->series * sizeof(int));
  for (int i = 0; w->kept && w->kept_series && i < b->series; i++) {
    w->kept[i] = w->kept_series[i] = i; /* the pilot keeps every series */
  }
  w->nkept = b->series;
  w->naliased = w->nbroken = 0;
  bool ok = w->rng && w->block && w->sums && w->moved && w->held && w->kept && w->kept_series &&
            w->aliased && w->broken && w->results && (b->exact || (w->counts && w->bins));
  return st != SIM_OK ? st : ok ? SIM_OK : SIM_ERR_NOMEM;
}

/* The shift of each series: its value in the deterministic run (0 when
 * that run breaks a bound). */
static sim_status set_shift(batch *b) {
  sim_engine *e = sim_lanes_engine(b->workers[0].lanes);
  if (sim_engine_run(e, b->base) == SIM_OK) {
    memcpy(b->acc.shift, sim_engine_values(e), (size_t)b->series * sizeof(double));
  }
  sim_engine_bounds(e, b->acc.check_lo, b->acc.check_hi);
  accum_checks(b);
  return SIM_OK;
}

static sim_status alloc_state(batch *b) {
  size_t series = (size_t)b->series;
  b->acc.shift = calloc(series, sizeof(double));
  b->acc.lo = calloc(series, sizeof(double));
  b->acc.inv_width = calloc(series, sizeof(double));
  if (b->exact) {
    b->acc.exact = sim_alloc_huge((size_t)b->pilot * series * sizeof(double));
    b->acc.pilot_ok = calloc((size_t)b->pilot, 1);
  } else { /* calloc: untouched pages take no memory */
    b->acc.hist = calloc(series * HIST_STRIDE, sizeof(uint32_t));
    b->acc.minus = calloc(series * HIST_STRIDE, sizeof(uint32_t));
    b->acc.locks = malloc(HIST_LOCKS * sizeof *b->acc.locks);
    for (int k = 0; b->acc.locks && k < HIST_LOCKS; k++) {
      pthread_mutex_init(&b->acc.locks[k], NULL);
    }
  }
  b->acc.active = malloc(series * sizeof(int));
  b->acc.alias = malloc(series * sizeof(int));
  b->acc.frozen = malloc(series * sizeof(int));
  b->acc.check_lo = malloc(series * sizeof(double));
  b->acc.check_hi = malloc(series * sizeof(double));
  b->acc.bounds_scratch = malloc(2 * series * sizeof(double));
  if (!moment_set_alloc(&b->tot.total, b->series) || !b->acc.shift || !b->acc.lo ||
      !b->acc.inv_width ||
      (b->exact ? !b->acc.exact || !b->acc.pilot_ok
                : !b->acc.hist || !b->acc.minus || !b->acc.locks) ||
      !b->acc.active ||
      !b->acc.alias || !b->acc.frozen || !b->acc.check_lo || !b->acc.check_hi ||
      !b->acc.bounds_scratch || !kern_bounds_alloc(&b->acc.lane_bounds, b->series)) {
    return SIM_ERR_NOMEM;
  }
  for (int s = 0; s < b->series; s++) {
    b->acc.active[s] = s; /* the pilot keeps every series */
  }
  b->acc.nactive = b->series;
  b->nchunks = sim_runner_slots(b->nworkers);
  for (int c = 0; c < b->nchunks; c++) {
    if (!moment_set_alloc(&b->chunks[c].moments, b->series)) {
      return SIM_ERR_NOMEM;
    }
  }
  for (int k = 0; k < b->nworkers; k++) {
    sim_status st = alloc_worker(b, &b->workers[k]);
    if (st != SIM_OK) {
      return st;
    }
  }
  return set_shift(b);
}

/* Exact percentiles (every run's values kept) for a batch of up to
 * BATCH_EXACT_RUNS whose values fit in BATCH_EXACT_BYTES (PLANSIM_EXACT_BYTES
 * sets another budget, for tests); else histograms after a pilot of at
 * most BATCH_PILOT_RUNS. */
static void set_pilot(batch *b) {
  const char *env = getenv("PLANSIM_EXACT_BYTES");
  size_t budget = env ? (size_t)strtoull(env, NULL, 10) : BATCH_EXACT_BYTES;
  long runs = b->opts->runs;
  b->exact = runs <= BATCH_EXACT_RUNS && (size_t)runs * (size_t)b->series * sizeof(double) <= budget;
  b->pilot = b->exact || runs < BATCH_PILOT_RUNS ? runs : BATCH_PILOT_RUNS;
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
  set_varies(b);
  b->nworkers = sim_runner_threads(o->threads);
  b->started_wall = batch_clock();
  samples_begin(b);
  sim_status st = probe_layout(b);
  if (st == SIM_OK) {
    set_pilot(b);
    st = design_prepare(&b->design, sc, u, o->method, o->seed, o->runs, BATCH_CHUNK);
  }
  if (st == SIM_OK) {
    long block = HIST_BLOCK_BYTES / (2L * b->series) / ACCUM_BLOCK * ACCUM_BLOCK;
    b->acc.hist_block = block < ACCUM_BLOCK      ? ACCUM_BLOCK
                        : block > HIST_BLOCK_MAX ? HIST_BLOCK_MAX
                                                 : (int)block;
    st = alloc_state(b);
  }
  if (st == SIM_OK) {
    b->layout = sim_lanes_engine(b->workers[0].lanes);
  }
  return st;
}

void batch_free(batch *b) {
  if (!b) {
    return;
  }
  for (int k = 0; k < b->nworkers; k++) {
    worker *w = &b->workers[k];
    sim_lanes_free(w->lanes);
    gsl_rng_free(w->rng);
    design_worker_free(&w->design);
    free(w->counts);
    free(w->held);
    free(w->broken);
    free(w->bins);
    free(w->block);
    free(w->sums);
    free(w->moved);
    free(w->kept);
    free(w->kept_series);
    free(w->results);
    free(w->aliased);
  }
  for (int c = 0; c < b->nchunks; c++) {
    moment_set_free(&b->chunks[c].moments);
    free(b->chunks[c].text.data);
    free(b->chunks[c].exceptions.data);
  }
  free(b->ts);
  free(b->rows.live);
  free(b->rows.pilot_rows.data);
  free(b->rows.exceptions.data);
  free(b->pct);
  design_free(&b->design);
  free(b->acc.exact);
  free(b->acc.pilot_ok);
  free(b->acc.hist);
  free(b->acc.minus);
  for (int k = 0; b->acc.locks && k < HIST_LOCKS; k++) {
    pthread_mutex_destroy(&b->acc.locks[k]);
  }
  free(b->acc.locks);
  free(b->acc.active);
  free(b->acc.alias);
  free(b->acc.frozen);
  free(b->acc.check_lo);
  free(b->acc.check_hi);
  free(b->acc.bounds_scratch);
  kern_bounds_free(&b->acc.lane_bounds);
  free(b->acc.lo);
  free(b->acc.inv_width);
  moment_set_free(&b->tot.total);
  free(b->acc.shift);
  ranks_free(b);
  free(b);
}

void chunk_reset(chunk_result *c) {
  moment_set_reset(&c->moments);
  c->ok = c->failed = c->all_binding = c->held = c->rows_lost = 0;
  memset(c->met, 0, sizeof c->met);
  c->first_failure[0] = '\0';
  c->text.len = 0;
  c->exceptions.len = 0;
  c->run = -1;
}

void merge_chunk(batch *b, chunk_result *c, FILE *samples) {
  moment_set_merge(&b->tot.total, &c->moments);
  b->tot.ok += c->ok;
  b->tot.failed += c->failed;
  b->tot.all_binding += c->all_binding;
  b->tot.rows_lost += c->rows_lost;
  for (int i = 0; i < b->ts->n; i++) {
    b->tot.met[i] +=
        c->met[i] + (b->rows.fixed[i] && b->rows.fixed_result[i].met ? c->held : 0);
  }
  if (c->failed && b->tot.nfailures < 5) {
    snprintf(b->tot.failures[b->tot.nfailures++], sizeof b->tot.failures[0], "%s",
             c->first_failure);
  }
  if (!b->rows.columns_known && c->text.len) { /* the pilot's rows wait for the columns */
    char *at = text_reserve(&b->rows.pilot_rows, c->text.len);
    if (at) {
      memcpy(at, c->text.data, c->text.len);
      b->rows.pilot_rows.len += c->text.len;
    } else {
      b->tot.rows_lost++;
    }
  } else if (samples && c->text.len) {
    fwrite(c->text.data, 1, c->text.len, samples);
  }
  char *e = c->exceptions.len ? text_reserve(&b->rows.exceptions, c->exceptions.len) : NULL;
  if (e) {
    memcpy(e, c->exceptions.data, c->exceptions.len);
    b->rows.exceptions.len += c->exceptions.len;
  } else if (c->exceptions.len) {
    b->tot.rows_lost++;
  }
}

double batch_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress(batch *b, long done) {
  double now = batch_clock(), elapsed = now - b->started_wall;
  if (!b->opts->progress || (now - b->shown < 0.1 && done < b->opts->runs)) {
    return; /* at most ten lines a second */
  }
  b->shown = now;
  double rate = done / fmax(elapsed, 1e-9);
  fprintf(stderr, "\r%ld/%d runs  %.0f runs/s  %.1f s left   ", done, b->opts->runs, rate,
          (b->opts->runs - done) / fmax(rate, 1e-9));
  if (done >= b->opts->runs) {
    fputc('\n', stderr);
  }
}
