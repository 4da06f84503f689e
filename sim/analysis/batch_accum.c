/* batch_accum.c — one worker's statistics of the runs of a chunk.  The
 * runs' values are side by side by series in blocks of ACCUM_BLOCK runs
 * (the engine's lanes as they are, or copied into a block when some lanes
 * failed); per block and series the shifted sums and the extremes
 * are taken across the block's runs in vector instructions (kernels.h), and
 * after the pilot the histogram bins are written by series and counted every
 * hist_block runs, series by series, in a worker's small counts that stay
 * in cache, then added to the histograms the workers share.  After the
 * pilot, series that took their deterministic value in every pilot run are
 * "frozen": the engine checks that they still hold it with the bounds
 * (batch.c), and a run in which some moved handles them one by one. */
#include <math.h>
#include <string.h>

#include "analysis/batch_internal.h"
#include "core/kernels.h"

/* The counts of way k (0 <= k < WAYS) of the worker's counting. */
static uint16_t *way_counts(const worker *w, int k) {
  return w->counts + (size_t)k * COUNT_STRIDE;
}

/* Adds the counts of way k to histogram h (series s's, or a part of it),
 * under the series' lock, and clears them. */
static void add_counts(const batch *b, worker *w, int k, int s, uint32_t *h) {
  uint16_t *counts = way_counts(w, k);
  pthread_mutex_lock(histogram_lock(b, s));
  for (int bin = 0; bin < BATCH_BINS; bin++) {
    h[bin] += counts[bin];
  }
  pthread_mutex_unlock(histogram_lock(b, s));
  memset(counts, 0, BATCH_BINS * sizeof *counts);
}

/* Counts the pending runs of WAYS series at once (independent counts, so
 * that runs falling in one bin of a series do not wait on each other),
 * the bins of active series i[k] into way k. */
#define WAYS 4
static void count_ways(const batch *b, worker *w, const int *i) {
  _Static_assert(WAYS == 4, "four named ways");
  /* named, not an array: each count and column in a register of its own */
  uint16_t *h0 = way_counts(w, 0), *h1 = way_counts(w, 1);
  uint16_t *h2 = way_counts(w, 2), *h3 = way_counts(w, 3);
  const uint16_t *c0 = bin_column(b, w, i[0]), *c1 = bin_column(b, w, i[1]);
  const uint16_t *c2 = bin_column(b, w, i[2]), *c3 = bin_column(b, w, i[3]);
  for (int r = 0, pending = w->pending; r < pending; r++) {
    h0[c0[r]]++;
    h1[c1[r]]++;
    h2[c2[r]]++;
    h3[c3[r]]++;
  }
}

/* Counts the pending runs of active series i into way 0 (one at a time). */
static void count_one(const batch *b, worker *w, int i) {
  const uint16_t *col = bin_column(b, w, i);
  uint16_t *h = way_counts(w, 0);
  for (int r = 0; r < w->pending; r++) {
    h[col[r]]++;
  }
}

/* True when the n bins are all the same; looks 64 at a time and stops at
 * the first that differ (varying series: after the first 64). */
static bool one_bin(const uint16_t *col, int n) {
  uint16_t differ = 0;
  for (int r = 0; r < n && differ == 0; r += 64) {
    for (int k = r, end = r + 64 < n ? r + 64 : n; k < end; k++) {
      differ |= (uint16_t)(col[k] ^ col[0]);
    }
  }
  return differ == 0;
}

/* The histogram of active series i: where its counts go. */
static uint32_t *active_histogram(const batch *b, int i) {
  return series_histogram(b, b->acc.active[i]);
}

/* Counts the pending bins of the kept series into their histograms, four
 * at a time; a series whose pending runs all fall in one bin is counted
 * at once.  Workers start at different series, so that they seldom wait
 * for one another's lock.  A series kept since its alias broke here has
 * its alias's bins counted again, into b->acc.minus. */
static void count_bins(const batch *b, worker *w) {
  int varying[WAYS], n = 0, from = (int)(w - b->workers) * w->nkept / b->nworkers;
  for (int step = 0; step < w->nkept; step++) {
    int i = w->kept[(from + step) % w->nkept], s = b->acc.active[i];
    const uint16_t *col = bin_column(b, w, i);
    if (one_bin(col, w->pending)) {
      pthread_mutex_lock(histogram_lock(b, s));
      active_histogram(b, i)[col[0]] += (uint32_t)w->pending;
      pthread_mutex_unlock(histogram_lock(b, s));
      continue;
    }
    varying[n++] = i;
    if (n == WAYS) {
      count_ways(b, w, varying);
      for (int k = 0; k < WAYS; k++) {
        add_counts(b, w, k, b->acc.active[varying[k]], active_histogram(b, varying[k]));
      }
      n = 0;
    }
  }
  for (int k = 0; k < n; k++) { /* the last few, one at a time */
    count_one(b, w, varying[k]);
    add_counts(b, w, 0, b->acc.active[varying[k]], active_histogram(b, varying[k]));
  }
  for (int k = 0; k < w->nbroken; k++) {
    int i = w->broken[k];
    count_one(b, w, b->acc.alias[i]);
    add_counts(b, w, 0, b->acc.active[i], b->acc.minus + (size_t)i * HIST_STRIDE);
  }
  w->pending = 0;
}

/* Takes the sums of n runs, and their bins after the pilot: the values of
 * active series i at rows + i * stride, or at rows + s * stride (s the
 * series) when by_series. */
/* The kept series' block of n runs at rows (stride apart) for the
 * kernels: their sums go to the chunk's, or to w->sums when `out`. */
static kern_blocks blocks_of(const batch *b, worker *w, chunk_result *c, const double *rows,
                             size_t stride, bool out) {
  moment_set *m = &c->moments;
  return (kern_blocks){rows,
                       stride,
                       b->acc.shift,
                       b->acc.lo,
                       b->acc.inv_width,
                       b->acc.histograms ? w->bins + w->pending : NULL,
                       bin_stride(b),
                       BATCH_BINS,
                       m->s1,
                       m->s2,
                       m->min,
                       m->max,
                       out ? w->sums : NULL};
}

/* The block's n runs binned: counted once hist_block runs pend. */
static void bins_taken(const batch *b, worker *w, int n) {
  if (b->acc.histograms) {
    w->pending += n;
    if (w->pending + ACCUM_BLOCK > b->acc.hist_block) {
      count_bins(b, w);
    }
  }
}

static void take_block(const batch *b, worker *w, chunk_result *c, const double *rows,
                       size_t stride, bool by_series, int n) {
  kern_blocks blocks = blocks_of(b, w, c, rows, stride, false);
  /* kept series i = kept[k] is series kept_series[k]; its bins are column i */
  kern_moments_many(&blocks, w->kept_series, by_series ? w->kept_series : w->kept,
                    w->kept, w->nkept, n);
  bins_taken(b, w, n);
}

/* True when a block's sums m of a series show every run inside [lo, hi]
 * and finite (a NaN or an infinity makes the sums not finite: the least
 * and greatest value may pass NaN by). */
static bool sums_inside(kern_sums m, double lo, double hi) {
  return m.min >= lo && m.max <= hi && m.s1 - m.s1 == 0 && m.s2 - m.s2 == 0;
}

/* True when the block's sums in w->sums show every run of every active
 * series inside its bounds: one look a series.  An aliased series took
 * its alias's bits in these runs (alias_check), so its alias's sums. */
static bool block_inside(const batch *b, const worker *w) {
  bool inside = true;
  for (int k = 0; k < w->nkept; k++) {
    int s = w->kept_series[k];
    inside &= sums_inside(w->sums[w->kept[k]], b->acc.check_lo[s], b->acc.check_hi[s]);
  }
  for (int a = 0; a < w->naliased; a++) {
    int i = w->aliased[a], s = b->acc.active[i];
    inside &= sums_inside(w->sums[b->acc.alias[i]], b->acc.check_lo[s], b->acc.check_hi[s]);
  }
  return inside;
}

/* The lanes of a group that break a bound of an active series, run by
 * run (b->acc.lane_bounds). */
static uint64_t lanes_outside(const batch *b, const double *values, int lanes) {
  uint64_t all = lanes == 64 ? ~(uint64_t)0 : ((uint64_t)1 << lanes) - 1;
  return all & ~kern_inside_lanes(values, &b->acc.lane_bounds, lanes);
}

/* A whole block of ok lanes: its sums, then one look a series at them
 * against the bounds; taken when inside, else the lanes outside are
 * returned and nothing is taken. */
static uint64_t take_whole(const batch *b, worker *w, chunk_result *c, const double *values) {
  kern_blocks blocks = blocks_of(b, w, c, values, ACCUM_BLOCK, true);
  kern_moments_many(&blocks, w->kept_series, w->kept_series, w->kept, w->nkept, ACCUM_BLOCK);
  uint64_t outside = block_inside(b, w) ? 0 : lanes_outside(b, values, ACCUM_BLOCK);
  if (outside == 0) { /* also when the sums only overflowed */
    kern_add_sums(&blocks, w->kept_series, w->kept, w->nkept);
    bins_taken(b, w, ACCUM_BLOCK);
  }
  return outside;
}

/* Takes the block's sums, and its bins after the pilot. */
static void accum_block(const batch *b, worker *w, chunk_result *c) {
  take_block(b, w, c, w->block, ACCUM_STRIDE, false, w->nblock);
  w->nblock = 0;
}

/* A run in which frozen series moved, v[s * lanes]: their values go to the
 * sums and the histograms one by one (the runs in which they held add exact zeros to
 * the sums; frozen_close counts them). */
static void frozen_moved(const batch *b, worker *w, chunk_result *c, const double *v,
                         int lanes) {
  for (int k = 0; k < b->acc.nfrozen; k++) {
    int s = b->acc.frozen[k];
    double x = v[(size_t)s * (size_t)lanes], d = x - b->acc.shift[s];
    if (x == b->acc.shift[s]) {
      continue;
    }
    c->moments.s1[s] += d;
    c->moments.s2[s] += d * d;
    c->moments.min[s] = sim_min(x, c->moments.min[s]);
    c->moments.max[s] = sim_max(x, c->moments.max[s]);
    pthread_mutex_lock(histogram_lock(b, s));
    series_histogram(b, s)[histogram_bin(x, b->acc.lo[s], b->acc.inv_width[s], BATCH_BINS)]++;
    pthread_mutex_unlock(histogram_lock(b, s));
    w->moved[k]++;
  }
}

/* The chunk's runs in which each frozen series held its value (added to
 * its histogram by accum_settle, after all runs). */
static void frozen_close(const batch *b, worker *w, chunk_result *c) {
  for (int k = 0; k < b->acc.nfrozen; k++) {
    int s = b->acc.frozen[k];
    long held = c->ok - w->moved[k];
    double x = b->acc.shift[s];
    if (held > 0) {
      c->moments.min[s] = sim_min(x, c->moments.min[s]);
      c->moments.max[s] = sim_max(x, c->moments.max[s]);
      w->held[k] += (uint64_t)held;
    }
    w->moved[k] = 0;
  }
}

void accum_settle(batch *b) {
  for (int k = 0; k < b->nworkers; k++) { /* bins pend across chunks */
    if (b->workers[k].pending > 0) {
      count_bins(b, &b->workers[k]);
    }
  }
  for (int k = 0; k < b->acc.nfrozen; k++) {
    int s = b->acc.frozen[k];
    uint64_t held = 0;
    for (int j = 0; j < b->nworkers; j++) {
      held += b->workers[j].held[k];
    }
    if (held > 0) {
      series_histogram(b, s)[histogram_bin(b->acc.shift[s], b->acc.lo[s], b->acc.inv_width[s],
                                           BATCH_BINS)] += (uint32_t)held;
    }
  }
  alias_histograms(b);
}

/* Copies lanes [from, to) of every active series into the block, taking
 * the block's sums each time it fills. */
static void copy_lanes(const batch *b, worker *w, chunk_result *c, const double *values,
                       int lanes, int from, int to) {
  while (from < to) {
    int n = to - from < ACCUM_BLOCK - w->nblock ? to - from : ACCUM_BLOCK - w->nblock;
    for (int k = 0; k < w->nkept; k++) {
      int i = w->kept[k];
      double *at = w->block + (size_t)i * ACCUM_STRIDE + w->nblock;
      const double *x = values + (size_t)b->acc.active[i] * (size_t)lanes + from;
      for (int r = 0; r < n; r++) {
        at[r] = x[r];
      }
    }
    w->nblock += n;
    from += n;
    if (w->nblock == ACCUM_BLOCK) {
      accum_block(b, w, c);
    }
  }
}

uint64_t accum_lanes(const batch *b, worker *w, chunk_result *c, const double *values,
                     int lanes, uint64_t ok, uint64_t held) {
  alias_check(b, w, c, values, lanes, ok);
  bool whole = lanes == ACCUM_BLOCK && ok == ~(uint64_t)0 && w->nblock == 0;
  /* the lanes are a block already: checked on its sums; else run by run */
  uint64_t outside = whole ? take_whole(b, w, c, values) : ok & lanes_outside(b, values, lanes);
  whole &= outside == 0;
  ok &= ~outside;
  for (int r = 0; !whole && r < lanes;) { /* each stretch of ok lanes at once */
    int end = r;
    while (end < lanes && (ok >> end & 1)) {
      end++;
    }
    copy_lanes(b, w, c, values, lanes, r, end);
    r = end + 1;
  }
  for (int r = 0; b->acc.histograms && r < lanes; r++) {
    if ((ok >> r & 1) && !(held >> r & 1)) {
      frozen_moved(b, w, c, values + r, lanes);
    }
  }
  return outside;
}

void accum_checks(batch *b) {
  double *lo = b->acc.bounds_scratch, *hi = lo + b->series;
  /* the engine: each frozen series' one value (the others: unbounded) */
  for (int s = 0; s < b->series; s++) {
    bool frozen = accum_frozen(b, s);
    lo[s] = frozen ? b->acc.shift[s] : -INFINITY;
    hi[s] = frozen ? b->acc.shift[s] : INFINITY;
  }
  for (int k = 0; k < b->nworkers; k++) {
    sim_engine_set_check(sim_lanes_engine(b->workers[k].lanes), lo, hi);
  }
  /* the statistics: the others' bounds, run by run when a block breaches */
  for (int s = 0; s < b->series; s++) {
    bool frozen = accum_frozen(b, s);
    lo[s] = frozen ? -INFINITY : b->acc.check_lo[s];
    hi[s] = frozen ? INFINITY : b->acc.check_hi[s];
  }
  kern_bounds_set(&b->acc.lane_bounds, lo, hi, b->series);
}

void accum_flush(const batch *b, worker *w, chunk_result *c) {
  if (w->nblock > 0) {
    accum_block(b, w, c);
  }
  alias_sums(b, w, c);
  frozen_close(b, w, c);
}

bool accum_frozen(const batch *b, int s) {
  return b->acc.check_lo[s] == b->acc.shift[s] && b->acc.check_hi[s] == b->acc.shift[s];
}

void accum_freeze(batch *b) {
  b->acc.nactive = b->acc.nfrozen = 0;
  for (int s = 0; s < b->series; s++) {
    if (b->tot.total.min[s] == b->tot.total.max[s] && b->tot.total.min[s] == b->acc.shift[s]) {
      b->acc.check_lo[s] = b->acc.check_hi[s] = b->acc.shift[s];
      b->acc.frozen[b->acc.nfrozen++] = s;
    } else {
      b->acc.active[b->acc.nactive++] = s;
    }
  }
  accum_checks(b);
  alias_find(b);
}
