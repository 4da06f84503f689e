/* power.c — b^t with pow's bits, without the call where they are known.
 *
 * t = 0 is 1 (C's Annex F) and t = 1 is b itself: glibc's pow (Arm's
 * optimized routines, Debian 12's glibc 2.36) is within 0.54 ULP of the
 * exact power, and b is a double, so nothing else is that close.  For
 * t >= 2, b^t is taken in double-double, each year's from the year
 * before's by one product, exact with fma (an error near t * 2^-104 of
 * the value); the double nearest that value is
 * the only one within 0.54 ULP of the exact power whenever the value lies
 * more than 0.04 ULP (and our error) from a midpoint between two doubles —
 * then it is pow's result; otherwise (about 8 % of draws) pow itself is
 * asked.  tests/test_power.c compares with pow bit for bit. */
#include "core/power.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The fma clone multiplies in one instruction; the other calls the C
 * library's fma (exact too): the same bits either way. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                    \
    !defined(PLANSIM_NO_CLONES)
#define POWER_TARGETS __attribute__((target_clones("fma", "default")))
#else
#define POWER_TARGETS
#endif

/* The distance from hi (a normal double well inside the range) to the
 * next double on lo's side. */
static double spacing(double hi, double lo) {
  uint64_t u, ub;
  memcpy(&u, &hi, sizeof u);
  ub = ((u >> 52 & 0x7ff) - 52) << 52; /* 2^(exponent - 52) */
  double ulp;
  memcpy(&ulp, &ub, sizeof ulp);
  bool power_of_two = (u & 0xfffffffffffffu) == 0;
  return power_of_two && (lo < 0) != (hi < 0) ? 0.5 * ulp : ulp; /* toward zero: half */
}

/* b^t for t < n into out: b^t in double-double, one exact product a year,
 * rounded when clear of a midpoint, else pow. */
POWER_TARGETS static void powers_dd(double b, int n, double *out) {
  double hi = b, lo = 0;
  for (int t = 2; t < n; t++) {
    double p = hi * b;
    double e = fma(hi, b, -p) + lo * b; /* hi * b - p exactly, and the low part's */
    hi = p + e;
    lo = e - (hi - p); /* hi + lo = p + e exactly (|p| >= |e|) */
    bool clear = fabs(hi) > 0x1p-900 && fabs(hi) < 0x1p900 &&
                 fabs(lo) < 0.46 * spacing(hi, lo); /* > 0.04 ULP from a midpoint */
    out[t] = clear ? hi : pow(b, t);
  }
}

void sim_powers(double b, int n, double *out) {
  for (int t = 0; t < n && t < 2; t++) {
    out[t] = t == 0 ? 1.0 : b;
  }
  if (n > 2 && n <= 201 && fabs(b) > 0x1p-4 && fabs(b) < 0x1p4) {
    powers_dd(b, n, out);
  } else {
    for (int t = 2; t < n; t++) {
      out[t] = pow(b, t);
    }
  }
}

double sim_power(double b, int t) {
  double out[202];
  if (t < 0 || t > 200) {
    return pow(b, t);
  }
  sim_powers(b, t + 1, out);
  return out[t];
}
