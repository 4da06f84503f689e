/* batch_accum.c — one worker's statistics of the runs of a chunk.  Each
 * run's values are copied side by side by series into a block of
 * ACCUM_BLOCK runs; per block and series the shifted sums and the extremes
 * are taken across the block's runs in vector instructions (kernels.h), and
 * after the pilot the histogram bins are written by series and counted every
 * hist_block runs, series by series, while each series' histogram is in
 * cache.  After the pilot, series that took their deterministic value in
 * every pilot run are "frozen": the engine checks that they still hold it
 * with the bounds (batch.c), and a run in which some moved handles them one
 * by one. */
#include <math.h>
#include <string.h>

#include "batch_internal.h"
#include "kernels.h"

/* Adds the block's n values x of one series to its sums. */
static void block_moments(const double *x, int n, double shift, moment_set *m, int s) {
  kern_sums k = kern_moments(x, n, shift);
  m->s1[s] += k.s1;
  m->s2[s] += k.s2;
  m->min[s] = sim_min(k.min, m->min[s]);
  m->max[s] = sim_max(k.max, m->max[s]);
}

/* Counts the pending runs of WAYS series at once (independent counts, so
 * that runs falling in one bin of a series do not wait on each other). */
#define WAYS 4
static void count_ways(const batch *b, worker *w, const int *i) {
  uint32_t *h[WAYS];
  const uint16_t *col[WAYS];
  for (int k = 0; k < WAYS; k++) {
    h[k] = series_histogram(w, b->active[i[k]]);
    col[k] = bin_column(b, w, i[k]);
  }
  for (int r = 0, pending = w->pending; r < pending; r++) {
    for (int k = 0; k < WAYS; k++) {
      h[k][col[k][r]]++;
    }
  }
}

/* True when the n bins are all the same. */
static bool one_bin(const uint16_t *col, int n) {
  uint16_t differ = 0;
  for (int r = 1; r < n; r++) {
    differ |= (uint16_t)(col[r] ^ col[0]);
  }
  return differ == 0;
}

/* Counts the pending bins of the active series.  A series whose pending
 * runs all fall in one bin is counted at once. */
static void count_bins(const batch *b, worker *w) {
  int varying[WAYS], n = 0;
  for (int i = 0; i < b->nactive; i++) {
    const uint16_t *col = bin_column(b, w, i);
    if (one_bin(col, w->pending)) {
      series_histogram(w, b->active[i])[col[0]] += (uint32_t)w->pending;
      continue;
    }
    const uint32_t *h = series_histogram(w, b->active[i]);
    for (int bin = BATCH_BINS / 4; bin < 3 * BATCH_BINS / 4; bin += 16) {
      __builtin_prefetch(h + bin, 1); /* the pilot's range: in cache when counted */
    }
    varying[n++] = i;
    if (n == WAYS) {
      count_ways(b, w, varying);
      n = 0;
    }
  }
  for (int k = 0; k < n; k++) { /* the last few, one at a time */
    const uint16_t *col = bin_column(b, w, varying[k]);
    uint32_t *h = series_histogram(w, b->active[varying[k]]);
    for (int r = 0; r < w->pending; r++) {
      h[col[r]]++;
    }
  }
  w->pending = 0;
}

/* Takes the block's sums, and its bins after the pilot. */
static void accum_block(const batch *b, worker *w, chunk_result *c) {
  int n = w->nblock;
  for (int i = 0; i < b->nactive; i++) {
    int s = b->active[i];
    const double *x = w->block + (size_t)i * ACCUM_STRIDE;
    block_moments(x, n, b->shift[s], &c->moments, s);
    if (b->histograms) {
      uint16_t *col = bin_column(b, w, i) + w->pending;
      kern_bins(x, n, b->lo[s], b->inv_width[s], BATCH_BINS, col);
    }
  }
  w->nblock = 0;
  if (b->histograms) {
    w->pending += n;
    if (w->pending + ACCUM_BLOCK > b->hist_block) {
      count_bins(b, w);
    }
  }
}

/* A run in which frozen series moved: their values go to the sums and the
 * histograms one by one (the runs in which they held add exact zeros to
 * the sums; frozen_close counts them). */
static void frozen_moved(const batch *b, worker *w, chunk_result *c, const double *v) {
  for (int k = 0; k < b->nfrozen; k++) {
    int s = b->frozen[k];
    double x = v[s], d = x - b->shift[s];
    if (x == b->shift[s]) {
      continue;
    }
    c->moments.s1[s] += d;
    c->moments.s2[s] += d * d;
    c->moments.min[s] = sim_min(x, c->moments.min[s]);
    c->moments.max[s] = sim_max(x, c->moments.max[s]);
    series_histogram(w, s)[histogram_bin(x, b->lo[s], b->inv_width[s], BATCH_BINS)]++;
    w->moved[k]++;
  }
}

/* The chunk's runs in which each frozen series held its value. */
static void frozen_close(const batch *b, worker *w, chunk_result *c) {
  for (int k = 0; k < b->nfrozen; k++) {
    int s = b->frozen[k];
    long held = c->ok - w->moved[k];
    double x = b->shift[s];
    if (held > 0) {
      c->moments.min[s] = sim_min(x, c->moments.min[s]);
      c->moments.max[s] = sim_max(x, c->moments.max[s]);
      series_histogram(w, s)[histogram_bin(x, b->lo[s], b->inv_width[s], BATCH_BINS)] +=
          (uint32_t)held;
    }
    w->moved[k] = 0;
  }
}

void accum_run(const batch *b, worker *w, chunk_result *c, const double *v) {
  if (b->histograms && !w->held) {
    frozen_moved(b, w, c, v);
  }
  double *at = w->block + w->nblock;
  const int *active = b->active;
  int i = 0, n = b->nactive;
  for (; i + 4 <= n; i += 4, at += 4 * ACCUM_STRIDE) { /* four at a time: a gather */
    at[0] = v[active[i]];
    at[ACCUM_STRIDE] = v[active[i + 1]];
    at[2 * ACCUM_STRIDE] = v[active[i + 2]];
    at[3 * ACCUM_STRIDE] = v[active[i + 3]];
  }
  for (; i < n; i++, at += ACCUM_STRIDE) {
    *at = v[active[i]];
  }
  if (++w->nblock == ACCUM_BLOCK) {
    accum_block(b, w, c);
  }
}

void accum_flush(const batch *b, worker *w, chunk_result *c) {
  if (w->nblock > 0) {
    accum_block(b, w, c);
  }
  if (w->pending > 0) {
    count_bins(b, w);
  }
  frozen_close(b, w, c);
}

bool accum_frozen(const batch *b, int s) {
  return b->check_lo[s] == b->shift[s] && b->check_hi[s] == b->shift[s];
}

void accum_freeze(batch *b) {
  b->nactive = b->nfrozen = 0;
  for (int s = 0; s < b->series; s++) {
    if (b->total.min[s] == b->total.max[s] && b->total.min[s] == b->shift[s]) {
      b->check_lo[s] = b->check_hi[s] = b->shift[s];
      b->frozen[b->nfrozen++] = s;
    } else {
      b->active[b->nactive++] = s;
    }
  }
}
