/* test_batch_stats.c — shifted sums merged in any split give the two-pass
 * mean and sd; exact percentiles match NumPy's linear rule; histogram
 * percentiles are within one bin width of the exact ones. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_stats.h"
#include "harness.h"
#include "core/kernels.h"

#define N 50000
#define BINS 4096

static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Histogram percentiles stay within one bin width where the exact one
 * falls in a gap between two runs' values (two clusters: p25 of 1,000
 * values interpolates 3/4 of the way from the lower cluster's last to the
 * upper one's first) and where many runs share one value (three values). */
static void gap_and_ties(void) {
  enum { M = 1000, B = 4096 };
  static double v[M];
  static uint32_t count[B];
  for (int form = 0; form < 2; form++) {
    for (int i = 0; i < M; i++) {
      v[i] = form == 0 ? (i < 250 ? 1.0 + 0.00317 * i : 9.0 + 0.00113 * (i - 250))
                       : (i < 300 ? 2.385 : i < 700 ? 4.125 : 7.75);
    }
    double lo = v[0] - 0.5 * (v[M - 1] - v[0]), width = 2 * (v[M - 1] - v[0]) / B;
    memset(count, 0, sizeof count);
    for (int i = 0; i < M; i++) {
      count[histogram_bin(v[i], lo, 1 / width, B)]++;
    }
    const double q[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    double got[5];
    percentiles_histogram(count, B, lo, width, v[0], v[M - 1], M, q, 5, got);
    for (int k = 0; k < 5; k++) {
      double exact = percentile_sorted(v, M, q[k]);
      if (!CHECK(fabs(got[k] - exact) <= width)) {
        printf("  form %d q %g: %.9g, exact %.9g, bin width %.3g\n", form, q[k], got[k],
               exact, width);
      }
    }
  }
}

int main(void) {
  static double x[N], sorted[N];
  static uint32_t count[BINS];
  unsigned long s = 12345;
  for (int i = 0; i < N; i++) { /* skewed values from a small LCG */
    s = s * 6364136223846793005UL + 1442695040888963407UL;
    double u = (double)(s >> 11) / 9007199254740992.0;
    x[i] = 417.3 * exp(0.283 * u * u) + 2.385 * u;
  }
  /* blocks of 64 (the batch's) in two sets of sums split unevenly, merged */
  moment_set left, right;
  CHECK(moment_set_alloc(&left, 1) && moment_set_alloc(&right, 1));
  double shift = 431.7, mean2 = 0, ss = 0;
  for (int i = 0; i < N; i += 64) {
    int n = N - i < 64 ? N - i : 64;
    moment_set *m = i < 17344 ? &left : &right;
    int zero = 0;
    kern_blocks b = {x + i, 0,    &shift, &shift, &shift, NULL,
                     0,     4096, m->s1,  m->s2,  m->min, m->max};
    kern_moments_many(&b, &zero, &zero, &zero, 1, n);
  }
  for (int i = 0; i < N; i++) {
    mean2 += x[i] / N;
  }
  for (int i = 0; i < N; i++) {
    ss += (x[i] - mean2) * (x[i] - mean2);
  }
  moment_set_merge(&left, &right);
  moments total = moment_set_get(&left, 0);
  double mean, sd;
  moments_result(&total, N, shift, &mean, &sd);
  CHECK_REL(mean, mean2, 1e-12);
  CHECK_REL(sd, sqrt(ss / (N - 1)), 1e-9);
  double lowest = x[0], highest = x[0];
  for (int i = 1; i < N; i++) {
    lowest = fmin(lowest, x[i]);
    highest = fmax(highest, x[i]);
  }
  CHECK(total.min == lowest && total.max == highest);
  /* 20 runs of one value 495.435 summed shifted by 449.491: the sums round
   * (s2 - s1^2 / n = 5.1e-11, an sd of 1.6e-6), but the mean is the value
   * and the sd 0 */
  moments same = {0, 0, 495.435, 495.435};
  for (int i = 0; i < 20; i++) {
    same.s1 += 495.435 - 449.491;
    same.s2 += (495.435 - 449.491) * (495.435 - 449.491);
  }
  moments_result(&same, 20, 449.491, &mean, &sd);
  CHECK(mean == 495.435 && sd == 0);
  moment_set_free(&left);
  moment_set_free(&right);
  memcpy(sorted, x, sizeof x);
  qsort(sorted, N, sizeof(double), by_double);
  CHECK_REL(percentile_sorted(sorted, N, 0.5), 0.5 * (sorted[24999] + sorted[25000]),
            1e-15);
  CHECK(percentile_sorted(sorted, N, 0) == sorted[0]);
  CHECK(percentile_sorted(sorted, N, 1) == sorted[N - 1]);
  static double scratch[N];
  const double qs[] = {0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0};
  double by_select[7];
  memcpy(scratch, x, sizeof x);
  percentiles_unsorted(scratch, N, qs, 7, by_select);
  for (int k = 0; k < 7; k++) {
    CHECK(by_select[k] == percentile_sorted(sorted, N, qs[k]));
  }
  double lo = sorted[0] - 0.5 * (sorted[N - 1] - sorted[0]);
  double width = 2 * (sorted[N - 1] - sorted[0]) / BINS;
  for (int i = 0; i < N; i++) {
    count[histogram_bin(x[i], lo, 1 / width, BINS)]++;
  }
  const double q[] = {0.05, 0.25, 0.5, 0.75, 0.95};
  double in_one_pass[5];
  percentiles_histogram(count, BINS, lo, width, sorted[0], sorted[N - 1], N, q, 5,
                        in_one_pass);
  for (int k = 0; k < 5; k++) {
    double exact = percentile_sorted(sorted, N, q[k]);
    double approx =
        percentile_histogram(count, BINS, lo, width, sorted[0], sorted[N - 1], N, q[k]);
    CHECK(fabs(approx - exact) <= width);
    CHECK(in_one_pass[k] == approx);
  }
  gap_and_ties();
  return test_summary("test_batch_stats");
}
