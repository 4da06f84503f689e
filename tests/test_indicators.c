/* test_indicators.c — value paths, logistic curves and followers. */
#include <math.h>

#include "fixture.h"
#include "harness.h"

int main(void) {
  static const char *const sets[] = {
      "indicators=( { name = \"forest\"; unit = \"%\"; value = { from = 39.22; to = 39.85; }; },"
      " { name = \"beds\"; logistic = { base = 3.17; rate = 0.283; ceiling = 8.9; }; },"
      " { name = \"rnd\"; follow = { of = \"economy.gdp\"; base = 12.7; elasticity = 1.37; }; },"
      " { name = \"rnd2\"; follow = { of = \"indicators.rnd\"; base = 2.9; elasticity = 0.5; }; } )",
      "water.cap=1e9"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 2, &sc, &st);
  CHECK(st == SIM_OK);
  double rnd = 12.7, rnd2 = 2.9;
  for (int y = 2021; y <= 2026; y++) {
    int t = y - 2021;
    CHECK_REL(V(e, "indicators.forest", y), 39.22 + (39.85 - 39.22) * t / 5.0, 1e-12);
    CHECK_REL(V(e, "indicators.beds", y), 8.9 / (1 + (8.9 / 3.17 - 1) * exp(-0.283 * t)),
              1e-12);
    if (t > 0) {
      double g = V(e, "economy.gdp", y) / V(e, "economy.gdp", y - 1) - 1;
      double prev = rnd;
      rnd *= 1 + 1.37 * g;
      rnd2 *= 1 + 0.5 * (rnd / prev - 1);
    }
    CHECK_REL(V(e, "indicators.rnd", y), rnd, 1e-12);
    CHECK_REL(V(e, "indicators.rnd2", y), rnd2, 1e-12);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
  return test_summary("test_indicators");
}
