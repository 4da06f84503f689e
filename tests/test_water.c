/* test_water.c — the four-water rule: allocation by priority, reclaimed
 * water in and out of the cap, curtailment, committed population, and the
 * balances that must close every year under both rules, and the check of
 * use against demand lane by lane. */
#include <math.h>
#include <string.h>

#include "../models/water.h"
#include "fixture.h"
#include "harness.h"
#include "core/registry.h"

static const char *const sectors[] = {"domestic", "ecological", "agriculture",
                                      "industry", "services",   "compute"};

static double sector(const sim_engine *e, const char *family, int s, int year) {
  char name[64];
  snprintf(name, sizeof name, "water.%s_%s", family, sectors[s]);
  return V(e, name, year);
}

/* Base year by hand: demands from the fixture, reclaimed water to its
 * users in the default priority (domestic, ecological, services, industry,
 * agriculture, compute). */
static void base_year_by_hand(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(NULL, 0, &sc, &st);
  CHECK(st == SIM_OK);
  double d[6] = {57.31 * 143.7 * 0.365, 1021.0, 623.85 * 0.031 * 231.0,
                 623.85 * 0.287 * 11.83, 623.85 * 0.682 * 1.417,
                 2385.0 / 417.0 * 0.617 * 8.76 * 0.437 * 0.1};
  double r_eco = fmin(d[1], 1188.0), left = 1188.0 - r_eco;
  double r_srv = fmin(d[4], left);
  left -= r_srv;
  double r_ind = fmin(d[3], left);
  for (int s = 0; s < 6; s++) {
    CHECK_REL(sector(e, "demand", s, 2021), d[s], 1e-12);
    CHECK_REL(sector(e, "use", s, 2021), d[s], 1e-12);
  }
  CHECK_REL(sector(e, "reclaimed_alloc", 1, 2021), r_eco, 1e-12);
  CHECK_REL(sector(e, "reclaimed_alloc", 4, 2021), r_srv, 1e-12);
  CHECK_REL(sector(e, "reclaimed_alloc", 3, 2021), r_ind, 1e-12);
  CHECK(sector(e, "reclaimed_alloc", 0, 2021) == 0); /* not a reclaimed user */
  double need = d[0] + d[1] + d[2] + d[3] + d[4] + d[5] - 1188.0;
  CHECK(V(e, "water.binding", 2021) == (need > 9317.0 ? 1 : 0));
  double use = d[0] + d[1] + d[2] + d[3] + d[4] + d[5];
  CHECK_REL(V(e, "water.per_gdp", 2021), use / 623.85, 1e-12);
  CHECK_REL(V(e, "water.irrigated_area", 2021), d[2] / 287.0, 1e-12);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

/* Balances that hold every year of any run. */
static void check_balances(const sim_engine *e, bool enforce, bool in_cap) {
  for (int y = 2021; y <= 2026; y++) {
    double use = 0, alloc = 0, demand = 0;
    for (int s = 0; s < 6; s++) {
      use += sector(e, "use", s, y);
      alloc += sector(e, "alloc", s, y);
      demand += sector(e, "demand", s, y);
      if (enforce && y > 2021) {
        CHECK(sector(e, "use", s, y) <= sector(e, "demand", s, y) * (1 + 1e-12));
      }
      if (enforce && y > 2021 && s >= 1 && s <= 4) { /* flow sectors */
        CHECK_REL(sector(e, "use", s, y), sector(e, "alloc", s, y), 1e-12);
      }
    }
    CHECK_REL(V(e, "water.use_total", y), use, 1e-12);
    CHECK_REL(V(e, "water.use_total", y),
              V(e, "water.use_conventional", y) + V(e, "water.use_reclaimed", y), 1e-12);
    CHECK_REL(V(e, "water.demand_total", y) - V(e, "water.shortfall", y), use, 1e-12);
    CHECK(alloc <= V(e, "water.cap", y) + V(e, "water.reclaimed_supply", y) + 1e-9);
    CHECK(V(e, "water.demand_total", y) == demand || fabs(demand / V(e, "water.demand_total", y) - 1) < 1e-12);
    double counted = V(e, "water.use_conventional", y) + (in_cap ? V(e, "water.use_reclaimed", y) : 0);
    CHECK_REL(V(e, "water.over_cap", y), fmax(0, counted - V(e, "water.cap", y)), 1e-12);
  }
}

static void balances_under_both_rules(void) {
  static const char *const cases[][3] = {
      {"water.cap=6000.0", "water.rule=\"enforce\"", "water.reclaimed_in_cap=false"},
      {"water.cap=6000.0", "water.rule=\"report\"", "water.reclaimed_in_cap=false"},
      {"water.cap=7100.0", "water.rule=\"enforce\"", "water.reclaimed_in_cap=true"},
      {"water.cap=7100.0", "water.rule=\"report\"", "water.reclaimed_in_cap=true"},
      {"water.cap=1e9", "water.rule=\"enforce\"", "water.reclaimed_in_cap=false"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sim_scenario *sc;
    sim_status st;
    sim_engine *e = fixture_run(cases[i], 3, &sc, &st);
    CHECK(st == SIM_OK);
    if (e) {
      check_balances(e, strstr(cases[i][1], "enforce") != NULL,
                     strstr(cases[i][2], "true") != NULL);
    }
    sim_engine_free(e);
    sim_scenario_free(sc);
  }
}

/* A binding line with the default priority cuts agriculture before
 * industry; with agriculture first, industry is cut instead. */
static void priority_decides_who_is_cut(void) {
  static const char *const by_default[] = {"water.cap=9500.0"};
  static const char *const farms_first[] = {
      "water.cap=9500.0",
      "water.priority=[\"domestic\", \"ecological\", \"agriculture\", \"services\", "
      "\"compute\", \"industry\"]"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(by_default, 1, &sc, &st);
  CHECK(st == SIM_OK && V(e, "water.binding", 2026) == 1);
  CHECK(V(e, "water.factor_agriculture", 2026) < 1);
  CHECK(V(e, "water.factor_industry", 2026) == 1);
  CHECK(V(e, "economy.gdp", 2026) < V(e, "economy.gdp_potential", 2026));
  sim_engine_free(e);
  sim_scenario_free(sc);
  e = fixture_run(farms_first, 2, &sc, &st);
  CHECK(st == SIM_OK);
  CHECK(V(e, "water.factor_agriculture", 2026) == 1);
  CHECK(V(e, "water.factor_industry", 2026) < 1);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

/* Residents already there stay (committed stock); newcomers only as far
 * as domestic water reaches. */
static void population_is_committed_stock(void) {
  static const char *const sets[] = {
      "water.cap=1900.0", "water.reclaimed=0.0",
      "water.priority=[\"ecological\", \"services\", \"industry\", \"agriculture\", "
      "\"compute\", \"domestic\"]"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 3, &sc, &st);
  CHECK(st == SIM_OK);
  for (int y = 2022; y <= 2026; y++) {
    double ppot = V(e, "economy.population_potential", y);
    double supported = V(e, "water.alloc_domestic", y) / (143.7 * 0.365);
    double want = fmin(ppot, fmax(V(e, "economy.population", y - 1), supported));
    CHECK_REL(V(e, "economy.population", y), want, 1e-12);
  }
  CHECK(V(e, "economy.population", 2026) < V(e, "economy.population_potential", 2026));
  sim_engine_free(e);
  sim_scenario_free(sc);
}

/* The check that use stays within demand under "enforce", on three lanes
 * side by side made by hand: lane 1 uses too much for agriculture, lane 2
 * for services (and has NaN for industry, which is not a breach of this
 * check); then lane 0 alone breaks it, and the breach names the first
 * sector it breaks in. */
static void check_finds_lanes_over_demand(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(NULL, 0, &sc, &st);
  const void *params = sim_scenario_params(sc)[sim_model_index(&water_model)];
  enum { L = 3 };
  double now[WATER_NOUTPUTS * L];
  for (int i = 0; i < WATER_NOUTPUTS * L; i++) {
    now[i] = 10.0; /* use == demand everywhere */
  }
  now[(WATER_USE + WATER_AGRICULTURE) * L + 1] = 10.1;
  now[(WATER_USE + WATER_SERVICES) * L + 2] = 10.1;
  now[(WATER_USE + WATER_INDUSTRY) * L + 2] = NAN;
  sim_step s = {1,   2022, 5,   L,   water_model.params_size, params, NULL,
                now, NULL, now, NULL};
  sim_breach b = {-1, 0, 0, NULL};
  CHECK(water_model.check(&s, &b) == 6 &&
        b.output == -1); /* lanes 1 and 2; lane 0 fine */
  now[(WATER_USE + WATER_INDUSTRY) * L] = 10.2;
  now[(WATER_USE + WATER_SERVICES) * L] = 10.3;
  CHECK(water_model.check(&s, &b) == 7);
  CHECK(b.output == WATER_USE + WATER_INDUSTRY && b.value == 10.2 && b.bound == 10.0);
  s.t = 0; /* the base year is not curtailed */
  CHECK(water_model.check(&s, &b) == 0);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

int main(void) {
  base_year_by_hand();
  check_finds_lanes_over_demand();
  balances_under_both_rules();
  priority_decides_who_is_cut();
  population_is_committed_stock();
  return test_summary("test_water");
}
