/* test_sort.c — sim_sort gives qsort's order (-0.0 before 0.0), and
 * sim_sort_index a stable argsort (a permutation, ascending, ties in index
 * order, -0.0 tying with 0.0), on arrays of many sizes and kinds: uniforms
 * in (0,1), mixed signs, many duplicates, signed zeros, huge and tiny
 * magnitudes, short and long runs of values that agree in the top 32 bits
 * of their keys; with stride 3. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/sort.h"

#define MAX_N 100000
#define STRIDE 3
#define KINDS 7

static uint64_t state = 0x2385u;

/* A uniform in (0,1) from a small LCG. */
static double uniform(void) {
  state = state * 6364136223846793005u + 1442695040888963407u;
  return ((double)(state >> 11) + 0.5) / 9007199254740992.0;
}

/* One value of each kind: 0 uniform, 1 normal-like with mixed signs, 2 few
 * distinct values, 3 signed zeros among small integers, 4 huge and tiny
 * magnitudes of both signs (subnormals and infinities included), 5 ties
 * among uniforms in a narrow range (long runs of equal top halves), 6
 * clusters of a few values each, of both signs, that differ only in the
 * low bits (short runs of equal top halves, with ties). */
static double value(int kind) {
  double u = uniform(), v = uniform();
  switch (kind) {
  case 0:
    return u;
  case 1:
    return (u + v + uniform() - 1.5) * 2.385;
  case 2:
    return (double)(int)(u * 7) * 0.413 - 1.1;
  case 3:
    return v < 0.3 ? 0.0 : v < 0.6 ? -0.0 : (double)(int)(u * 5) - 2;
  case 4:
    return (v < 0.5 ? -1 : 1) *
           (u < 0.01 ? INFINITY : ldexp(u, (int)(uniform() * 2140) - 1070));
  case 5:
    return 0.6 + (double)(int)(u * 40) * 1e-9;
  default:
    return ((double)(int)(u * 997) - 498.5) * 0.7731 *
           (1 + (double)(int)(v * 5) * 0x1p-45);
  }
}

static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* sim_sort against qsort: the same values in the same order, where -0.0
 * and 0.0 count as equal, and -0.0 comes before 0.0. */
static bool check_sort(const double *in, size_t n, double *a, double *want,
                       void *scratch) {
  memcpy(a, in, n * sizeof(double));
  memcpy(want, in, n * sizeof(double));
  sim_sort(a, n, scratch);
  qsort(want, n, sizeof(double), by_double);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    ok = ok && a[i] == want[i];
    ok = ok && !(i > 0 && a[i] == 0 && signbit(a[i]) && !signbit(a[i - 1]));
  }
  return ok;
}

/* order is a permutation of 0..n-1 that sorts x (stride STRIDE) ascending,
 * with ties in increasing index order; x is unchanged (copy holds it). */
static bool check_index(const double *x, const double *copy, size_t n, size_t *order,
                        char *seen, void *scratch) {
  sim_sort_index(order, x, STRIDE, n, scratch);
  memset(seen, 0, n);
  bool ok = memcmp(x, copy, n * STRIDE * sizeof(double)) == 0;
  for (size_t r = 0; r < n && ok; r++) {
    ok = order[r] < n && !seen[order[r]];
    seen[order[r]] = 1;
    if (ok && r > 0) {
      double a = x[order[r - 1] * STRIDE], b = x[order[r] * STRIDE];
      ok = a < b || (a == b && order[r - 1] < order[r]);
    }
  }
  return ok;
}

int main(void) {
  static double in[MAX_N], a[MAX_N], want[MAX_N], x[MAX_N * STRIDE], copy[MAX_N * STRIDE];
  static size_t order[MAX_N];
  static char seen[MAX_N];
  const size_t sizes[] = {0, 1, 2, 3, 17, 2500, MAX_N};
  void *scratch = malloc(sim_sort_scratch_bytes(MAX_N));
  if (!CHECK(scratch != NULL)) {
    return test_summary("test_sort");
  }
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    for (int kind = 0; kind < KINDS; kind++) {
      size_t n = sizes[s];
      for (size_t i = 0; i < n; i++) {
        in[i] = value(kind);
      }
      for (size_t i = 0; i < n * STRIDE; i++) {
        x[i] = value(kind);
      }
      memcpy(copy, x, n * STRIDE * sizeof(double));
      if (!CHECK(check_sort(in, n, a, want, scratch)) ||
          !CHECK(check_index(x, copy, n, order, seen, scratch))) {
        printf("  n = %zu, kind %d\n", n, kind);
      }
    }
  }
  /* The signed zeros keep their signs through sim_sort. */
  double z[] = {0.0, -0.0, -1.5, -0.0, 0.0, 2.385};
  sim_sort(z, 6, scratch);
  int negative = 0;
  for (int i = 1; i < 5; i++) {
    negative += signbit(z[i]) != 0;
  }
  CHECK(z[0] == -1.5 && z[5] == 2.385 && negative == 2);
  /* Ties with -0.0 and 0.0 in index order; a stride of 3 skips the rest. */
  double t[] = {0.0, 9, 9, -0.0, 9, 9, 1.25, 9, 9, 0.0, 9, 9, -3.5, 9, 9};
  size_t o[5], expect[] = {4, 0, 1, 3, 2};
  sim_sort_index(o, t, STRIDE, 5, scratch);
  CHECK(memcmp(o, expect, sizeof o) == 0);
  free(scratch);
  return test_summary("test_sort");
}
