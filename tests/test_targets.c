/* test_targets.c — each target kind on hand-computed series (high-entropy
 * values), the three operators, and the glide path to a target. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "report/scorecard.h"
#include "scenario/targets.h"

/* Two outputs over 2021..2026: x (index 0) and y (index 1). */
static const double series[6][2] = {{417.3, 23.81}, {441.9, 24.67}, {468.2, 25.02},
                                    {489.5, 26.35}, {517.8, 27.11}, {548.6, 28.03}};

static sim_target_result eval_one(sim_target t) {
  sim_targets ts;
  sim_target_result r[1];
  ts.n = 1;
  ts.item[0] = t;
  int bad = sim_targets_eval(&ts, &series[0][0], 2, 2021, r);
  CHECK(bad == -1 || isnan(r[0].result));
  return r[0];
}

static sim_target make(int kind, int op, int from, int to, double value, double tol) {
  sim_target t;
  memset(&t, 0, sizeof t);
  t.id = "t";
  t.var = "x";
  t.kind = kind;
  t.op = op;
  t.from = from;
  t.to = to;
  t.value = value;
  t.tol = tol;
  t.var_index = 0;
  t.ref_index = 1;
  return t;
}

static void kinds(void) {
  sim_target_result r = eval_one(make(TARGET_LEVEL, TARGET_GE, 2021, 2026, 550.0, NAN));
  CHECK_REL(r.result, 548.6, 1e-15);
  CHECK_REL(r.gap, 548.6 - 550.0, 1e-12);
  CHECK(!r.met);
  double g = (pow(548.6 / 417.3, 1 / 5.0) - 1) * 100;
  r = eval_one(make(TARGET_GROWTH, TARGET_NEAR, 2021, 2026, 5.5, 0.25));
  CHECK_REL(r.result, g, 1e-12);
  CHECK(r.met == (fabs(g - 5.5) <= 0.25));
  double g23 = (pow(489.5 / 441.9, 1 / 2.0) - 1) * 100;
  r = eval_one(make(TARGET_GROWTH, TARGET_LE, 2022, 2024, 5.0, NAN));
  CHECK_REL(r.result, g23, 1e-12);
  CHECK(r.met == (g23 <= 5.0));
  r = eval_one(make(TARGET_CUMULATIVE, TARGET_GE, 2021, 2026, 2466.0, NAN));
  CHECK_REL(r.result, 441.9 + 468.2 + 489.5 + 517.8 + 548.6, 1e-15);
  CHECK(r.met);
  r = eval_one(make(TARGET_REDUCTION, TARGET_GE, 2022, 2025, -17.5, NAN));
  CHECK_REL(r.result, (1 - 517.8 / 441.9) * 100, 1e-12);
  CHECK(r.met);
  sim_target s = make(TARGET_SYNCED, TARGET_NEAR, 2021, 2026, 0, 0.5);
  double gy = (pow(28.03 / 23.81, 1 / 5.0) - 1) * 100;
  r = eval_one(s);
  CHECK_REL(r.result, g - gy, 1e-12);
  CHECK_REL(r.gap, g - gy, 1e-12);
  CHECK(r.met == (fabs(g - gy) <= 0.5));
  r = eval_one(make(TARGET_MAX, TARGET_LE, 2022, 2024, 489.5, NAN));
  CHECK(r.result == 489.5 && r.met);
  r = eval_one(make(TARGET_MIN, TARGET_GE, 2023, 2026, 468.3, NAN));
  CHECK(r.result == 468.2 && !r.met);
}

static void undefined_growth(void) {
  static const double zero[2][1] = {{0.0}, {3.7}};
  sim_targets ts;
  sim_target_result r[1];
  ts.n = 1;
  ts.item[0] = make(TARGET_GROWTH, TARGET_GE, 2021, 2022, 5.0, NAN);
  CHECK(sim_targets_eval(&ts, &zero[0][0], 1, 2021, r) == 0);
  CHECK(isnan(r[0].result));
}

static void glide_paths(void) {
  double path;
  bool on;
  sim_target t = make(TARGET_LEVEL, TARGET_GE, 2021, 2026, 560.0, NAN);
  CHECK(sim_target_glide(&t, &series[0][0], 2, 2021, 2023, &path, &on));
  CHECK_REL(path, 417.3 + (560.0 - 417.3) * 2 / 5.0, 1e-12);
  CHECK(on == (468.2 >= path));
  t = make(TARGET_GROWTH, TARGET_GE, 2021, 2026, 5.9, NAN);
  CHECK(sim_target_glide(&t, &series[0][0], 2, 2021, 2024, &path, &on));
  CHECK_REL(path, 417.3 * pow(1.059, 3), 1e-12);
  CHECK(on == (489.5 >= path));
  t = make(TARGET_REDUCTION, TARGET_GE, 2021, 2026, 18.0, NAN);
  t.var_index = 1;
  CHECK(sim_target_glide(&t, &series[0][0], 2, 2021, 2025, &path, &on));
  CHECK_REL(path, 23.81 * pow(0.82, 4 / 5.0), 1e-12);
  CHECK(!on); /* y rises: not on the way to an 18 % cut */
  t = make(TARGET_CUMULATIVE, TARGET_GE, 2021, 2026, 1.0, NAN);
  CHECK(!sim_target_glide(&t, &series[0][0], 2, 2021, 2025, &path, &on));
}

/* Runs side by side: every kind in each of 5 lanes (one lane's values
 * not positive, so its growths are undefined) gives the bits of that lane
 * evaluated alone, with more growths than the evaluation keeps. */
static void lanes(void) {
  enum { L = 5, YEARS = 6, OUT = 2 };
  static double v[YEARS * OUT * L];
  for (int y = 0; y < YEARS; y++) {
    for (int i = 0; i < OUT; i++) {
      for (int r = 0; r < L; r++) {
        v[(y * OUT + i) * L + r] =
            r == 3 && y == 2 ? -1 : series[y][i] * (1 + 0.013 * r * y);
      }
    }
  }
  static sim_targets ts;
  int kinds[] = {TARGET_LEVEL,  TARGET_GROWTH, TARGET_CUMULATIVE, TARGET_REDUCTION,
                 TARGET_SYNCED, TARGET_MAX,    TARGET_MIN};
  for (int k = 0; k < 7; k++) {
    for (int from = 2021; from <= 2023; from++) { /* 9 growths: more than are kept */
      sim_target t = make(kinds[k], k % 3, from, 2026 - (from - 2021) % 2, 470.0, 2.5);
      ts.item[ts.n++] = t;
    }
  }
  static sim_target_result side[L][SIM_MAX_LIST], alone[SIM_MAX_LIST];
  sim_targets_eval_lanes(&ts, v, OUT, L, L, 2021, side);
  bool same = true;
  for (int r = 0; r < L; r++) {
    sim_targets_eval_lane(&ts, v + r, OUT, L, 2021, alone);
    for (int i = 0; i < ts.n; i++) {
      same &= memcmp(&alone[i].result, &side[r][i].result, sizeof(double)) == 0 &&
              memcmp(&alone[i].gap, &side[r][i].gap, sizeof(double)) == 0 &&
              alone[i].met == side[r][i].met;
    }
  }
  CHECK(same);
  CHECK(isnan(side[3][5].result) && !isnan(side[2][5].result)); /* growth from 2023 */
}

int main(void) {
  kinds();
  lanes();
  undefined_growth();
  glide_paths();
  return test_summary("test_targets");
}
