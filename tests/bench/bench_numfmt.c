/* bench_numfmt.c — the "%.17g" benchmark (a program, not a test): ns per
 * number for snprintf and for sim_format_g17 on values like a batch's
 * samples (1234.5678901234567, 0.0551234, 3.5e5 times random factors),
 * best of five passes over the same array.
 * usage: bench_numfmt [COUNT] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/numfmt.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Uniform in [0, 1) from a 64-bit LCG. */
static double next_unit(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return (double)(*s >> 11) * 0x1p-53;
}

/* Sample-like values: three scales, each times a factor in [0.5, 1.5). */
static void fill(double *x, long n) {
  static const double scale[] = {1234.5678901234567, 0.0551234, 3.5e5};
  uint64_t s = 2385;
  for (long i = 0; i < n; i++) {
    x[i] = scale[i % 3] * (0.5 + next_unit(&s));
  }
}

/* Best ns per number of five passes; sum collects lengths so no pass is
 * optimised away. */
static double time_passes(const double *x, long n, int use_fast, long *sum) {
  double best = 1e30;
  char buf[SIM_G17_MAX];
  for (int pass = 0; pass < 5; pass++) {
    double t = now();
    for (long i = 0; i < n; i++) {
      *sum +=
          use_fast ? sim_format_g17(x[i], buf) : snprintf(buf, sizeof buf, "%.17g", x[i]);
    }
    t = (now() - t) / (double)n * 1e9;
    best = t < best ? t : best;
  }
  return best;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
  double *x = n > 0 ? malloc((size_t)n * sizeof *x) : NULL;
  if (x == NULL) {
    fprintf(stderr, "usage: bench_numfmt [COUNT > 0]\n");
    return 2;
  }
  fill(x, n);
  long sum_slow = 0, sum_fast = 0;
  double slow = time_passes(x, n, 0, &sum_slow);
  double fast = time_passes(x, n, 1, &sum_fast);
  printf("%ld numbers, best of 5 passes\n", n);
  printf("snprintf %%.17g  %8.1f ns/number\n", slow);
  printf("sim_format_g17  %8.1f ns/number  (%.1fx)\n", fast, slow / fast);
  printf("bytes: %ld and %ld%s\n", sum_slow, sum_fast,
         sum_slow == sum_fast ? "" : "  DIFFERENT");
  free(x);
  return sum_slow == sum_fast ? 0 : 1;
}
