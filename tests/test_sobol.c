/* test_sobol.c — Saltelli's design and the Sobol estimators against
 * closed forms: the Ishigami function (S1 = 0.3139, 0.4424, 0; ST =
 * 0.5576, 0.4424, 0.2437, within the reported 95 % intervals at N = 2^14)
 * and a linear function of uniforms (S1 = ST = c_j^2 / sum c^2). */
#include <math.h>
#include <stdlib.h>

#include "analysis/sobol.h"
#include "harness.h"

/* The Ishigami function, a = 7, b = 0.1, on u in (0, 1)^3 mapped to
 * (-pi, pi)^3. */
static double ishigami(const double *u) {
  double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1];
  double x3 = -M_PI + 2 * M_PI * u[2];
  return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static void test_design_shape(void) {
  long n = 8;
  int d = 3;
  double *u = malloc((size_t)sobol_runs(n, d) * (size_t)d * sizeof *u);
  CHECK(sobol_design(n, d, u) == SIM_OK);
  for (long i = 0; i < n; i++) {
    const double *a = u + (size_t)i * (size_t)(d + 2) * (size_t)d, *b = a + (d + 1) * d;
    for (int k = 0; k < d; k++) {
      const double *ab = a + (k + 1) * d;
      for (int j = 0; j < d; j++) {
        CHECK(ab[j] == (j == k ? b[j] : a[j]));
        CHECK(a[j] > 0 && a[j] < 1 && b[j] > 0 && b[j] < 1);
      }
    }
  }
  /* points 8..15 of a Sobol sequence hold, in their first coordinate, the
   * odd sixteenths, each once (the first 8 points, skipped, the even ones) */
  int seen[16] = {0};
  for (long i = 0; i < n; i++) {
    seen[(int)(u[(size_t)i * (size_t)(d + 2) * (size_t)d] * 16)]++;
  }
  for (int k = 0; k < 16; k++) {
    CHECK(seen[k] == k % 2);
  }
  CHECK(sobol_design(12, d, u) == SIM_ERR_USAGE);
  CHECK(sobol_design(8, SOBOL_MAX_INPUTS + 1, u) == SIM_ERR_USAGE);
  CHECK(!sobol_n_valid(1) && sobol_n_valid(2) && sobol_n_valid(4096) && !sobol_n_valid(4095));
  free(u);
}

/* Evaluates f over the design of n rows on d inputs and analyses it. */
static bool analyse(double (*f)(const double *), long n, int d, sobol_index *out) {
  long runs = sobol_runs(n, d);
  double *u = malloc((size_t)runs * (size_t)d * sizeof *u);
  double *y = malloc((size_t)runs * sizeof *y);
  int *resample = sobol_resamples(n, 20251203);
  bool ok = u && y && resample && sobol_design(n, d, u) == SIM_OK;
  for (long k = 0; ok && k < runs; k++) {
    y[k] = f(u + (size_t)k * (size_t)d);
  }
  ok = ok && sobol_analyze(y, n, d, resample, out);
  free(u);
  free(y);
  free(resample);
  return ok;
}

static void test_ishigami(void) {
  const double s1[] = {0.3139, 0.4424, 0}, st[] = {0.5576, 0.4424, 0.2437};
  sobol_index idx[3];
  if (!CHECK(analyse(ishigami, 1 << 14, 3, idx))) {
    return;
  }
  for (int j = 0; j < 3; j++) {
    printf("x%d: S1 %.4f ± %.4f (%.4f), ST %.4f ± %.4f (%.4f)\n", j + 1, idx[j].s1,
           idx[j].s1_conf, s1[j], idx[j].st, idx[j].st_conf, st[j]);
    CHECK(fabs(idx[j].s1 - s1[j]) <= idx[j].s1_conf);
    CHECK(fabs(idx[j].st - st[j]) <= idx[j].st_conf);
    /* the intervals are informative: under 0.05 at this N */
    CHECK(idx[j].s1_conf < 0.05 && idx[j].st_conf < 0.05 && idx[j].st_conf > 0);
  }
}

static double linear(const double *u) {
  return 2.385 * u[0] + 1.25 * u[1] + 0.0 * u[2] + 0.4 * u[3];
}

static void test_linear(void) {
  const double c[] = {2.385, 1.25, 0, 0.4};
  double sum = 0;
  for (int j = 0; j < 4; j++) {
    sum += c[j] * c[j];
  }
  sobol_index idx[4];
  if (!CHECK(analyse(linear, 1 << 12, 4, idx))) {
    return;
  }
  for (int j = 0; j < 4; j++) {
    CHECK(fabs(idx[j].s1 - c[j] * c[j] / sum) < 0.01);
    CHECK(fabs(idx[j].st - c[j] * c[j] / sum) < 0.01);
  }
  CHECK(idx[2].st == 0 && idx[2].st_conf == 0); /* an input that cannot reach y */
}

static double constant(const double *u) {
  (void)u;
  return 2.385;
}

static void test_zero_variance(void) {
  sobol_index idx[2] = {{-1, -1, -1, -1}, {-1, -1, -1, -1}};
  CHECK(!analyse(constant, 64, 2, idx));
  CHECK(idx[0].s1 == -1); /* untouched */
}

int main(void) {
  test_design_shape();
  test_ishigami();
  test_linear();
  test_zero_variance();
  return test_summary("sobol");
}
