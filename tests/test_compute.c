/* test_compute.c — compute model: capacity from growth and projects, IT
 * power, electricity, water; additions limited by the water allocation. */
#include <math.h>

#include "fixture.h"
#include "harness.h"

static void capacity_and_power(void) {
  static const char *const sets[] = {"water.cap=1e9"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 1, &sc, &st);
  CHECK(st == SIM_OK);
  double cap = 2385.0, power = 2385.0 / 417.0;
  for (int y = 2021; y <= 2026; y++) {
    int t = y - 2021;
    if (t > 0) {
      double add = cap * 0.731 + (y == 2023 ? 1234.5 : 0);
      cap += add;
      power += add / (683.0 * pow(1.193, t));
      CHECK_REL(V(e, "compute.additions", y), add, 1e-12);
    }
    double util = 0.617, pue = 1.283 + (1.147 - 1.283) * t / 5.0;
    double it = power * util * 8.76, elec = it * pue;
    CHECK_REL(V(e, "compute.capacity", y), cap, 1e-12);
    CHECK_REL(V(e, "compute.it_power", y), power, 1e-12);
    CHECK_REL(V(e, "compute.it_energy", y), it, 1e-12);
    CHECK_REL(V(e, "compute.electricity", y), elec, 1e-12);
    CHECK_REL(V(e, "compute.green_electricity", y), elec * 0.382, 1e-12);
    CHECK_REL(V(e, "compute.grid_electricity", y), elec * (1 - 0.382), 1e-12);
    CHECK_REL(V(e, "compute.water", y), it * 0.437 * 0.1, 1e-12);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
}

static void no_growth_keeps_capacity_flat(void) {
  static const char *const sets[] = {"compute.growth=0", "compute.projects=()"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 2, &sc, &st);
  CHECK(st == SIM_OK);
  for (int y = 2022; y <= 2026; y++) {
    CHECK(V(e, "compute.capacity", y) == 2385.0);
    CHECK(V(e, "compute.additions", y) == 0);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
}

/* With a red line that leaves compute short, additions stop where the
 * allocation stops: A = clamp(eff_new * (a / k - W[t-1]), 0, Areq). */
static void water_limits_additions(void) {
  static const char *const sets[] = {"water.cap=6500.0", "compute.wue=1.83"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 2, &sc, &st);
  CHECK(st == SIM_OK);
  int limited = 0;
  for (int y = 2022; y <= 2026; y++) {
    double alloc = V(e, "water.alloc_compute", y), demand = V(e, "water.demand_compute", y);
    double k = V(e, "compute.water_per_mw", y), areq = V(e, "compute.additions_requested", y);
    double want = areq;
    if (alloc < demand) {
      double eff = 683.0 * pow(1.193, y - 2021);
      want = fmin(fmax(eff * (alloc / k - V(e, "compute.it_power", y - 1)), 0), areq);
      limited++;
    }
    CHECK_REL(V(e, "compute.additions", y), want, 1e-9);
    /* water stays within the allocation, or within what the fleet already
       built needs (committed stock) */
    double committed = V(e, "compute.it_power", y - 1) * k;
    CHECK(V(e, "compute.water", y) <= fmax(alloc, committed) * (1 + 1e-12) || alloc >= demand);
  }
  CHECK(limited > 0);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

static void report_rule_builds_everything(void) {
  static const char *const sets[] = {"water.cap=6500.0", "compute.wue=1.83",
                                     "water.rule=\"report\""};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 3, &sc, &st);
  CHECK(st == SIM_OK);
  for (int y = 2022; y <= 2026; y++) {
    CHECK(V(e, "compute.additions", y) == V(e, "compute.additions_requested", y));
  }
  CHECK(V(e, "water.over_cap", 2026) > 0);
  sim_engine_free(e);
  sim_scenario_free(sc);
}

int main(void) {
  capacity_and_power();
  no_growth_keeps_capacity_flat();
  water_limits_additions();
  report_rule_builds_everything();
  return test_summary("test_compute");
}
