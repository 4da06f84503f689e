/* batch_accum.c — one worker's statistics of the runs of a chunk.  Each
 * run's values are copied side by side by series into a block of
 * ACCUM_BLOCK runs; per block and series the shifted sums and the extremes
 * are taken across the block's runs in vector instructions (SSE2), and after the
 * pilot the histogram bins are written by series and counted every
 * hist_block runs, series by series, while each series' histogram is in
 * cache. */
#include <math.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "batch_internal.h"

static double smaller(double a, double b) {
  return a < b ? a : b;
}

static double larger(double a, double b) {
  return a > b ? a : b;
}

/* Sums and extremes of n values from r on, one at a time. */
static void moments_tail(const double *x, int r, int n, double shift, double *m) {
  for (; r < n; r++) {
    double d = x[r] - shift;
    m[0] += d;
    m[1] += d * d;
    m[2] = smaller(x[r], m[2]);
    m[3] = larger(x[r], m[3]);
  }
}

/* Adds the block's n values x of one series to its sums: two runs at a
 * time with SSE2 (every x86-64; the compiler does not vectorise these
 * reductions itself), the lanes added at the end, in a fixed order. */
static void block_moments(const double *x, int n, double shift, moment_set *m, int s) {
  double sums[4] = {0, 0, INFINITY, -INFINITY};
  int r = 0;
#ifdef __SSE2__
  __m128d c = _mm_set1_pd(shift), s1 = _mm_setzero_pd(), s2 = _mm_setzero_pd();
  __m128d lo = _mm_set1_pd(INFINITY), hi = _mm_set1_pd(-INFINITY);
  for (; r + 2 <= n; r += 2) {
    __m128d v = _mm_loadu_pd(x + r), d = _mm_sub_pd(v, c);
    s1 = _mm_add_pd(s1, d);
    s2 = _mm_add_pd(s2, _mm_mul_pd(d, d));
    lo = _mm_min_pd(v, lo);
    hi = _mm_max_pd(v, hi);
  }
  double l1[2], l2[2], l3[2], l4[2];
  _mm_storeu_pd(l1, s1);
  _mm_storeu_pd(l2, s2);
  _mm_storeu_pd(l3, lo);
  _mm_storeu_pd(l4, hi);
  sums[0] = l1[0] + l1[1];
  sums[1] = l2[0] + l2[1];
  sums[2] = smaller(l3[0], l3[1]);
  sums[3] = larger(l4[0], l4[1]);
#endif
  moments_tail(x, r, n, shift, sums);
  m->s1[s] += sums[0];
  m->s2[s] += sums[1];
  m->min[s] = smaller(sums[2], m->min[s]);
  m->max[s] = larger(sums[3], m->max[s]);
}

/* histogram_bin of each of the n values (finite: the engine checked);
 * eight at a time with SSE2. */
static void block_bins(const double *x, int n, double lo, double inv_width, uint16_t *bin) {
  const double top = BATCH_BINS - 1;
  int r = 0;
#ifdef __SSE2__
  __m128d l = _mm_set1_pd(lo), w = _mm_set1_pd(inv_width);
  __m128d zero = _mm_setzero_pd(), t = _mm_set1_pd(top);
  for (; r + 8 <= n; r += 8) {
    __m128i q[4];
    for (int k = 0; k < 4; k++) {
      __m128d b = _mm_mul_pd(_mm_sub_pd(_mm_loadu_pd(x + r + 2 * k), l), w);
      q[k] = _mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(b, zero), t)); /* two in the low half */
    }
    __m128i a = _mm_unpacklo_epi64(q[0], q[1]), c = _mm_unpacklo_epi64(q[2], q[3]);
    _mm_storeu_si128((__m128i *)(bin + r), _mm_packs_epi32(a, c)); /* 0..4095: no saturation */
  }
#endif
  for (; r < n; r++) {
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
