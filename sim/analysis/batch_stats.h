/* batch_stats.h — statistics of a batch, deterministic whatever the thread
 * count: sums of (x - shift) merged in chunk order, where the shift is the
 * deterministic run's value, so the variance does not cancel; exact
 * percentiles up to BATCH_EXACT_RUNS runs, and above that percentiles from
 * fixed histograms whose range comes from the first BATCH_PILOT_RUNS runs. */
#ifndef PLANSIM_BATCH_STATS_H
#define PLANSIM_BATCH_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
  double s1, s2, min, max; /* sums of x - shift and of its square; extremes */
} moments;

/* The sums of n series side by side (structure of arrays). */
typedef struct {
  int n;
  double *s1, *s2, *min, *max;
} moment_set;

/* Allocates n empty sums; false when out of memory. */
bool moment_set_alloc(moment_set *m, int n);
void moment_set_free(moment_set *m);
void moment_set_reset(moment_set *m);
/* Adds b into a, series by series. */
void moment_set_merge(moment_set *a, const moment_set *b);
/* Series s's sums. */
moments moment_set_get(const moment_set *m, int s);

/* Mean and sample standard deviation of n values. */
void moments_result(const moments *m, double n, double shift, double *mean, double *sd);

/* Percentile q in [0, 1] of n sorted values, linear between order
 * statistics (NumPy's default). */
double percentile_sorted(const double *sorted, int n, double q);

/* The nq percentiles q[] of n values (reordered in place), by the same
 * rule as percentile_sorted but by selection instead of sorting; each
 * selection looks only above the last when q is ascending. */
void percentiles_unsorted(double *a, int n, const double *q, int nq, double *out);

/* Percentile q of a histogram of `bins` bins over [lo, lo + bins * width)
 * holding `total` values whose exact min and max are known; linear within
 * a bin.  Error: at most one bin width inside the range. */
double percentile_histogram(const uint32_t *count, int bins, double lo, double width,
                            double min, double max, uint64_t total, double q);
/* The nq percentiles q[] (ascending) of the same histogram in one pass. */
void percentiles_histogram(const uint32_t *count, int bins, double lo, double width,
                           double min, double max, uint64_t total, const double *q,
                           int nq, double *out);

/* The histogram bin of x (values outside the range go to the edge bins). */
static inline int histogram_bin(double x, double lo, double inv_width, int bins) {
  double b = (x - lo) * inv_width;
  return b < 0 ? 0 : b >= bins ? bins - 1 : (int)b;
}

#endif
