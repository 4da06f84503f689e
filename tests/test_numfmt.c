/* test_numfmt.c — sim_format_g17 writes the very bytes of snprintf "%.17g"
 * for over 10^7 doubles: random bit patterns, log-uniform magnitudes,
 * integers, powers of ten and their neighbours, decimal-looking k / 10^j,
 * exact halfway cases, the ends of every binade, digits with many zeros,
 * and the special values; test_numfmt_scalar runs the same on the portable
 * digit conversion.  snprintf, the reference, takes most of the time (0.7
 * to 1.1 us a number on a 2024 x86 VM), so each family is split over
 * WORKERS threads, each with its own seeded stream: the values are the same
 * whatever the number of CPUs. */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/numfmt.h"

#define WORKERS 4

typedef struct worker worker;

/* One thread's share of a family: what to run, its stream and its counts. */
struct worker {
  void (*gen)(worker *, long);
  long n;
  uint64_t rng;
  long checked, mismatched;
};

/* splitmix64: fast, and the same stream on every platform. */
static uint64_t next_u64(worker *w) {
  uint64_t z = (w->rng += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double next_unit(worker *w) {
  return (double)(next_u64(w) >> 11) * 0x1p-53;
}

/* Compares one value; prints a worker's first mismatches in %a with both
 * strings. */
static void check_one(worker *w, double x) {
  char got[SIM_G17_MAX], want[SIM_G17_MAX]; /* exact size: ASan sees any overrun */
  memset(got, 'X', sizeof got);
  int n = sim_format_g17(x, got);
  int len = snprintf(want, sizeof want, "%.17g", x);
  w->checked++;
  if (n != len || memcmp(got, want, (size_t)len + 1) != 0) {
    if (w->mismatched++ < 10) {
      printf("mismatch %a: got \"%.*s\" (%d), want \"%s\" (%d)\n", x, SIM_G17_MAX - 1,
             got, n, want, len);
    }
  }
}

/* x and -x. */
static void check_both(worker *w, double x) {
  check_one(w, x);
  check_one(w, -x);
}

static void random_bits(worker *w, long n) {
  for (long i = 0; i < n; i++) {
    uint64_t b = next_u64(w);
    double x;
    memcpy(&x, &b, sizeof x);
    check_one(w, x);
  }
}

/* |x| uniform in log over 1e-12 .. 1e20, both signs. */
static void log_uniform(worker *w, long n) {
  for (long i = 0; i < n / 2; i++) {
    check_both(w, pow(10.0, -12.0 + 32.0 * next_unit(w)));
  }
}

/* The same over 1e-40 .. 1e46, the exact path's whole range and beyond. */
static void log_wide(worker *w, long n) {
  for (long i = 0; i < n / 2; i++) {
    check_both(w, pow(10.0, -40.0 + 86.0 * next_unit(w)));
  }
}

/* Integers of every bit length up to 64, converted (rounded) to double. */
static void integers(worker *w, long n) {
  for (long i = 0; i < n / 2; i++) {
    uint64_t k = next_u64(w) >> (next_u64(w) % 64);
    check_both(w, (double)k);
  }
}

/* 10^k for every k a double reaches, and 25 neighbours on each side. */
static void powers_of_ten(worker *w, long n) {
  (void)n;
  for (int k = -330; k <= 310; k++) {
    char text[16];
    snprintf(text, sizeof text, "1e%d", k);
    double up = strtod(text, NULL), down = up;
    check_both(w, up);
    for (int i = 0; i < 25; i++) {
      up = nextafter(up, INFINITY);
      down = nextafter(down, 0);
      check_both(w, up);
      check_both(w, down);
    }
  }
}

/* k / 10^j of up to 16 digits, correctly rounded as strtod reads "kE-j"
 * (both exact, so one rounding): 0.055, 801.05. */
static void decimals(worker *w, long n) {
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  static const uint64_t limit[] = {
      10u, 100u, 1000u, 10000u, 1000000u, 100000000u, 10000000000000u, 9007199254740992u};
  for (long i = 0; i < n / 2; i++) {
    uint64_t k = next_u64(w) % limit[i % 8];
    check_both(w, (double)k / p10[next_u64(w) % 23]);
  }
}

/* x = odd * 2^(E-17) with 10^E <= x < 10^(E+1): x * 10^(16-E) is
 * odd * 5^(16-E) / 2, exactly halfway, so the 17th digit rounds to even;
 * such x exist for E from -7 to 15. */
static void ties(worker *w, long n) {
  for (long i = 0; i < n / 2; i++) {
    int E = -7 + (int)(i % 23);
    double lo = ceil(ldexp(pow(10.0, E), 17 - E));
    double hi = fmin(floor(ldexp(pow(10.0, E + 1), 17 - E)), 0x1p53);
    uint64_t odd = ((uint64_t)lo + next_u64(w) % (uint64_t)(hi - lo)) | 1u;
    check_both(w, ldexp((double)odd, E - 17));
  }
}

/* The first and last doubles of every binade and 3 neighbours of each: the
 * smallest and largest m for every exponent, the ends of the common path's
 * shift a (scale) for each E. */
static void binade_ends(worker *w, long n) {
  (void)n;
  for (int e2 = -1022; e2 <= 1023; e2++) {
    double first = ldexp(1.0, e2), last = nextafter(first, 0);
    for (int i = 0; i < 4; i++) {
      check_both(w, first);
      check_both(w, last);
      first = nextafter(first, INFINITY);
      last = nextafter(last, 0);
    }
  }
}

/* Doubles read from 17 random digits, each digit 0 half the time, at a
 * random decimal exponent from -15 to 20: zero digits in every lane of the
 * digit conversion, and every length of trailing zeros. */
static void sparse_digits(worker *w, long n) {
  for (long i = 0; i < n / 2; i++) {
    char text[32];
    uint64_t r = next_u64(w), digits = next_u64(w);
    for (int k = 0; k < 17; k++) {
      text[k] = (char)('0' + ((r >> k & 1) ? (int)(digits % 10) : 0));
      digits /= 10;
    }
    text[0] = (char)('1' + (int)((r >> 20) % 9));
    snprintf(text + 17, sizeof text - 17, "e%d", (int)((r >> 32) % 36) - 31);
    check_both(w, strtod(text, NULL));
  }
}

/* Zero, inf, nan, the extremes, subnormals and the fast path's edges. */
static void specials(worker *w, long n) {
  (void)n;
  const double v[] = {0.0,
                      INFINITY,
                      NAN,
                      DBL_MAX,
                      DBL_MIN,
                      DBL_TRUE_MIN,
                      0x1p-1023,
                      0x1.fffffffffffffp-1023,
                      DBL_EPSILON,
                      0.1,
                      0.5,
                      1.0,
                      2.5,
                      1e16,
                      1e16 - 2,
                      1e16 + 2,
                      0x1p52,
                      0x1p52 - 0.5,
                      0x1p52 + 1,
                      0x1p53 - 1,
                      0x1p53,
                      0x1p53 + 2,
                      9007199254740993.0,
                      1e17 - 16,
                      1e17 + 16,
                      99999999999999984.0,
                      9.9999999999999995e16,
                      9.9999999999999995e-12,
                      1.0000000000000002,
                      1.0000000000000004e-11,
                      1e17,
                      99999999999999999.0,
                      1e-11,
                      1e-12,
                      1e-38,
                      1e-39,
                      0x1p-126,
                      0x1p-127,
                      0x1p-37,
                      0x1p-36,
                      0x1p146,
                      0x1p147,
                      1e43,
                      1e44,
                      0.0001,
                      0.00001,
                      1234.5678901234567,
                      0.055,
                      801.05};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    check_both(w, v[i]);
  }
  for (double x = DBL_TRUE_MIN; x < DBL_MIN; x *= 3.7) {
    check_both(w, x);
  }
}

static void *run_worker(void *arg) {
  worker *w = arg;
  w->gen(w, w->n);
  return NULL;
}

/* Runs one family, n values split over the workers (n == 0: a fixed list,
 * one worker), and records it as one check. */
static void family(const char *name, void (*gen)(worker *, long), long n, long *total) {
  static uint64_t seed = 20240917;
  int k = n > 0 ? WORKERS : 1;
  worker w[WORKERS];
  pthread_t t[WORKERS];
  for (int i = 0; i < k; i++) {
    w[i] = (worker){gen, n / k, ++seed * 0x2545f4914f6cdd1du, 0, 0};
    if (pthread_create(&t[i], NULL, run_worker, &w[i]) != 0) {
      run_worker(&w[i]);
      t[i] = pthread_self();
    }
  }
  long checked = 0, bad = 0;
  for (int i = 0; i < k; i++) {
    if (!pthread_equal(t[i], pthread_self())) {
      pthread_join(t[i], NULL);
    }
    checked += w[i].checked;
    bad += w[i].mismatched;
  }
  printf("%-13s %9ld values, %ld mismatches\n", name, checked, bad);
  *total += checked;
  test_true(bad == 0, name, __LINE__);
}

int main(void) {
  long total = 0;
  family("random bits", random_bits, 1000000, &total);
  family("log-uniform", log_uniform, 3000000, &total);
  family("log-wide", log_wide, 1000000, &total);
  family("integers", integers, 1000000, &total);
  family("powers of 10", powers_of_ten, 0, &total);
  family("decimals", decimals, 2500000, &total);
  family("ties", ties, 1500000, &total);
  family("binade ends", binade_ends, 0, &total);
  family("sparse digits", sparse_digits, 500000, &total);
  family("specials", specials, 0, &total);
  printf("%ld values\n", total);
  CHECK(total >= 10000000);
  /* a CSV cell: NaN (no value) is empty, anything else %.17g */
  char cell[SIM_G17_MAX];
  CHECK(sim_format_cell(NAN, cell) == 0 && cell[0] == '\0');
  CHECK(sim_format_cell(-NAN, cell) == 0 && cell[0] == '\0');
  CHECK(sim_format_cell(2.25, cell) == 4 && strcmp(cell, "2.25") == 0);
  CHECK(sim_format_cell(-INFINITY, cell) == 4 && strcmp(cell, "-inf") == 0);
  return test_summary("test_numfmt");
}
