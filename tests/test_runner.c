/* test_runner.c — the runner (run/runner.h) merges every chunk of a block
 * exactly once, in case order, chunks aligned, whatever the threads; a
 * stop leaves a merged prefix; a slot is not reused before it is merged.
 * The lanes (run/lanes.h) give each lane the bits of a run alone, and
 * report refused and failing lanes. */
#include <stdatomic.h>
#include <string.h>

#include "core/registry.h"
#include "fixture.h"
#include "harness.h"
#include "run/lanes.h"
#include "run/runner.h"

#define CHUNK 100

typedef struct {
  long first, last;
  unsigned long long hash; /* an order-free digest of the chunk's cases */
  atomic_int busy;         /* run and not merged */
} slot;

typedef struct {
  slot slots[2 * SIM_RUNNER_MAX_THREADS];
  long next_merge;    /* the case the next merge must start at */
  long chunks, wrong; /* merges, and those out of order or misaligned */
  long reused;        /* runs into a slot not merged yet */
  long stop_after;    /* set stop after this many merges (0: never) */
  volatile sig_atomic_t stop;
  unsigned long long hash; /* the merges' digest, order-sensitive */
} tally;

static void run(void *ctx, int worker, int at, long first, long last) {
  tally *t = ctx;
  slot *s = &t->slots[at];
  (void)worker;
  t->reused += atomic_exchange(&s->busy, 1);
  s->first = first;
  s->last = last;
  s->hash = 0;
  for (long i = first; i < last; i++) {
    s->hash += (unsigned long long)i * (unsigned long long)i;
  }
}

static void merge(void *ctx, int at, long first, long last) {
  tally *t = ctx;
  slot *s = &t->slots[at];
  t->wrong += first != t->next_merge || s->first != first || s->last != last ||
              (last % CHUNK != 0 && last != 10037);
  t->next_merge = last;
  t->hash = t->hash * 1000003u + s->hash;
  atomic_store(&s->busy, 0);
  if (++t->chunks == t->stop_after) {
    t->stop = 1;
  }
}

/* The block [37, 10037) on `threads` workers; returns the merged end. */
static long run_block(int threads, long stop_after, tally *t) {
  memset(t, 0, sizeof *t);
  t->next_merge = 37;
  t->stop_after = stop_after;
  sim_runner_plan plan = {37, 10037, CHUNK, threads, &t->stop};
  sim_runner_ops ops = {run, merge, t};
  return sim_runner_run(&plan, &ops);
}

static void test_order(void) {
  tally one, many;
  test_true(run_block(1, 0, &one) == 10037, "one thread merges the whole block",
            __LINE__);
  test_true(one.chunks == 101, "101 chunks: 37..100, 99 whole ones, 10000..10037",
            __LINE__);
  for (int threads = 2; threads <= 8; threads *= 2) {
    test_true(run_block(threads, 0, &many) == 10037, "many threads: the whole block",
              __LINE__);
    test_true(many.hash == one.hash && many.chunks == one.chunks,
              "many threads merge the same chunks in the same order", __LINE__);
    test_true(many.wrong == 0 && many.reused == 0,
              "chunks in order, aligned; no slot reused before its merge", __LINE__);
  }
  test_true(one.wrong == 0 && one.reused == 0, "one thread: in order, aligned", __LINE__);
}

static void test_stop(void) {
  tally t;
  long end = run_block(4, 10, &t);
  test_true(end < 10037 && end == t.next_merge && end % CHUNK == 0,
            "a stop merges a prefix of whole chunks", __LINE__);
  test_true(t.chunks >= 10 && t.wrong == 0, "the chunks taken are merged, in order",
            __LINE__);
}

/* What sim_lanes_run reported failed. */
typedef struct {
  uint64_t skipped, broke;
} failures;

static void failed(void *ctx, int lane, const sim_violation *v) {
  failures *f = ctx;
  *(v ? &f->broke : &f->skipped) |= (uint64_t)1 << lane;
}

/* Lanes with their own GDP: each ok lane's values are those of a run
 * alone; a skipped lane and one with a negative GDP fail. */
static void test_lanes(void) {
  sim_scenario *sc = NULL;
  sim_status st;
  sim_engine *alone = fixture_run(NULL, 0, &sc, &st);
  bool varies[SIM_MAX_MODELS] = {false};
  int economy = 0;
  while (strcmp(sim_models[economy]->name, "economy") != 0) {
    economy++;
  }
  size_t gdp0 = sim_models[economy]->params[0].offset; /* read from the table */
  test_true(strcmp(sim_models[economy]->params[0].key, "gdp0") == 0, "gdp0 found",
            __LINE__);
  varies[economy] = true;
  const void *const *base = sim_scenario_params(sc);
  sim_lanes *l =
      sim_lanes_alloc(sim_scenario_start(sc), sim_scenario_end(sc), base, varies);
  test_true(l != NULL && sim_lanes_stride(l, economy) == sim_models[economy]->params_size,
            "lanes allocated, the economy's copies a lane apart", __LINE__);
  if (!l) {
    return;
  }
  int n = 13;
  for (int r = 0; r < n; r++) {
    void *p[SIM_MAX_MODELS];
    sim_lanes_params(l, r, p);
    *(double *)((char *)p[economy] + gdp0) = r == 5 ? -1.0 : 600.0 + 3.7 * r;
  }
  failures f = {0, 0};
  uint64_t passed, ok = sim_lanes_run(l, n, (uint64_t)1 << 2, &passed, failed, &f);
  uint64_t want = (((uint64_t)1 << n) - 1) & ~((uint64_t)1 << 2 | (uint64_t)1 << 5);
  test_true(ok == want && (passed & ~ok) == 0, "ok: every lane but 2 and 5", __LINE__);
  test_true(f.skipped == (uint64_t)1 << 2 && f.broke == (uint64_t)1 << 5,
            "lane 2 reported skipped, lane 5 a broken bound", __LINE__);
  const double *v = sim_engine_values(sim_lanes_engine(l));
  int count = sim_engine_output_count(alone),
      years = sim_scenario_end(sc) - sim_scenario_start(sc) + 1;
  long differ = 0;
  for (int r = 0; r < n; r++) {
    if (!(ok >> r & 1)) {
      continue;
    }
    void *p[SIM_MAX_MODELS];
    sim_lanes_params(l, r, p);
    sim_engine_run(alone, (const void *const *)p);
    const double *a = sim_engine_values(alone);
    for (int s = 0; s < count * years; s++) {
      differ += memcmp(&a[s], &v[(size_t)s * n + r], sizeof(double)) != 0;
    }
  }
  test_true(differ == 0, "every ok lane has the bits of its run alone", __LINE__);
  sim_lanes_free(l);
  sim_engine_free(alone);
  sim_scenario_free(sc);
}

int main(void) {
  test_order();
  test_stop();
  test_lanes();
  return test_summary("runner");
}
