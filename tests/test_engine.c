/* test_engine.c — the engine handle: year-by-year stepping gives the same
 * numbers as a whole run, a broken bound stops the run with year, model,
 * variable and value, the batch's fast path agrees with a checked run, and
 * two engines do not share state. */
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

/* The batch's fast path: the same values as a checked run; with the
 * engine's own bounds it passes and fails where the checked run does, and
 * bounds narrowed to one value ask for exactly that value. */
static sim_status within(const char *const *sets, int nsets, int narrow, bool ulp_off,
                         bool *same_values) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, nsets, &sc, &st);
  size_t n = (size_t)(sim_engine_end(e) - sim_engine_start(e) + 1) *
             (size_t)sim_engine_output_count(e);
  double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi), *ran = malloc(n * sizeof *ran);
  memcpy(ran, sim_engine_values(e), n * sizeof *ran);
  sim_engine_bounds(e, lo, hi);
  if (narrow >= 0) {
    lo[narrow] = hi[narrow] = ulp_off ? nextafter(ran[narrow], INFINITY) : ran[narrow];
  }
  sim_status fast =
      sim_engine_run_lanes(e, sim_scenario_params(sc), 1, lo, hi) ? SIM_OK : SIM_ERR_BOUND;
  *same_values = st != SIM_OK || memcmp(ran, sim_engine_values(e), n * sizeof *ran) == 0;
  CHECK(st == SIM_OK || fast == SIM_ERR_BOUND);
  free(lo);
  free(hi);
  free(ran);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return fast;
}

static void run_within_agrees_with_run(void) {
  static const char *const broken[] = {"economy.growth=0.41", "economy.income_elasticity=-4.0"};
  bool same;
  CHECK(within(NULL, 0, -1, false, &same) == SIM_OK);
  CHECK(same);
  CHECK(within(broken, 2, -1, false, &same) == SIM_ERR_BOUND);
  CHECK(within(NULL, 0, 137, false, &same) == SIM_OK);
  CHECK(same);
  CHECK(within(NULL, 0, 137, true, &same) == SIM_ERR_BOUND);
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
  run_within_agrees_with_run();
  unknown_output_is_nan();
  return test_summary("test_engine");
}
