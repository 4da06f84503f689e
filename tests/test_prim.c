/* test_prim.c — PRIM on generated samples whose cases of interest are
 * exactly a known box: the box is recovered to within one peeling step
 * and the inputs that do not matter are left unrestricted; the quantile
 * against hand-worked values; the trajectory's invariants. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "analysis/prim.h"
#include "harness.h"

static void test_quantile(void) {
  const double a[] = {1, 2, 3, 4, 5};
  CHECK(prim_quantile(a, 5, 0.05) == 1.5); /* (n-1) q = 0.2: between 1 and 2 */
  CHECK(prim_quantile(a, 5, 0.95) == 4.5);
  const double ties[] = {1, 1, 1, 2, 3};
  CHECK(prim_quantile(ties, 5, 0.05) == 1.5); /* moved past the tie */
  const double top[] = {1, 2, 3, 3, 3};
  CHECK(prim_quantile(top, 5, 0.95) == 2.5);
}

/* n samples of d uniform inputs on [0, 10) (seeded). */
static double *samples(long n, int d, unsigned long seed) {
  double *x = malloc((size_t)n * (size_t)d * sizeof *x);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, seed);
  for (long k = 0; k < n * d; k++) {
    x[k] = 10 * gsl_rng_uniform(r);
  }
  gsl_rng_free(r);
  return x;
}

static const prim_options options = {0.05, 0.05, 0.05, 0.95};

/* Cases of interest in the box 2 <= x0 <= 6 and x1 >= 7; x2, x3 do not
 * matter. */
static void test_box(void) {
  long n = 20000;
  int d = 4;
  double *x = samples(n, d, 42);
  bool *coi = malloc((size_t)n * sizeof *coi);
  for (long i = 0; i < n; i++) {
    const double *xi = x + i * d;
    coi[i] = xi[0] >= 2 && xi[0] <= 6 && xi[1] >= 7;
  }
  prim_result *r;
  if (!CHECK(prim_find(x, coi, n, d, &options, &r) == SIM_OK)) {
    return;
  }
  int k = r->chosen;
  const double *lo = r->lower + k * d, *hi = r->upper + k * d;
  printf("box %d of %d: x0 [%.3f, %.3f] x1 [%.3f, %.3f] coverage %.3f density %.3f\n", k,
         r->steps, lo[0], hi[0], lo[1], hi[1], r->point[k].coverage, r->point[k].density);
  CHECK(r->reached);
  /* one peel removes 5 % of the box's samples: on x0, whose limits are
   * 4 apart in the end, 0.05 x 4 = 0.2 at most; on x1, 3 apart, 0.15 */
  CHECK(fabs(lo[0] - 2) <= 0.2 && fabs(hi[0] - 6) <= 0.2);
  CHECK(fabs(lo[1] - 7) <= 0.15);
  CHECK(!prim_restricts(r, k, 2) && !prim_restricts(r, k, 3));
  CHECK(r->point[k].restricted == 2); /* x0 and x1 */
  prim_free(r);
  free(x);
  free(coi);
}

/* Only x2 matters (x2 < 3): the others stay unrestricted. */
static void test_one_input(void) {
  long n = 5000;
  int d = 3;
  double *x = samples(n, d, 7);
  bool *coi = malloc((size_t)n * sizeof *coi);
  for (long i = 0; i < n; i++) {
    coi[i] = x[i * d + 2] < 3;
  }
  prim_result *r;
  if (!CHECK(prim_find(x, coi, n, d, &options, &r) == SIM_OK)) {
    return;
  }
  int k = r->chosen;
  CHECK(!prim_restricts(r, k, 0) && !prim_restricts(r, k, 1) && prim_restricts(r, k, 2));
  CHECK(fabs(r->upper[k * d + 2] - 3) <= 0.05 * 3);
  CHECK(r->point[k].coverage > 0.95);
  /* the trajectory: mass falls while peeling; coverage and density in [0, 1] */
  bool ok = r->point[0].mass == 1 && r->point[0].coverage == 1;
  for (int s = 0; s < r->steps; s++) {
    ok &= r->point[s].coverage >= 0 && r->point[s].coverage <= 1 &&
          r->point[s].density >= 0 && r->point[s].density <= 1 && r->point[s].mass >= 0.05;
  }
  CHECK(ok);
  prim_free(r);
  free(x);
  free(coi);
}

static void test_no_case(void) {
  double x[] = {1, 2, 3, 4};
  bool coi[] = {false, false, false, false};
  prim_result *r;
  CHECK(prim_find(x, coi, 4, 1, &options, &r) == SIM_ERR_USAGE);
}

int main(void) {
  test_quantile();
  test_box();
  test_one_input();
  test_no_case();
  return test_summary("prim");
}
