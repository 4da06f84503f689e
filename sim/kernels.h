/* kernels.h — the innermost loops of batches and of the engine's year
 * check, in vector instructions: SSE2 (every x86-64), and AVX2 when the
 * processor has it (chosen at run time).  Both forms give the same bits:
 * the sums keep four lanes in either; elsewhere plain C does the same
 * arithmetic in the same order. */
#ifndef PLANSIM_KERNELS_H
#define PLANSIM_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  double s1, s2, min, max;
} kern_sums;

/* Over x[0..n-1]: the sums of d = x - shift and of d * d, the min and the
 * max.  The sums run in four lanes (lane l takes the r = l mod 4 below
 * n - n % 4), added as (l0 + l1) + (l2 + l3), then the last n % 4 values
 * one by one. */
kern_sums kern_moments(const double *x, int n, double shift);

/* The same sums, and bin[r] = the histogram bin of x[r] (finite) in
 * `bins` <= 32768 bins from lo, inv_width bins per unit: (x - lo) *
 * inv_width clamped to [0, bins - 1] and truncated, as histogram_bin in
 * batch_stats.h (one pass over x for both). */
kern_sums kern_moments_bins(const double *x, int n, double shift, double lo,
                            double inv_width, int bins, uint16_t *bin);
/* Many series' blocks of n values at once (a batch's statistics): for
 * k < count, series s = id[k] has its n values at rows + row[k] * stride;
 * their kern_moments (kern_moments_bins when bins is not NULL, the bins
 * from lo[s] and inv_width[s] going to bins + column[k] * bin_stride) are
 * added to s1[s] and s2[s], and taken into min[s] and max[s]. */
typedef struct {
  const double *rows;
  size_t stride;
  const double *shift, *lo, *inv_width;
  uint16_t *bins;
  size_t bin_stride;
  int nbins;
  double *s1, *s2, *min, *max;
} kern_blocks;
void kern_moments_many(const kern_blocks *b, const int *id, const int *row,
                       const int *column, int count, int n);
/* True when x[i] and y[i] have the same bits for every i < n (0.0 and
 * -0.0 differ). */
bool kern_same_bits(const double *x, const double *y, int n);
/* True when lo[i] <= v[i] <= hi[i] for every i < n (NaN is never inside;
 * lo[i] == hi[i] asks for v[i] == lo[i]). */
bool kern_inside(const double *v, const double *lo, const double *hi, int n);

/* For runs side by side in `lanes` <= 64 lanes, v[s * lanes + r] (value of
 * series s in lane r): bit r of the result is set when lo[s] <= v[s *
 * lanes + r] <= hi[s] for every s < series. */
uint64_t kern_inside_lanes(const double *v, const double *lo, const double *hi,
                           size_t series, int lanes);

/* Tests only: false keeps to SSE2 even where AVX2 is there.  Returns
 * whether the AVX2 forms are in use. */
bool kern_allow_avx2(bool allow);

#endif
