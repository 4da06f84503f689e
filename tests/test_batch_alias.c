/* test_batch_alias.c — a series aliased after the pilot (batch_alias.c):
 * it stays aliased while its bits equal its alias's in every ok lane
 * (lanes that failed do not count); when they differ it is kept from then
 * on, starting from a copy of what its alias has so far in the worker:
 * the chunk's sums, the block being filled and the pending bins; the sums
 * of series still aliased are their alias's, and a histogram is its own
 * counts plus its alias's minus the alias's counted again after a break. */
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_internal.h"
#include "harness.h"

#define SERIES 3
#define LANES 4

/* Fills series s's state in w and c with values that tell series apart. */
static void fill(batch *b, worker *w, chunk_result *c, int s) {
  for (int k = 0; k < ACCUM_STRIDE; k++) {
    w->block[s * ACCUM_STRIDE + k] = 100 * s + k;
  }
  for (int k = 0; k < (int)bin_stride(b); k++) {
    bin_column(b, w, s)[k] = (uint16_t)(7 * s + k);
  }
  c->moments.s1[s] = s + 0.5;
  c->moments.s2[s] = s + 0.25;
  c->moments.min[s] = -s;
  c->moments.max[s] = 10 + s;
}

/* True when series s's state is series t's (the first n of the block and
 * pending bins: the rest is not in use). */
static bool same_state(const batch *b, const worker *w, const chunk_result *c, int s,
                       int t) {
  const moment_set *m = &c->moments;
  return memcmp(w->block + s * ACCUM_STRIDE, w->block + t * ACCUM_STRIDE,
                (size_t)w->nblock * sizeof(double)) == 0 &&
         memcmp(bin_column(b, w, s), bin_column(b, w, t),
                (size_t)w->pending * sizeof(uint16_t)) == 0 &&
         m->s1[s] == m->s1[t] && m->s2[s] == m->s2[t] && m->min[s] == m->min[t] &&
         m->max[s] == m->max[t];
}

int main(void) {
  static batch b;
  static int active[SERIES] = {0, 1, 2}, alias[SERIES] = {-1, -1, 0};
  static int kept[SERIES], kept_series[SERIES], aliased[SERIES], broken[SERIES];
  b.series = b.acc.nactive = SERIES;
  b.acc.active = active;
  b.acc.alias = alias;
  b.acc.hist_block = 64;
  b.nworkers = 1;
  worker *w = &b.workers[0];
  chunk_result *c = &b.chunks[0];
  w->block = malloc(SERIES * ACCUM_STRIDE * sizeof(double));
  w->bins = malloc(SERIES * bin_stride(&b) * sizeof(uint16_t));
  b.acc.hist = calloc(SERIES * HIST_STRIDE, sizeof(uint32_t));
  b.acc.minus = calloc(SERIES * HIST_STRIDE, sizeof(uint32_t));
  w->kept = kept;
  w->kept_series = kept_series;
  w->aliased = aliased;
  w->broken = broken;
  CHECK(moment_set_alloc(&c->moments, SERIES) && w->block && w->bins && b.acc.hist &&
        b.acc.minus);
  kept[0] = 0;
  kept[1] = 1;
  aliased[0] = 2;
  w->nkept = 2;
  w->naliased = 1;
  w->nblock = 5;
  w->pending = 10;
  for (int s = 0; s < SERIES; s++) {
    fill(&b, w, c, s);
  }

  /* values[s * LANES + r]: series 2 is series 0 but in lane 2 */
  double v[SERIES * LANES] = {1, 2, 3, 4, 9, 9, 9, 9, 1, 2, 3.5, 4};
  alias_check(&b, w, c, v, LANES, 0xB); /* lane 2 failed: still aliased */
  CHECK(w->naliased == 1 && w->nkept == 2 && !same_state(&b, w, c, 2, 0));
  alias_check(&b, w, c, v, LANES, 0xF);
  CHECK(w->naliased == 0 && w->nkept == 3 && kept[2] == 2 && kept_series[2] == 2);
  CHECK(w->nbroken == 1 && broken[0] == 2); /* its alias's bins are counted again */
  CHECK(same_state(&b, w, c, 2, 0));

  /* -0.0 is not 0.0: the bits differ */
  double z[SERIES * LANES] = {0, 0, 0, 0, 9, 9, 9, 9, 0, -0.0, 0, 0};
  kept[0] = 0;
  kept[1] = 1;
  aliased[0] = 2;
  w->nkept = 2;
  w->naliased = 1;
  alias_check(&b, w, c, z, LANES, 0x1); /* lane 1 failed: still aliased */
  CHECK(w->naliased == 1);
  alias_check(&b, w, c, z, LANES, 0x2);
  CHECK(w->naliased == 0 && w->nkept == 3);

  /* the end of a chunk: an aliased series takes its alias's sums */
  fill(&b, w, c, 2);
  w->naliased = 1;
  aliased[0] = 2;
  alias_sums(&b, w, c);
  CHECK(c->moments.s1[2] == c->moments.s1[0] && c->moments.max[2] == c->moments.max[0]);

  /* the end of the batch: series 2's histogram is its own counts (runs
   * after a break) plus series 0's minus series 0's in those runs */
  uint32_t *h0 = series_histogram(&b, 0), *h2 = series_histogram(&b, 2);
  uint32_t *minus2 = b.acc.minus + 2 * HIST_STRIDE;
  for (int k = 0; k < BATCH_BINS; k++) {
    h0[k] = (uint32_t)(10 + k % 7);        /* every run */
    minus2[k] = (uint32_t)(k % 7 == 3);    /* the runs after the break */
    h2[k] = (uint32_t)(k % 11 == 4);       /* series 2 in those runs */
  }
  alias_histograms(&b);
  bool right = true;
  for (int k = 0; k < BATCH_BINS; k++) {
    right &= h2[k] == (uint32_t)(10 + k % 7) - (k % 7 == 3) + (k % 11 == 4) &&
             h0[k] == (uint32_t)(10 + k % 7);
  }
  CHECK(right);
  moment_set_free(&c->moments);
  free(w->block);
  free(w->bins);
  free(b.acc.hist);
  free(b.acc.minus);
  return test_summary("test_batch_alias");
}
