/* test_indicators.c — value paths, logistic curves and followers; a
 * logistic curve follows its parameters when a batch changes them between
 * runs of one engine. */
#include <math.h>

#include "../models/indicators.h"
#include "fixture.h"
#include "harness.h"
#include "core/registry.h"

/* The engine run again with the beds curve's rate changed, as a batch
 * that samples it does. */
static void logistic_follows_new_rate(sim_engine *e, sim_scenario *sc) {
  const void *const *params = sim_scenario_params(sc);
  indicators_params *ind =
      (indicators_params *)params[sim_model_index(&indicators_model)];
  ind->item[1].rate = 0.191;
  CHECK(sim_engine_run(e, params) == SIM_OK);
  for (int t = 0; t <= 5; t++) {
    CHECK_REL(V(e, "indicators.beds", 2021 + t),
              8.9 / (1 + (8.9 / 3.17 - 1) * exp(-0.191 * t)), 1e-12);
  }
}

int main(void) {
  static const char *const sets[] = {
      "indicators=( { name = \"forest\"; unit = \"%\"; value = { from = 39.22; to = 39.85; }; },"
      " { name = \"beds\"; logistic = { base = 3.17; rate = 0.283; ceiling = 8.9; }; },"
      " { name = \"fall\"; logistic = { base = 80.3; rate = 0.317; ceiling = 50.9; }; },"
      " { name = \"rnd\"; follow = { of = \"economy.gdp\"; base = 12.7; elasticity = 1.37; }; },"
      " { name = \"rnd2\"; follow = { of = \"indicators.rnd\"; base = 2.9; elasticity = 0.5; }; },"
      " { name = \"early\"; follow = { of = \"indicators.late\"; base = 1.9; elasticity = 0.7; }; },"
      " { name = \"late\"; follow = { of = \"economy.gdp\"; base = 3.1; elasticity = 1.2; }; } )",
      "water.cap=1e9"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 2, &sc, &st);
  CHECK(st == SIM_OK);
  double rnd = 12.7, rnd2 = 2.9, early = 1.9, late = 3.1; /* early follows late, defined after it */
  for (int y = 2021; y <= 2026; y++) {
    int t = y - 2021;
    CHECK_REL(V(e, "indicators.forest", y), 39.22 + (39.85 - 39.22) * t / 5.0, 1e-12);
    CHECK_REL(V(e, "indicators.beds", y), 8.9 / (1 + (8.9 / 3.17 - 1) * exp(-0.283 * t)),
              1e-12);
    /* above its ceiling, a logistic falls towards it */
    CHECK_REL(V(e, "indicators.fall", y), 50.9 / (1 + (50.9 / 80.3 - 1) * exp(-0.317 * t)),
              1e-12);
    if (t > 0) {
      double g = V(e, "economy.gdp", y) / V(e, "economy.gdp", y - 1) - 1;
      double prev = rnd;
      rnd *= 1 + 1.37 * g;
      rnd2 *= 1 + 0.5 * (rnd / prev - 1);
      double late_prev = late;
      late *= 1 + 1.2 * g;
      early *= 1 + 0.7 * (late / late_prev - 1);
    }
    CHECK_REL(V(e, "indicators.late", y), late, 1e-12);
    CHECK_REL(V(e, "indicators.early", y), early, 1e-12);
    CHECK_REL(V(e, "indicators.rnd", y), rnd, 1e-12);
    CHECK_REL(V(e, "indicators.rnd2", y), rnd2, 1e-12);
  }
  logistic_follows_new_rate(e, sc);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return test_summary("test_indicators");
}
