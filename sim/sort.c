/* sort.c — LSD radix sort of doubles: each double maps to an unsigned
 * 64-bit key in the same order, one pass counts every digit of every key,
 * and each digit then scatters the keys stably, skipping a digit that is
 * the same for all keys (the high digits of values in a narrow range). */
#include "sort.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define DIGIT_BITS                                                                       \
  8 /* 8 passes of 256 counters: for chunks of 2,500, fewer counters to clear */
#define RADIX ((size_t)1 << DIGIT_BITS)
#define PASSES ((64 + DIGIT_BITS - 1) / DIGIT_BITS)
#define SIGN ((uint64_t)1 << 63)

/* A key and the index it came from, for sim_sort_index. */
typedef struct {
  uint64_t key;
  size_t index;
} pair;

/* The counters of every digit: PASSES rows of RADIX. */
typedef size_t counts[PASSES][RADIX];

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

static inline size_t digit(uint64_t k, int p) {
  return (size_t)(k >> (p * DIGIT_BITS)) & (RADIX - 1);
}

/* Counts every digit of k. */
static inline void tally(counts c, uint64_t k) {
  for (int p = 0; p < PASSES; p++) {
    c[p][digit(k, p)]++;
  }
}

/* Turns the counts of one digit into the first output slot of each value;
 * false when the pass can be skipped: all n keys share the digit d. */
static bool offsets(size_t *c, size_t n, size_t d) {
  if (c[d] == n) {
    return false;
  }
  size_t sum = 0;
  for (size_t v = 0; v < RADIX; v++) {
    size_t here = c[v];
    c[v] = sum;
    sum += here;
  }
  return true;
}

size_t sim_sort_scratch_bytes(size_t n) {
  return sizeof(counts) + 2 * n * sizeof(pair);
}

void sim_sort(double *a, size_t n, void *scratch) {
  size_t(*c)[RADIX] = scratch;
  uint64_t *src = (uint64_t *)((char *)scratch + sizeof(counts)), *dst = src + n;
  if (n < 2) {
    return;
  }
  memset(c, 0, sizeof(counts));
  for (size_t i = 0; i < n; i++) {
    src[i] = to_key(a[i]);
    tally(c, src[i]);
  }
  for (int p = 0; p < PASSES; p++) {
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
  for (size_t i = 0; i < n; i++) {
    a[i] = from_key(src[i]);
  }
}

void sim_sort_index(size_t *order, const double *x, size_t stride, size_t n,
                    void *scratch) {
  size_t(*c)[RADIX] = scratch;
  pair *src = (pair *)((char *)scratch + sizeof(counts)), *dst = src + n;
  memset(c, 0, sizeof(counts));
  for (size_t i = 0; i < n; i++) {
    double v = x[i * stride];
    src[i] = (pair){to_key(v == 0 ? 0.0 : v), i}; /* -0.0 ties with 0.0 */
    tally(c, src[i].key);
  }
  for (int p = 0; p < PASSES && n > 1; p++) {
    if (!offsets(c[p], n, digit(src[0].key, p))) {
      continue;
    }
    for (size_t i = 0; i < n; i++) {
      dst[c[p][digit(src[i].key, p)]++] = src[i];
    }
    pair *t = src;
    src = dst;
    dst = t;
  }
  for (size_t i = 0; i < n; i++) {
    order[i] = src[i].index;
  }
}
