/* sort.h — fast ascending sorts of doubles for the batch design: an LSD
 * radix sort on the top halves of order-preserving 64-bit keys, finished
 * by an insertion sort, in place of GSL's heapsort.
 * No allocation: the caller passes scratch of sim_sort_scratch_bytes(n). */
#ifndef PLANSIM_SORT_H
#define PLANSIM_SORT_H

#include <stddef.h>

/* Bytes of scratch that sim_sort and sim_sort_index need for n elements.
 * The scratch must be aligned as malloc aligns; one block serves both. */
size_t sim_sort_scratch_bytes(size_t n);

/* Sorts a[0..n-1] ascending (finite doubles or infinities, no NaN; -0.0
 * and 0.0 may come out in either order).  scratch: at least
 * sim_sort_scratch_bytes(n) bytes, owned by the caller, contents lost. */
void sim_sort(double *a, size_t n, void *scratch);

/* Fills order[0..n-1] with the permutation that sorts x[i * stride]
 * ascending: x[order[r] * stride] is ascending in r, and equal keys (-0.0
 * equals 0.0) keep their index order, so the result is fully determined,
 * as a stable sort's.  Same values and scratch as sim_sort; n < 2^32; x
 * is not changed. */
void sim_sort_index(size_t *order, const double *x, size_t stride, size_t n,
                    void *scratch);

#endif
