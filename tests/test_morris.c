/* test_morris.c — Morris trajectories and their measures against closed
 * forms: on a linear function every elementary effect is the slope (mu* =
 * |c|, sigma = 0, an interval of width 0); a product's effects vary
 * (sigma > 0); the design stays on the grid and moves one input a step. */
#include <math.h>
#include <stdlib.h>

#include "analysis/morris.h"
#include "harness.h"

static void test_design(void) {
  long r = 50;
  int d = 5, p = 4;
  double delta = morris_delta(p);
  double *g = malloc((size_t)morris_runs(r, d) * (size_t)d * sizeof *g);
  CHECK(morris_design(r, d, p, 7, g) == SIM_OK);
  int moved_wrong = 0, off_grid = 0;
  for (long t = 0; t < r; t++) {
    int seen[5] = {0};
    for (int k = 0; k < d; k++) {
      const double *a = g + (size_t)(t * (d + 1) + k) * (size_t)d, *b = a + d;
      int moved = 0;
      for (int j = 0; j < d; j++) {
        if (a[j] != b[j]) {
          moved++;
          seen[j]++;
          moved_wrong += fabs(fabs(b[j] - a[j]) - delta) > 1e-12;
        }
        double level = b[j] * (p - 1);
        off_grid += fabs(level - round(level)) > 1e-9 || b[j] < 0 || b[j] > 1;
      }
      moved_wrong += moved != 1;
    }
    for (int j = 0; j < d; j++) {
      moved_wrong += seen[j] != 1; /* each input moves once a trajectory */
    }
  }
  CHECK(moved_wrong == 0);
  CHECK(off_grid == 0);
  CHECK(morris_design(r, d, 3, 7, g) == SIM_ERR_USAGE); /* p odd */
  free(g);
}

/* Evaluates f on a design and analyses it. */
static bool analyse(double (*f)(const double *), long r, int d, int p, morris_index *out) {
  double *g = malloc((size_t)morris_runs(r, d) * (size_t)d * sizeof *g);
  double *y = malloc((size_t)morris_runs(r, d) * sizeof *y);
  bool ok = g && y && morris_design(r, d, p, 11, g) == SIM_OK;
  for (long k = 0; ok && k < morris_runs(r, d); k++) {
    y[k] = f(g + (size_t)k * (size_t)d);
  }
  int *resample = morris_resamples(r, 13);
  ok = ok && resample && morris_analyze(g, y, r, d, p, resample, out);
  free(resample);
  free(g);
  free(y);
  return ok;
}

static double linear(const double *x) {
  return -2.385 * x[0] + 1.25 * x[1] + 0 * x[2];
}

static double product(const double *x) {
  return 3 * x[0] * x[1] + 0.5 * x[2];
}

static void test_linear(void) {
  morris_index m[3];
  if (!CHECK(analyse(linear, 64, 3, 4, m))) {
    return;
  }
  CHECK_REL(m[0].mu, -2.385, 1e-12);
  CHECK_REL(m[0].mu_star, 2.385, 1e-12);
  CHECK_REL(m[1].mu_star, 1.25, 1e-12);
  CHECK(m[2].mu_star == 0);
  CHECK(m[0].sigma < 1e-12 && m[0].mu_star_conf < 1e-12);
}

static void test_product(void) {
  morris_index m[3];
  if (!CHECK(analyse(product, 200, 3, 4, m))) {
    return;
  }
  /* the effect of x0 is 3 x1 (x1 on the grid, mean 0.5 over levels): mu* ~ 1.5 */
  CHECK(fabs(m[0].mu_star - 1.5) < 3 * m[0].mu_star_conf);
  CHECK(m[0].sigma > 0.5 && m[0].mu_star_conf > 0);
  CHECK_REL(m[2].mu_star, 0.5, 1e-12);
  CHECK(m[2].sigma < 1e-12);
}

static double constant(const double *x) {
  (void)x;
  return 4.2;
}

static void test_constant(void) {
  morris_index m[2];
  CHECK(!analyse(constant, 10, 2, 4, m));
}

int main(void) {
  test_design();
  test_linear();
  test_product();
  test_constant();
  return test_summary("morris");
}
