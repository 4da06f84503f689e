/* batch_accum.c — one worker's statistics of the runs of a chunk.  Each
 * run's values are copied side by side by series into a block of
 * ACCUM_BLOCK runs; per block and series the shifted sums and the extremes
 * are taken across the block's runs in vector instructions, and after the
 * pilot the histogram bins are written by series and counted every
 * hist_block runs, series by series, while each series' histogram is in
 * cache. */
#include <math.h>
#include <string.h>

#include "batch_internal.h"

static double smaller(double a, double b) {
  return a < b ? a : b;
}

static double larger(double a, double b) {
  return a > b ? a : b;
}

/* Adds the block's n values x of one series to its sums.  The additions
 * are vectorised across runs (OpenMP SIMD reductions, -fopenmp-simd: no
 * threads), so their order is the compiler's, fixed for a given build. */
static void block_moments(const double *x, int n, double shift, moment_set *m, int s) {
  double s1 = 0, s2 = 0, lo = INFINITY, hi = -INFINITY;
#pragma omp simd reduction(+ : s1, s2) reduction(min : lo) reduction(max : hi)
  for (int r = 0; r < n; r++) {
    double d = x[r] - shift;
    s1 += d;
    s2 += d * d;
    lo = smaller(x[r], lo);
    hi = larger(x[r], hi);
  }
  m->s1[s] += s1;
  m->s2[s] += s2;
  m->min[s] = smaller(lo, m->min[s]);
  m->max[s] = larger(hi, m->max[s]);
}

/* histogram_bin of each of the n values (finite: the engine checked). */
static void block_bins(const double *x, int n, double lo, double inv_width, uint16_t *bin) {
  const double top = BATCH_BINS - 1;
  for (int r = 0; r < n; r++) {
    double b = (x[r] - lo) * inv_width;
    b = b < 0 ? 0 : b;
    b = b > top ? top : b;
    bin[r] = (uint16_t)(int)b;
  }
}

/* Counts the pending runs of WAYS series at once (independent counts, so
 * that runs falling in one bin of a series do not wait on each other). */
#define WAYS 4
static void count_ways(const batch *b, worker *w, const int *s) {
  uint32_t *h[WAYS];
  const uint16_t *col[WAYS];
  for (int k = 0; k < WAYS; k++) {
    h[k] = w->histogram + (size_t)s[k] * HIST_STRIDE;
    col[k] = w->bins + (size_t)s[k] * (size_t)b->bin_stride;
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

/* Counts the pending bins.  A series whose pending runs all fall in one
 * bin (a value the inputs do not move) is counted at once. */
static void count_bins(const batch *b, worker *w) {
  int varying[WAYS], n = 0;
  for (int s = 0; s < b->series; s++) {
    const uint16_t *col = w->bins + (size_t)s * (size_t)b->bin_stride;
    if (one_bin(col, w->pending)) {
      w->histogram[(size_t)s * HIST_STRIDE + col[0]] += (uint32_t)w->pending;
      continue;
    }
    varying[n++] = s;
    if (n == WAYS) {
      count_ways(b, w, varying);
      n = 0;
    }
  }
  for (int k = 0; k < n; k++) { /* the last few, one at a time */
    const uint16_t *col = w->bins + (size_t)varying[k] * (size_t)b->bin_stride;
    uint32_t *h = w->histogram + (size_t)varying[k] * HIST_STRIDE;
    for (int r = 0; r < w->pending; r++) {
      h[col[r]]++;
    }
  }
  w->pending = 0;
}

/* Takes the block's sums, and its bins after the pilot. */
static void accum_block(const batch *b, worker *w, chunk_result *c) {
  int n = w->nblock;
  for (int s = 0; s < b->series; s++) {
    const double *x = w->block + (size_t)s * ACCUM_STRIDE;
    block_moments(x, n, b->shift[s], &c->moments, s);
    if (b->histograms) {
      uint16_t *col = w->bins + (size_t)s * (size_t)b->bin_stride + w->pending;
      block_bins(x, n, b->lo[s], b->inv_width[s], col);
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

void accum_run(const batch *b, worker *w, chunk_result *c, const double *v) {
  double *at = w->block + w->nblock;
  for (int s = 0; s < b->series; s++) {
    at[(size_t)s * ACCUM_STRIDE] = v[s];
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
}
