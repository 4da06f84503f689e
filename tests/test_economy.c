/* test_economy.c — economy model: hand-computed growth, structure, income
 * and productivity; zero growth keeps everything flat. */
#include <math.h>

#include "fixture.h"
#include "harness.h"

static const char *const loose_water[] = {"water.cap=1e9"};

static void growth_and_structure(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(loose_water, 1, &sc, &st);
  CHECK(st == SIM_OK);
  CHECK_REL(V(e, "economy.gdp", 2021), 623.85, 1e-15);
  CHECK_REL(V(e, "economy.gdp_growth", 2021), 0.0537, 1e-15);
  double gdp = 623.85, income = 48211.0, pop = 57.31;
  for (int y = 2022; y <= 2026; y++) {
    double prev = gdp, frac = (y - 2021) / 5.0;
    gdp *= 1.0537;
    pop *= 1.0061;
    income *= 1 + 0.87 * (gdp / prev - 1);
    double s1 = 0.031 + (0.027 - 0.031) * frac, s3 = 0.682 + (0.694 - 0.682) * frac;
    CHECK_REL(V(e, "economy.gdp", y), gdp, 1e-12);
    CHECK_REL(V(e, "economy.va_primary", y), gdp * s1, 1e-12);
    CHECK_REL(V(e, "economy.va_tertiary", y), gdp * s3, 1e-12);
    CHECK_REL(V(e, "economy.population", y), pop, 1e-12);
    CHECK_REL(V(e, "economy.income", y), income, 1e-12);
    CHECK_REL(V(e, "economy.labour_productivity", y), gdp / (pop * 0.563), 1e-12);
    CHECK_REL(V(e, "economy.gdp_per_capita", y), gdp / pop * 1e4, 1e-12);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
}

static void zero_growth_is_flat(void) {
  static const char *const sets[] = {"economy.growth=0", "economy.pop_growth=0",
                                     "economy.shares_end=[0.031, 0.287, 0.682]",
                                     "water.cap=1e9"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 4, &sc, &st);
  CHECK(st == SIM_OK);
  for (int y = 2022; y <= 2026; y++) {
    CHECK(V(e, "economy.gdp", y) == V(e, "economy.gdp", 2021));
    CHECK(V(e, "economy.population", y) == 57.31);
    CHECK(V(e, "economy.income", y) == 48211.0);
    CHECK(V(e, "economy.gdp_growth", y) == 0);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
}

int main(void) {
  growth_and_structure();
  zero_growth_is_flat();
  return test_summary("test_economy");
}
