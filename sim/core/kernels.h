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

/* Blocks of n values of many series at once (a batch's statistics): for
 * k < count, series s = id[k] has its values x at rows + row[k] * stride.
 * The sums of d = x - shift[s] and of d * d are added to s1[s] and s2[s],
 * the least and the greatest x taken into min[s] and max[s]; the sums run
 * in four lanes (lane l takes the x[r], r = l mod 4, below n - n % 4),
 * added as (l0 + l1) + (l2 + l3), then the last n % 4 values one by one.
 * When bins is not NULL, the histogram bin of each x (finite) in nbins <=
 * 32768 bins from lo[s], inv_width[s] bins per unit — (x - lo) *
 * inv_width clamped to [0, nbins - 1] and truncated, as histogram_bin in
 * batch_stats.h — goes to bins + column[k] * bin_stride.  When out is not
 * NULL, block k's sums go to out[column[k]] instead, for the caller to
 * look at (a batch checks its runs' bounds on them) before
 * kern_add_sums adds them: the same additions. */
typedef struct {
  double s1, s2, min, max; /* one block's sums of x - shift and of its square, least and greatest x */
} kern_sums;
typedef struct {
  const double *rows;
  size_t stride;
  const double *shift, *lo, *inv_width;
  uint16_t *bins;
  size_t bin_stride;
  int nbins;
  double *s1, *s2, *min, *max;
  kern_sums *out;
} kern_blocks;
void kern_moments_many(const kern_blocks *b, const int *id, const int *row,
                       const int *column, int count, int n);
/* Adds out[column[k]] to series id[k]'s sums, k < count. */
void kern_add_sums(const kern_blocks *b, const int *id, const int *column, int count);
/* True when x[i] and y[i] have the same bits for every i < n (0.0 and
 * -0.0 differ). */
bool kern_same_bits(const double *x, const double *y, int n);
/* True when lo[i] <= v[i] <= hi[i] for every i < n (NaN is never inside;
 * lo[i] == hi[i] asks for v[i] == lo[i]). */
bool kern_inside(const double *v, const double *lo, const double *hi, int n);

/* Bounds of every series of runs side by side, for kern_inside_lanes:
 * those asking for one value (lo == hi, a batch's frozen outputs) are
 * compared once (x == lo, the same as lo <= x <= hi then), first, and
 * the others twice. */
typedef struct {
  int series, nsame; /* all series; those asking for one value */
  int *order;        /* series indices in the order compared */
  double *lo, *hi;   /* their bounds, in that order */
} kern_bounds;
/* Room for `series` bounds; false when out of memory. */
bool kern_bounds_alloc(kern_bounds *k, int series);
void kern_bounds_free(kern_bounds *k);
/* Sets the bounds lo[s] <= x <= hi[s] of series s < series (at most the
 * room allocated); a series with lo[s] = -inf and hi[s] = +inf is not
 * checked at all (NaN passes it). */
void kern_bounds_set(kern_bounds *k, const double *lo, const double *hi, int series);
/* For runs side by side in `lanes` <= 64 lanes, v[s * lanes + r] (value of
 * series s in lane r): bit r of the result is set when every series of
 * lane r is inside its bounds (NaN never is). */
uint64_t kern_inside_lanes(const double *v, const kern_bounds *k, int lanes);

/* Tests only: false keeps to SSE2 even where AVX2 is there.  Returns
 * whether the AVX2 forms are in use. */
bool kern_allow_avx2(bool allow);

#endif
