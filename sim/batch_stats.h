/* batch_stats.h — statistics of a batch, deterministic whatever the thread
 * count: Welford moments merged in chunk order (Chan et al.), exact
 * percentiles up to BATCH_EXACT_RUNS runs, and above that percentiles from
 * fixed histograms whose range comes from the first BATCH_EXACT_RUNS runs. */
#ifndef PLANSIM_BATCH_STATS_H
#define PLANSIM_BATCH_STATS_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
  double n, mean, m2, min, max;
} welford;

/* Adds x to w. */
void welford_add(welford *w, double x);
/* Merges b into a (a then b, in that order). */
void welford_merge(welford *a, const welford *b);

/* Percentile q in [0, 1] of n sorted values, linear between order
 * statistics (NumPy's default). */
double percentile_sorted(const double *sorted, int n, double q);

/* Percentile q of a histogram of `bins` bins over [lo, lo + bins * width)
 * holding `total` values whose exact min and max are known; linear within
 * a bin.  Error: at most one bin width inside the range. */
double percentile_histogram(const uint32_t *count, int bins, double lo, double width,
                            double min, double max, uint64_t total, double q);

/* The histogram bin of x (values outside the range go to the edge bins). */
static inline int histogram_bin(double x, double lo, double inv_width, int bins) {
  double b = (x - lo) * inv_width;
  return b < 0 ? 0 : b >= bins ? bins - 1 : (int)b;
}

#endif
