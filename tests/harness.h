/* harness.h — a tiny test harness in the manner of gsl_test: each check
 * prints a line on failure, test_summary prints "N passed, N failed" and
 * returns the exit status. */
#ifndef PLANSIM_TEST_HARNESS_H
#define PLANSIM_TEST_HARNESS_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

static int test_passed, test_failed;

/* Records one check; prints what failed. */
static inline bool test_true(bool ok, const char *what, int line) {
  if (ok) {
    test_passed++;
  } else {
    test_failed++;
    printf("FAIL line %d: %s\n", line, what);
  }
  return ok;
}

/* |got - want| <= tol * |want| (absolute tol when want == 0). */
static inline bool test_rel(double got, double want, double tol, const char *what,
                            int line) {
  double err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
  bool ok = err <= tol && !isnan(got);
  if (!ok) {
    printf("FAIL line %d: %s: got %.17g, want %.17g (rel err %.3g > %.3g)\n", line, what,
           got, want, err, tol);
  }
  ok ? test_passed++ : test_failed++;
  return ok;
}

static inline int test_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
  return test_failed ? 1 : 0;
}

#define CHECK(cond) test_true((cond), #cond, __LINE__)
#define CHECK_REL(got, want, tol) test_rel((got), (want), (tol), #got, __LINE__)

#endif
