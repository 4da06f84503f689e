/* batch.c — the batch engine: a design of input samples (mc, lhs, qmc,
 * with rank correlations), chunks of runs taken by threads, results
 * merged in run order so that 1 or 8 threads give the same bytes. */
#include "analysis/batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_internal.h"
#include "core/numfmt.h"
#include "core/outfile.h"
#include "core/registry.h"
#include "run/ranks.h"

/* The uniforms of run i, input j: from the chunk's design when there is
 * one (lhs, qmc, correlations), else from the run's own stream. */
static double design_u(const batch *b, worker *w, long run, int j) {
  if (b->design.on) {
    return w->design.u[(run - w->design_first) * b->u->inputs.n + j];
  }
  return gsl_rng_uniform_pos(w->rng);
}

/* Sets the sampled inputs of one run, in lane r, and then the models'
 * own variation (perturb hooks, from the same stream); false when an
 * input puts its setting outside the setting's range. */
static bool draw_run(const batch *b, worker *w, long run, int r) {
  const sim_uncertainty *u = b->u;
  void *params[SIM_MAX_MODELS];
  bool inside = true;
  sim_lanes_params(w->lanes, r, params);
  sim_rng_seed_run(w->rng, (uint64_t)b->opts->seed, (uint64_t)run);
  for (int j = 0; j < u->inputs.n; j++) {
    const sim_input *in = &u->inputs.item[j];
    w->x[r][j] = sim_dist_quantile(&in->law, design_u(b, w, run, j));
    inside &= sim_input_apply(in, w->x[r][j], params, b->base, b->years);
  }
  for (int i = 0; i < b->nperturbed; i++) {
    int m = b->perturbed[i];
    sim_models[m]->perturb(params[m], w->rng, b->years);
  }
  return inside;
}

/* The values of a group of runs of a small batch from `first`,
 * v[s * lanes + r], kept for the exact percentiles, and which are ok. */
static void keep_exact(const batch *b, long first, const double *v, int lanes,
                       uint64_t ok) {
  for (int s = 0; s < b->series; s++) {
    memcpy(b->acc.exact + (size_t)s * (size_t)b->pilot + (size_t)first,
           v + (size_t)s * (size_t)lanes, (size_t)lanes * sizeof(double));
  }
  for (int r = 0; r < lanes; r++) {
    b->acc.pilot_ok[first + r] = ok >> r & 1;
  }
}

/* Writes the decimal digits of run >= 0 at p; returns the end.  The rows
 * of a chunk come in run order, so the chunk keeps the last run's digits
 * and adds one to them (a carry now and then) instead of dividing. */
static char *put_run(chunk_result *c, char *p, long run) {
  if (run != c->run + 1 || c->run < 0) {
    char digits[24];
    int n = 0;
    long v = run;
    do {
      digits[n++] = (char)('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (c->run_len = 0; n > 0; c->run_len++) {
      c->run_text[c->run_len] = digits[--n];
    }
  } else {
    int d = c->run_len - 1;
    for (; d >= 0 && c->run_text[d] == '9'; d--) {
      c->run_text[d] = '0';
    }
    if (d < 0) { /* 99..9 + 1 */
      memmove(c->run_text + 1, c->run_text, (size_t)c->run_len++);
      c->run_text[0] = '1';
    } else {
      c->run_text[d]++;
    }
  }
  c->run = run;
  memcpy(p, c->run_text, sizeof c->run_text); /* a fixed size: no call */
  return p + c->run_len;
}

static char *put_g17(char *p, double x) {
  *p++ = ',';
  return p + sim_format_cell(x, p); /* NaN, an undefined result: an empty cell */
}

/* Gap k of the fixed targets' text at p; returns the end.  One that fits
 * in GAP_COPY bytes is copied as that fixed size (no call; the row's
 * reserve has the room). */
static char *put_gap(const batch *b, char *p, int k) {
  int n = b->rows.gap_at[k + 1] - b->rows.gap_at[k];
  if (n <= GAP_COPY) {
    memcpy(p, b->rows.fixed_text + b->rows.gap_at[k], GAP_COPY);
  } else {
    memcpy(p, b->rows.fixed_text + b->rows.gap_at[k], (size_t)n);
  }
  return p + n;
}

/* One row of samples.csv: run, inputs, target results (those of constant
 * columns checked, not written), status.  r is
 * every target's result, or the live targets' when held (the frozen
 * outputs held: the fixed targets' text is the kept one). */
static void sample_row(const batch *b, chunk_result *c, long run, const double *x,
                       bool held, const sim_target_result *r, const char *failure) {
  size_t most = 64 + GAP_COPY + (size_t)(b->u->inputs.n + b->ts->n) * (SIM_G17_MAX + 1);
  char *p = text_reserve(&c->text, most), *start = p;
  if (!p) {
    c->rows_lost++; /* out of memory: the batch fails, samples.csv is not kept */
    return;
  }
  p = put_run(c, p, run);
  /* a whole buffer, a fixed size (no call), inside the row's reserve;
   * only its length counts */
  memcpy(p, b->rows.seed_text, sizeof b->rows.seed_text);
  p += b->rows.seed_len;
  for (int j = 0; j < b->u->inputs.n; j++) {
    p = put_g17(p, x[j]);
  }
  if (failure) {
    int cells = b->ts->n - b->rows.nconstant;
    memset(p, ',', (size_t)cells);
    p += cells;
  } else if (held) {
    p = put_gap(b, p, 0);
    for (int k = 0; k < b->rows.live->n; k++) {
      p = samples_cell(b, c, p, run, b->rows.live_of[k], r[k].result);
      p = put_gap(b, p, k + 1);
    }
  } else {
    for (int i = 0; i < b->ts->n; i++) {
      p = samples_cell(b, c, p, run, i, r[i].result);
    }
  }
  memcpy(p, failure ? ",failed\n" : ",ok\n", failure ? 8 : 4);
  p += failure ? 8 : 4;
  c->text.len += (size_t)(p - start);
}

/* The targets' results in each lane of a group, r[lane]: every target's,
 * but only the live targets' in a lane where the frozen outputs held. */
static void evaluate(const batch *b, const double *v, int lanes, uint64_t held,
                     sim_target_result (*r)[SIM_MAX_LIST]) {
  if (b->opts->no_samples && b->rows.live) { /* no row to write: met is enough */
    sim_targets_decide_lanes(b->rows.live, v, b->outputs, lanes, lanes, b->start, r);
    for (int lane = 0; lane < lanes; lane++) {
      if (!(held >> lane & 1)) {
        sim_targets_decide_lanes(b->ts, v + lane, b->outputs, lanes, 1, b->start,
                                 (sim_target_result(*)[SIM_MAX_LIST])r[lane]);
      }
    }
    return;
  }
  if (!b->rows.live) { /* the pilot */
    sim_targets_eval_lanes(b->ts, v, b->outputs, lanes, lanes, b->start, r);
    return;
  }
  sim_targets_eval_lanes(b->rows.live, v, b->outputs, lanes, lanes, b->start, r);
  for (int lane = 0; lane < lanes; lane++) {
    if (!(held >> lane & 1)) {
      sim_targets_eval_lane(b->ts, v + lane, b->outputs, lanes, b->start, r[lane]);
    }
  }
}

/* True when output i is frozen in every year. */
static bool output_frozen(const batch *b, int i) {
  for (int t = 0; t < b->years; t++) {
    if (!accum_frozen(b, t * b->outputs + i)) {
      return false;
    }
  }
  return true;
}

/* After the pilot: splits the targets into fixed (every output they read
 * frozen: the deterministic run's result, formatted once) and live. */
static sim_status freeze_targets(batch *b) {
  sim_target_result det[SIM_MAX_LIST];
  b->rows.live = malloc(sizeof *b->rows.live);
  if (!b->rows.live) {
    return SIM_ERR_NOMEM;
  }
  sim_targets_eval(b->ts, b->acc.shift, b->outputs, b->start, det);
  b->rows.live->n = 0;
  b->rows.fixed_all = true;
  char *text = b->rows.fixed_text;
  for (int i = 0; i < b->ts->n; i++) {
    const sim_target *t = &b->ts->item[i];
    b->rows.fixed[i] = output_frozen(b, t->var_index) &&
                       (t->kind != TARGET_SYNCED || output_frozen(b, t->ref_index));
    if (b->rows.fixed[i]) {
      b->rows.fixed_result[i] = det[i];
      b->rows.fixed_all &= det[i].met || t->attribute != 0;
      if (!b->rows.constant[i]) { /* a constant column's cell is run.json's */
        text = put_g17(text, det[i].result);
      }
    } else {
      b->rows.gap_at[b->rows.live->n + 1] =
          (int)(text - b->rows.fixed_text); /* gap n ends */
      b->rows.live_of[b->rows.live->n] = i;
      b->rows.live->item[b->rows.live->n++] = *t;
    }
  }
  b->rows.gap_at[0] = 0;
  b->rows.gap_at[b->rows.live->n + 1] = (int)(text - b->rows.fixed_text);
  return SIM_OK;
}

/* Counts one run's targets met (r as for sample_row; when held, the fixed
 * targets' count is c->held). */
static void score(const batch *b, chunk_result *c, bool held,
                  const sim_target_result *r) {
  bool all = held ? b->rows.fixed_all : true;
  int n = held ? b->rows.live->n : b->ts->n;
  for (int k = 0; k < n; k++) {
    int i = held ? b->rows.live_of[k] : k;
    c->met[i] += r[k].met;
    all &= r[k].met || b->ts->item[i].attribute != 0;
  }
  c->held += held;
  c->all_binding += all;
}

/* Why run `run` (lane r) failed, its inputs having given no number or
 * put a setting outside the setting's range: the first such input (and
 * year). */
static void input_failure(const batch *b, const worker *w, long run, int r, char *why,
                          size_t size) {
  for (int j = 0; j < b->u->inputs.n; j++) {
    const sim_input *in = &b->u->inputs.item[j];
    double value;
    if (isnan(w->x[r][j])) {
      snprintf(why, size, "run %ld: %s: the distribution gave no number", run, in->path);
      return;
    }
    int t = sim_input_outside(in, w->x[r][j], b->base, b->years, &value);
    char year[32] = ""; /* a path's year; a number has none */
    if (t >= 0 && in->is_path) {
      snprintf(year, sizeof year, "year %d, ", b->start + t);
    }
    if (t >= 0) {
      snprintf(why, size, "run %ld: %s%s = %.6g is outside its range [%g, %g]", run, year,
               in->path, value, in->lo, in->hi);
      return;
    }
  }
}

/* A group's failed lanes, gathered (the engine finds some, the
 * statistics the others) and then counted in lane order, the chunk's
 * first failure saying why. */
typedef struct {
  const batch *b;
  const worker *w;
  chunk_result *c;
  long first;      /* the group's first run */
  uint64_t failed; /* the lanes */
  bool has_bound[BATCH_LANES];
  sim_violation bound[BATCH_LANES]; /* the bound a lane broke, when has_bound */
} group_failures;

/* sim_lanes_failure: lane r failed, breaking bound v (NULL: its inputs
 * were refused). */
static void lane_failed(void *ctx, int r, const sim_violation *v) {
  group_failures *g = ctx;
  g->failed |= (uint64_t)1 << r;
  g->has_bound[r] = v != NULL;
  if (v) {
    g->bound[r] = *v;
  }
}

static void count_failures(group_failures *g, int lanes) {
  chunk_result *c = g->c;
  for (int r = 0; r < lanes; r++) {
    if (!(g->failed >> r & 1) || c->failed++ > 0) {
      continue;
    }
    const sim_violation *v = &g->bound[r];
    if (!g->has_bound[r]) {
      input_failure(g->b, g->w, g->first + r, r, c->first_failure, sizeof c->first_failure);
    } else {
      snprintf(c->first_failure, sizeof c->first_failure,
               "run %ld: year %d, %s = %.6g breaks %s", g->first + r, v->year, v->variable,
               v->value, v->rule);
    }
  }
}

/* Runs [first, first + lanes) side by side.  A lane that broke a bound in
 * the fast path (which checks frozen series against their one value) and
 * passes alone is an ok run in which a frozen series moved: not held.  A
 * lane outside another series' bounds is found by the statistics, and run
 * alone for the bound it broke. */
static void run_group(const batch *b, worker *w, chunk_result *c, long first, int lanes) {
  uint64_t outside = 0, passed;
  for (int r = 0; r < lanes; r++) {
    outside |= (uint64_t)!draw_run(b, w, first + r, r) << r;
  }
  group_failures g = {b, w, c, first, 0};
  uint64_t ok = sim_lanes_run(w->lanes, lanes, outside, &passed, lane_failed, &g);
  uint64_t held = b->acc.histograms ? passed : 0;
  const double *values = sim_engine_values(sim_lanes_engine(w->lanes));
  uint64_t broke = accum_lanes(b, w, c, values, lanes, ok, held);
  for (int r = 0; broke && r < lanes; r++) {
    if (broke >> r & 1) {
      lane_failed(&g, r, sim_lanes_run_alone(w->lanes, r));
    }
  }
  ok &= ~broke;
  count_failures(&g, lanes);
  if (b->acc.replaying) { /* the pilot again: its histograms only */
    c->ok += __builtin_popcountll(ok);
    return;
  }
  evaluate(b, values, lanes, held, w->results);
  if (b->exact) {
    keep_exact(b, first, values, lanes, ok);
  }
  for (int r = 0; r < lanes; r++) {
    long run = first + r;
    bool rows = !b->opts->no_samples;
    if (!(ok >> r & 1)) {
      if (rows) {
        sample_row(b, c, run, w->x[r], false, w->results[r], "failed");
      }
      continue;
    }
    c->ok++;
    score(b, c, held >> r & 1, w->results[r]);
    if (rows) {
      sample_row(b, c, run, w->x[r], held >> r & 1, w->results[r], NULL);
    }
  }
}

/* A range of runs on the runner: the batch, and the file merging writes. */
typedef struct {
  batch *b;
  FILE *samples;
} range;

/* The runner's run (runner.h): one chunk on worker k into slot `at`. */
static void run_chunk(void *ctx, int k, int at, long first, long last) {
  const batch *b = ((range *)ctx)->b;
  worker *w = &((range *)ctx)->b->workers[k];
  chunk_result *c = &((range *)ctx)->b->chunks[at];
  chunk_reset(c);
  design_chunk(&b->design, &w->design, first, last);
  w->design_first = first;
  for (long run = first; run < last; run += BATCH_LANES) {
    run_group(b, w, c, run, (int)(last - run < BATCH_LANES ? last - run : BATCH_LANES));
  }
  accum_flush(b, w, c);
}

/* The runner's merge: chunks in run order into the batch and samples.csv
 * (rank > 0, after the pilot: its part of samples.csv, and the chunk's
 * sums kept for rank 0). */
static void merge_run_chunk(void *ctx, int at, long first, long last) {
  range *m = ctx;
  if (m->b->acc.replaying) { /* counted in the histograms already */
    return;
  }
  if (m->b->ranks.rank > 0 && first >= m->b->pilot) {
    ranks_record(m->b, &m->b->chunks[at]);
  }
  merge_chunk(m->b, &m->b->chunks[at], m->samples);
  progress(m->b, last);
}

/* Runs runs [from, to) on every worker's thread (the calling thread is
 * worker 0), merged in run order.  Ctrl-C stops the taking of chunks; the
 * merged runs are always a prefix. */
static long run_range(batch *b, long from, long to, FILE *samples) {
  /* a replay is never stopped: it completes the histograms of merged runs */
  sim_runner_plan plan = {from, to, BATCH_CHUNK, b->nworkers,
                          b->acc.replaying ? NULL : b->opts->stop};
  range m = {b, samples};
  sim_runner_ops ops = {run_chunk, merge_run_chunk, &m};
  return sim_runner_run(&plan, &ops);
}

/* Histogram ranges from the pilot runs: their range widened by half on
 * each side. */
static void set_ranges(batch *b) {
  for (int s = 0; s < b->series; s++) {
    double lo = b->tot.total.min[s], hi = b->tot.total.max[s], pad = 0.5 * (hi - lo);
    if (!(pad > 0)) {
      pad = fmax(fabs(lo) * 1e-9, 1e-300);
    }
    b->acc.lo[s] = lo - pad;
    b->acc.inv_width[s] = BATCH_BINS / (hi - lo + 2 * pad);
  }
}

/* Runs the pilot's merged runs [0, piloted) again for their histograms,
 * which need the ranges the pilot set: cheaper than keeping 8 bytes of
 * every pilot run's every output-year (a run gives the same bits each
 * time). */
static void replay_pilot(batch *b, long piloted) {
  b->acc.replaying = true;
  run_range(b, 0, piloted, NULL);
  b->acc.replaying = false;
}

sim_status sim_batch_run(sim_scenario *sc, const sim_uncertainty *u,
                         const batch_options *o) {
  batch *b = NULL;
  sim_status st = batch_alloc(sc, u, o, &b);
  FILE *samples = NULL;
  sim_outfile *sf = NULL;
  char why[512] = "";
  if (st == SIM_OK) {
    st = ranks_begin(b, why, sizeof why);
  }
  if (st == SIM_OK && b->ranks.rank == 0) { /* rank > 0: ranks_begin's part file */
    st = batch_open_samples(b, &sf, why, sizeof why);
    samples = sf ? sim_outfile_stream(sf) : NULL;
  }
  long piloted = 0;
  if (st == SIM_OK) {
    piloted = run_range(b, 0, b->pilot, samples);
    b->ranks.at_pilot = b->tot;
    samples_columns(b, samples); /* and the pilot's rows, held till now */
  }
  /* the ranks go on together, or stop together */
  bool go_on = st == SIM_OK && b->opts->runs > b->pilot && !sim_ranks_max(*o->stop);
  if (st == SIM_OK && !b->exact) { /* also when stopped in the pilot */
    set_ranges(b);
    accum_freeze(b);
    st = freeze_targets(b);
    b->acc.histograms = st == SIM_OK;
  }
  if (b->acc.histograms && b->ranks.rank == 0) { /* the pilot's runs are counted once */
    replay_pilot(b, piloted);
  }
  if (b->acc.histograms) { /* a rank stopped in the pilot ran none of its block */
    b->ranks.end = go_on ? run_range(b, b->ranks.first, b->ranks.last,
                                     b->ranks.rank == 0 ? samples : b->ranks.part)
                         : b->ranks.first;
  }
  sim_status joined = SIM_OK; /* rank 0's join of the parts */
  if (st == SIM_OK && b->acc.histograms && b->ranks.count > 1) {
    joined = ranks_merge(b, samples);
  }
  if (st == SIM_OK) {
    merge_histograms(b); /* on every rank: the ranks' sum is a collective */
    st = joined;
  }
  if (b->ranks.rank > 0) { /* rank 0 writes the files */
    if (st == SIM_ERR_IO) {
      fprintf(stderr, "plansim: rank %d: cannot write %s\n", b->ranks.rank, why);
    }
    batch_free(b);
    return st;
  }
  if (st == SIM_OK && b->tot.rows_lost > 0) {
    fprintf(stderr, "plansim: out of memory: %ld rows of samples.csv lost\n",
            b->tot.rows_lost);
    st = SIM_ERR_NOMEM;
  }
  if (st == SIM_OK) {
    st = batch_finish(b, sf, why, sizeof why);
    sf = NULL;
  }
  if (st == SIM_ERR_IO || (st == SIM_ERR_NOMEM && why[0])) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  sim_outfile_abort(sf);
  batch_free(b);
  return st;
}
