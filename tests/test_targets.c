/* test_targets.c — each target kind on hand-computed series (high-entropy
 * values), the three operators, and the glide path to a target. */
#include <math.h>
#include <stdint.h>
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

/* The double k steps above (k > 0) or below (k < 0) x >= 0, within
 * [0, +inf] (whose doubles are ordered as their bits). */
static double ulps_away(double x, long k) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  long long w = (long long)u + k;
  u = w < 0 ? 0 : w > 0x7FF0000000000000LL ? 0x7FF0000000000000ULL : (uint64_t)w;
  memcpy(&x, &u, sizeof x);
  return x;
}

/* Growth targets decided against their band (no pow) and evaluated with
 * pow agree on every ratio tried: 600 doubles around each end of the band,
 * 0, the least subnormal, 1, +inf, random ratios from 1e-6 to 1e6 and
 * undefined growths (from <= 0, to < 0, NaN), for each operator, spans of
 * 1 to 75 years and values at, inside and beyond growth's range. */
static void growth_bands(void) {
  enum { LANES = SIM_MAX_LANES, MAX_SPAN = 75 };
  static double v[(MAX_SPAN + 1) * LANES];
  static const double values[] = {-200, -100, -99.999, -50, -1e-12, 0, 1e-9, 3.5,
                                  5.0,  7.25, 100,     1e6, 1e300,  NAN};
  static const double tols[] = {0.5, 0, 1e-300, -1, NAN};
  static const int spans[] = {1, 2, 5, 9, 35, 75};
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  long disagreements = 0, tried = 0, met_count = 0;
  for (size_t si = 0; si < sizeof spans / sizeof *spans; si++) {
    for (int op = TARGET_GE; op <= TARGET_NEAR; op++) {
      for (size_t vi = 0; vi < sizeof values / sizeof *values; vi++) {
        for (size_t ti = 0; ti < (op == TARGET_NEAR ? sizeof tols / sizeof *tols : 1); ti++) {
          sim_target t = make(TARGET_GROWTH, op, 2000, 2000 + spans[si], values[vi], tols[ti]);
          t.ref_index = 0;
          sim_target_growth_band(&t);
          sim_targets ts;
          ts.n = 1;
          ts.item[0] = t;
          double q[LANES * 24];
          int nq = 0;
          for (int k = -300; k < 300; k++) {
            if (!isnan(t.band_lo)) {
              q[nq++] = ulps_away(t.band_lo, k);
              q[nq++] = ulps_away(t.band_hi, k);
            } else {
              q[nq++] = ulps_away(1.0, k * 1000L);
              q[nq++] = exp((k / 300.0) * 14);
            }
          }
          q[nq++] = 0, q[nq++] = 5e-324, q[nq++] = 1, q[nq++] = INFINITY;
          while (nq % LANES) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            q[nq++] = exp(((double)(seed >> 11) / 9007199254740992.0 - 0.5) * 27.6);
          }
          for (int g = 0; g < nq; g += LANES) {
            for (int r = 0; r < LANES; r++) { /* from = 1: the ratio is q itself */
              v[r] = (g + r) % 97 == 5 ? -1.0 : (g + r) % 89 == 3 ? NAN : 1.0;
              v[spans[si] * LANES + r] = (g + r) % 83 == 7 ? -q[g + r] : q[g + r];
            }
            sim_target_result want[LANES][SIM_MAX_LIST], got[LANES][SIM_MAX_LIST];
            sim_targets_eval_lanes(&ts, v, 1, LANES, LANES, 2000, want);
            sim_targets_decide_lanes(&ts, v, 1, LANES, LANES, 2000, got);
            for (int r = 0; r < LANES; r++) {
              disagreements += want[r][0].met != got[r][0].met;
              met_count += want[r][0].met;
              tried++;
            }
          }
        }
      }
    }
  }
  CHECK(disagreements == 0);
  CHECK(tried > 500000 && met_count > tried / 10 && met_count < tried * 9 / 10);
  /* a band at hand: >= 5 %/yr over 5 years starts at 1.05^5, to the ulp */
  sim_target t = make(TARGET_GROWTH, TARGET_GE, 2021, 2026, 5.0, NAN);
  sim_target_growth_band(&t);
  CHECK(fabs(t.band_lo / pow(1.05, 5) - 1) < 1e-15 && t.band_hi == INFINITY);
  CHECK((pow(t.band_lo, 0.2) - 1) * 100 >= 5.0);
  CHECK((pow(nextafter(t.band_lo, 0), 0.2) - 1) * 100 < 5.0);
}

int main(void) {
  growth_bands();
  kinds();
  lanes();
  undefined_growth();
  glide_paths();
  return test_summary("test_targets");
}
