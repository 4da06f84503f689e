/* batch_stats.c — moments, exact and histogram percentiles. */
#include "batch_stats.h"

#include <math.h>

void welford_add(welford *w, double x) {
  w->n += 1;
  double d = x - w->mean;
  w->mean += d / w->n;
  w->m2 += d * (x - w->mean);
  if (w->n == 1 || x < w->min) {
    w->min = x;
  }
  if (w->n == 1 || x > w->max) {
    w->max = x;
  }
}

void welford_merge(welford *a, const welford *b) {
  if (b->n == 0) {
    return;
  }
  if (a->n == 0) {
    *a = *b;
    return;
  }
  double n = a->n + b->n, d = b->mean - a->mean;
  a->mean += d * b->n / n;
  a->m2 += b->m2 + d * d * a->n * b->n / n;
  a->min = fmin(a->min, b->min);
  a->max = fmax(a->max, b->max);
  a->n = n;
}

double percentile_sorted(const double *sorted, int n, double q) {
  if (n == 0) {
    return NAN;
  }
  double h = q * (n - 1);
  int i = (int)floor(h);
  if (i >= n - 1) {
    return sorted[n - 1];
  }
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

double percentile_histogram(const uint32_t *count, int bins, double lo, double width,
                            double min, double max, uint64_t total, double q) {
  if (total == 0) {
    return NAN;
  }
  double rank = q * (double)(total - 1) + 0.5, seen = 0;
  for (int b = 0; b < bins; b++) {
    if (seen + count[b] >= rank && count[b] > 0) {
      double x = lo + width * (b + (rank - seen) / count[b]);
      return fmin(fmax(x, min), max);
    }
    seen += count[b];
  }
  return max;
}
