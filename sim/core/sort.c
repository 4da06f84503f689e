/* sort.c — LSD radix sort of doubles on half keys: each double maps to an
 * unsigned 64-bit key in the same order, 64-bit items (the key itself, or
 * its top half and an index) are sorted stably by the key's top 32 bits,
 * one pass of 8 bits at a time, skipping a digit that is the same for all,
 * and an insertion sort then orders the short runs of equal top halves by
 * the full key.  Long runs (values closer than about 2^-20 of their size)
 * are sorted by the low halves first instead, then by the top halves. */
#include "core/sort.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define DIGIT_BITS 8 /* 4 passes of 256 counters: few to clear for 2,500 items */
#define RADIX ((size_t)1 << DIGIT_BITS)
#define PASSES (32 / DIGIT_BITS)
#define LOW ((uint64_t)0xffffffffu) /* the bits of an item below its top half */
#define SIGN ((uint64_t)1 << 63)
#define MAX_RUN 16 /* longest run of equal top halves left to the insertion sort */

/* The counters of every digit: PASSES rows of RADIX. */
typedef uint32_t counts[PASSES][RADIX];

/* Order-preserving key: negatives get all bits flipped, the rest the sign. */
static inline uint64_t to_key(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u ^ (((uint64_t)0 - (u >> 63)) | SIGN);
}

/* The double whose key is k (the inverse of to_key). */
static inline double from_key(uint64_t k) {
  uint64_t u = k ^ (((k >> 63) - 1) | SIGN);
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* The full key of x[i * stride], -0.0 taken as 0.0: the two compare
 * equal, and by their bits -0.0 would sort first, so the order (and a
 * quantile's sign) would depend on which one a run produced. */
static inline uint64_t key_at(const double *x, size_t stride, uint64_t i) {
  double v = x[i * stride];
  return to_key(v == 0 ? 0.0 : v);
}

static inline uint64_t swap_halves(uint64_t k) {
  return k << 32 | k >> 32;
}

/* The scratch's two buffers of n items, after its counters. */
static inline uint64_t *items(void *scratch) {
  return (uint64_t *)((char *)scratch + sizeof(counts));
}

/* Digit p of an item's top half. */
static inline size_t digit(uint64_t item, int p) {
  return (size_t)(item >> (32 + p * DIGIT_BITS)) & (RADIX - 1);
}

/* Turns the counts of one digit into the first output slot of each value;
 * false when the pass can be skipped: all n items share the digit d. */
static bool offsets(uint32_t *c, size_t n, size_t d) {
  if (c[d] == n) {
    return false;
  }
  uint32_t sum = 0;
  for (size_t v = 0; v < RADIX; v++) {
    uint32_t here = c[v];
    c[v] = sum;
    sum += here;
  }
  return true;
}

/* Sorts the n items at src, one of the scratch's buffers, stably by their
 * top halves.  Returns the buffer holding them. */
static uint64_t *sort_top(uint64_t *src, size_t n, void *scratch) {
  uint32_t(*c)[RADIX] = scratch;
  uint64_t *dst = src == items(scratch) ? src + n : items(scratch);
  memset(c, 0, sizeof(counts));
  for (size_t i = 0; i < n; i++) {
    for (int p = 0; p < PASSES; p++) {
      c[p][digit(src[i], p)]++;
    }
  }
  for (int p = 0; p < PASSES && n > 1; p++) {
    if (!offsets(c[p], n, digit(src[0], p))) {
      continue;
    }
    for (size_t i = 0; i < n; i++) {
      dst[c[p][digit(src[i], p)]++] = src[i];
    }
    uint64_t *t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/* The full key of an item: the item itself (x NULL) or that of
 * x[index * stride]. */
static inline uint64_t full_key(uint64_t item, const double *x, size_t stride) {
  return x ? key_at(x, stride, item & LOW) : item;
}

/* Items sorted by their top halves, index order within, sorted by their
 * full keys by an insertion sort: false, leaving them in some order, when
 * a run of equal top halves is longer than MAX_RUN. */
static bool settle(uint64_t *a, size_t n, const double *x, size_t stride) {
  size_t run = 1;
  for (size_t i = 1; i < n; i++) {
    uint64_t t = a[i];
    if ((t ^ a[i - 1]) > LOW) {
      run = 1; /* a larger top half: in place */
      continue;
    }
    if (++run > MAX_RUN) {
      return false;
    }
    uint64_t kt = full_key(t, x, stride);
    size_t j = i;
    for (; j > 0 && (t ^ a[j - 1]) <= LOW && full_key(a[j - 1], x, stride) > kt; j--) {
      a[j] = a[j - 1];
    }
    a[j] = t;
  }
  return true;
}

size_t sim_sort_scratch_bytes(size_t n) {
  return sizeof(counts) + 2 * n * sizeof(uint64_t);
}

/* The n keys at src sorted by their low halves, then by their top halves. */
static uint64_t *sort_keys_in_full(uint64_t *src, size_t n, void *scratch) {
  for (size_t i = 0; i < n; i++) {
    src[i] = swap_halves(src[i]);
  }
  src = sort_top(src, n, scratch);
  for (size_t i = 0; i < n; i++) {
    src[i] = swap_halves(src[i]);
  }
  return sort_top(src, n, scratch);
}

void sim_sort(double *a, size_t n, void *scratch) {
  uint64_t *src = items(scratch);
  for (size_t i = 0; i < n; i++) {
    src[i] = to_key(a[i]);
  }
  src = sort_top(src, n, scratch);
  if (!settle(src, n, NULL, 0)) {
    src = sort_keys_in_full(src, n, scratch);
  }
  for (size_t i = 0; i < n; i++) {
    a[i] = from_key(src[i]);
  }
}

/* Items (low half of the key, index) in index order, sorted stably by the
 * low halves, then rebuilt as (top half, index) and sorted by those. */
static uint64_t *sort_index_in_full(const double *x, size_t stride, size_t n,
                                    void *scratch) {
  uint64_t *src = items(scratch);
  for (size_t i = 0; i < n; i++) {
    src[i] = key_at(x, stride, i) << 32 | i;
  }
  src = sort_top(src, n, scratch);
  for (size_t r = 0; r < n; r++) {
    src[r] = (key_at(x, stride, src[r] & LOW) & ~LOW) | (src[r] & LOW);
  }
  return sort_top(src, n, scratch);
}

void sim_sort_index(size_t *order, const double *x, size_t stride, size_t n,
                    void *scratch) {
  uint64_t *src = items(scratch);
  assert(n <= LOW);
  for (size_t i = 0; i < n; i++) {
    src[i] = (key_at(x, stride, i) & ~LOW) | i;
  }
  src = sort_top(src, n, scratch);
  if (!settle(src, n, x, stride)) {
    src = sort_index_in_full(x, stride, n, scratch);
  }
  for (size_t i = 0; i < n; i++) {
    order[i] = (size_t)(src[i] & LOW);
  }
}
