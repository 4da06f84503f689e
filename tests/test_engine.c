/* test_engine.c — the engine handle: year-by-year stepping gives the same
 * numbers as a whole run, a broken bound stops the run with year, model,
 * variable and value, and two engines do not share state. */
#include <math.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"

static void stepping_equals_run(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *whole = fixture_run(NULL, 0, &sc, &st);
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  CHECK(sim_engine_alloc(2021, 2026, sim_scenario_params(sc), d, &e) == SIM_OK);
  CHECK(sim_engine_begin(e, sim_scenario_params(sc)) == SIM_OK);
  CHECK(sim_engine_years_done(e) == 1);
  while (sim_engine_years_done(e) < 6) {
    CHECK(sim_engine_step(e, sim_scenario_params(sc)) == SIM_OK);
  }
  CHECK(sim_engine_step(e, sim_scenario_params(sc)) == SIM_ERR_USAGE);
  size_t n = (size_t)6 * (size_t)sim_engine_output_count(e);
  CHECK(memcmp(sim_engine_values(e), sim_engine_values(whole), n * sizeof(double)) == 0);
  sim_engine_free(e);
  sim_engine_free(whole);
  sim_diags_free(d);
  sim_scenario_free(sc);
}

static void broken_bound_stops_the_run(void) {
  static const char *const sets[] = {"economy.growth=0.41", "economy.income_elasticity=-4.0"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 2, &sc, &st);
  CHECK(st == SIM_ERR_BOUND);
  const sim_violation *v = sim_engine_violation(e);
  CHECK(v->year == 2022);
  CHECK(strcmp(v->model, "economy") == 0);
  CHECK(strcmp(v->variable, "economy.income") == 0);
  CHECK(v->value < 0 && v->bound == 0);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

static void unknown_output_is_nan(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(NULL, 0, &sc, &st);
  CHECK(isnan(V(e, "economy.nothing", 2022)));
  CHECK(isnan(V(e, "economy.gdp", 2020)));
  CHECK(isnan(V(e, "economy.gdp", 2027)));
  sim_engine_free(e);
  sim_scenario_free(sc);
}

int main(void) {
  stepping_equals_run();
  broken_bound_stops_the_run();
  unknown_output_is_nan();
  return test_summary("test_engine");
}
