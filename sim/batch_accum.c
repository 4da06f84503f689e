/* batch_accum.c — one worker's statistics of the runs of a chunk.  Each
 * run's values are copied side by side by series into a block of
 * ACCUM_BLOCK runs; per block and series the shifted sums and the extremes
 * are taken across the block's runs in vector instructions (SSE2), and after the
 * pilot the histogram bins are written by series and counted every
 * hist_block runs, series by series, while each series' histogram is in
 * cache.  After the pilot, series that took their deterministic value in
 * every pilot run are "frozen": a run only checks that they still hold it
 * (all at once), and handles one by one those that moved. */
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
static void count_ways(const batch *b, worker *w, const int *i) {
  uint32_t *h[WAYS];
  const uint16_t *col[WAYS];
  for (int k = 0; k < WAYS; k++) {
    h[k] = w->histogram + (size_t)b->active[i[k]] * HIST_STRIDE;
    col[k] = w->bins + (size_t)i[k] * (size_t)b->bin_stride;
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
    const uint16_t *col = w->bins + (size_t)i * (size_t)b->bin_stride;
    if (one_bin(col, w->pending)) {
      w->histogram[(size_t)b->active[i] * HIST_STRIDE + col[0]] += (uint32_t)w->pending;
      continue;
    }
    varying[n++] = i;
    if (n == WAYS) {
      count_ways(b, w, varying);
      n = 0;
    }
  }
  for (int k = 0; k < n; k++) { /* the last few, one at a time */
    const uint16_t *col = w->bins + (size_t)varying[k] * (size_t)b->bin_stride;
    uint32_t *h = w->histogram + (size_t)b->active[varying[k]] * HIST_STRIDE;
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
      uint16_t *col = w->bins + (size_t)i * (size_t)b->bin_stride + w->pending;
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

/* True when every frozen series has its deterministic value in this run;
 * all series are compared at once (SSE2), masked to the frozen ones. */
static bool frozen_hold(const batch *b, const double *v) {
  int s = 0;
  bool held = true;
#ifdef __SSE2__
  __m128d moved = _mm_setzero_pd();
  for (; s + 2 <= b->series; s += 2) {
    __m128d ne = _mm_cmpneq_pd(_mm_loadu_pd(v + s), _mm_loadu_pd(b->shift + s));
    moved = _mm_or_pd(moved, _mm_and_pd(ne, _mm_loadu_pd(b->frozen_mask + s)));
  }
  held = _mm_movemask_pd(moved) == 0;
#endif
  for (; s < b->series; s++) {
    held &= !(v[s] != b->shift[s] && b->frozen_mask[s] != 0);
  }
  return held;
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
    c->moments.min[s] = smaller(x, c->moments.min[s]);
    c->moments.max[s] = larger(x, c->moments.max[s]);
    w->histogram[(size_t)s * HIST_STRIDE +
                 (size_t)histogram_bin(x, b->lo[s], b->inv_width[s], BATCH_BINS)]++;
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
      c->moments.min[s] = smaller(x, c->moments.min[s]);
      c->moments.max[s] = larger(x, c->moments.max[s]);
      w->histogram[(size_t)s * HIST_STRIDE +
                   (size_t)histogram_bin(x, b->lo[s], b->inv_width[s], BATCH_BINS)] +=
          (uint32_t)held;
    }
    w->moved[k] = 0;
  }
}

void accum_run(const batch *b, worker *w, chunk_result *c, const double *v) {
  if (b->nfrozen > 0 && !frozen_hold(b, v)) {
    frozen_moved(b, w, c, v);
  }
  double *at = w->block + w->nblock;
  for (int i = 0; i < b->nactive; i++) {
    at[(size_t)i * ACCUM_STRIDE] = v[b->active[i]];
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

void accum_freeze(batch *b) {
  b->nactive = b->nfrozen = 0;
  for (int s = 0; s < b->series; s++) {
    uint64_t bits = b->total.min[s] == b->total.max[s] && b->total.min[s] == b->shift[s]
                        ? ~(uint64_t)0 : 0;
    memcpy(&b->frozen_mask[s], &bits, sizeof bits);
    if (bits) {
      b->frozen[b->nfrozen++] = s;
    } else {
      b->active[b->nactive++] = s;
    }
  }
}
