/* fixture.h — a small scenario for unit tests, loaded from text with
 * --set style overrides, and a runner that returns the engine. */
#ifndef PLANSIM_TEST_FIXTURE_H
#define PLANSIM_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "core/engine.h"
#include "scenario/load.h"

/* High-entropy values (GSL's test rules): nothing is 1 or a round number
 * unless the test needs it. */
static const char fixture_text[] =
    "name = \"fixture\";\n"
    "time = { start = 2021; end = 2026; };\n"
    "economy = { gdp0 = 623.85; growth = 0.0537; shares0 = [0.031, 0.287, 0.682];\n"
    "  shares_end = [0.027, 0.279, 0.694]; population0 = 57.31; pop_growth = 0.0061;\n"
    "  income0 = 48211.0; income_elasticity = 0.87; employment_rate = 0.563; };\n"
    "compute = { capacity0 = 2385.0; growth = 0.731; eff0 = 417.0;\n"
    "  eff_new = { base = 683.0; rate = 0.193; }; utilization = 0.617;\n"
    "  pue = { from = 1.283; to = 1.147; }; wue = 0.437; green_share = 0.382;\n"
    "  projects = ( { name = \"p1\"; year = 2023; pflops = 1234.5; } ); };\n"
    "water = { rule = \"enforce\"; cap = 9317.0; reclaimed = 1188.0;\n"
    "  domestic_lpd = 143.7; ecological = 1021.0; irrigation_quota = 287.0;\n"
    "  intensity = { agriculture = 231.0; industry = 11.83; services = 1.417; }; };\n"
    "energy = { intensity = { base = 0.3071; rate = -0.0283; }; };\n"
    "carbon = { cef = 2.173; grid_ef = { from = 0.781; to = 0.613; }; };\n";

/* Loads the fixture with overrides and runs it; returns the engine (NULL
 * on a load error) and the run status through *st.  *sc is the scenario. */
static inline sim_engine *fixture_run(const char *const *sets, int nsets,
                                      sim_scenario **sc, sim_status *st) {
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  *st = sim_scenario_load((sim_source){"fixture.cfg", fixture_text}, sets, nsets, d, sc);
  if (*st == SIM_OK) {
    *st = sim_engine_alloc(sim_scenario_start(*sc), sim_scenario_end(*sc),
                           sim_scenario_params(*sc), d, &e);
  }
  sim_diags_print(d, stdout);
  sim_diags_free(d);
  if (*st == SIM_OK) {
    *st = sim_engine_run(e, sim_scenario_params(*sc));
  }
  return e;
}

/* Shorthand: value of output `name` in year. */
#define V(e, name, year) sim_engine_value((e), (name), (year))

#endif
