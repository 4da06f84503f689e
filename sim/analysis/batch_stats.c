/* batch_stats.c — moments, exact and histogram percentiles. */
#include "analysis/batch_stats.h"

#include <math.h>
#include <stdlib.h>

#include "sim.h"

bool moment_set_alloc(moment_set *m, int n) {
  m->n = n;
  m->s1 = malloc((size_t)n * 4 * sizeof(double));
  m->s2 = m->s1 ? m->s1 + n : NULL;
  m->min = m->s1 ? m->s2 + n : NULL;
  m->max = m->s1 ? m->min + n : NULL;
  moment_set_reset(m);
  return m->s1 != NULL;
}

void moment_set_free(moment_set *m) {
  free(m->s1);
  m->s1 = m->s2 = m->min = m->max = NULL;
}

void moment_set_reset(moment_set *m) {
  for (int s = 0; m->s1 && s < m->n; s++) {
    m->s1[s] = m->s2[s] = 0;
    m->min[s] = INFINITY;
    m->max[s] = -INFINITY;
  }
}

void moment_set_merge(moment_set *a, const moment_set *b) {
  for (int s = 0; s < a->n; s++) {
    a->s1[s] += b->s1[s];
    a->s2[s] += b->s2[s];
    a->min[s] = fmin(a->min[s], b->min[s]);
    a->max[s] = fmax(a->max[s], b->max[s]);
  }
}

moments moment_set_get(const moment_set *m, int s) {
  return (moments){m->s1[s], m->s2[s], m->min[s], m->max[s]};
}

void moments_result(const moments *m, double n, double shift, double *mean, double *sd) {
  if (m->min == m->max) { /* one value in every run: exactly it, and 0 */
    *mean = m->min;
    *sd = 0;
    return;
  }
  *mean = sim_clamp(shift + m->s1 / n, m->min, m->max); /* rounding kept inside */
  double ss = m->s2 - m->s1 * m->s1 / n;
  *sd = n > 1 && ss > 0 ? sqrt(ss / (n - 1)) : 0;
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

/* The j-th smallest (0-based) of the values counted, estimated inside its
 * bin, its bin's values taken as spread evenly over it: within one bin
 * width of the true one.  The scan goes on from bin *b, *seen being the
 * values in the bins before it. */
static double order_statistic(const uint32_t *count, int bins, double lo, double width,
                              double j, int *b, double *seen) {
  while (*b < bins && *seen + count[*b] <= j) {
    *seen += count[(*b)++];
  }
  return *b < bins ? lo + width * (*b + (j - *seen + 0.5) / count[*b]) : INFINITY;
}

void percentiles_histogram(const uint32_t *count, int bins, double lo, double width,
                           double min, double max, uint64_t total, const double *q,
                           int nq, double *out) {
  /* no value below min: the bins before min's are empty and the scan
   * starts one before it, whatever the rounding of (min - lo) / width */
  double first = (min - lo) / width - 1;
  int b = first > 0 && first < bins ? (int)first : 0;
  double seen = 0; /* the values in bins before b */
  for (int k = 0; k < nq; k++) {
    if (total == 0) {
      out[k] = NAN;
      continue;
    }
    /* NumPy's linear rule on estimated order statistics: x_i + f (x_i+1 - x_i),
     * the first and the last being min and max exactly */
    double h = q[k] * (double)(total - 1), i = floor(h), f = h - i, last = (double)(total - 1);
    double x = i == 0 ? min : order_statistic(count, bins, lo, width, i, &b, &seen);
    x = fmin(fmax(x, min), max);
    if (f > 0) {
      int b2 = b; /* the next percentile may need x_i's bin again */
      double seen2 = seen;
      double next =
          i + 1 >= last ? max : order_statistic(count, bins, lo, width, i + 1, &b2, &seen2);
      x += f * (fmin(fmax(next, min), max) - x);
    }
    out[k] = x;
  }
}

double percentile_histogram(const uint32_t *count, int bins, double lo, double width,
                            double min, double max, uint64_t total, double q) {
  double x;
  percentiles_histogram(count, bins, lo, width, min, max, total, &q, 1, &x);
  return x;
}

/* Rearranges a[from..n-1] so that a[k] is the k-th smallest of them,
 * smaller values before it and larger after (Hoare's selection). */
static void select_kth(double *a, int from, int n, int k) {
  int lo = from, hi = n - 1;
  while (lo < hi) {
    double pivot = a[k];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        double t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j < k) {
      lo = i;
    }
    if (k < i) {
      hi = j;
    }
  }
}

void percentiles_unsorted(double *a, int n, const double *q, int nq, double *out) {
  int from = 0; /* a[0..from-1] are in order and below the rest */
  for (int k = 0; k < nq; k++) {
    if (n == 0) {
      out[k] = NAN;
      continue;
    }
    double h = q[k] * (n - 1);
    int i = (int)floor(h);
    if (i < from) { /* q not ascending: select among all again */
      from = 0;
    }
    select_kth(a, from, n, i);
    double next = a[i];
    for (int j = i + 1; j < n; j++) { /* the (i+1)-th smallest: the least above */
      next = j == i + 1 || a[j] < next ? a[j] : next;
    }
    out[k] = i >= n - 1 ? a[i] : a[i] + (h - i) * (next - a[i]);
    from = i + 1;
  }
}
