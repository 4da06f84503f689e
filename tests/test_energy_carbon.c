/* test_energy_carbon.c — energy and carbon follow realised GDP and
 * data-centre electricity (MODEL.md section 6). */
#include <math.h>

#include "fixture.h"
#include "harness.h"

int main(void) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(NULL, 0, &sc, &st);
  CHECK(st == SIM_OK);
  for (int y = 2021; y <= 2026; y++) {
    int t = y - 2021;
    double gdp = V(e, "economy.gdp", y), intensity = 0.3071 * pow(1 - 0.0283, t);
    double base = gdp * intensity;
    double dc = V(e, "compute.electricity", y) * 122.9 / 1e4;
    double grid_ef = 0.781 + (0.613 - 0.781) * t / 5.0;
    double co2_dc = V(e, "compute.grid_electricity", y) * grid_ef * 0.1;
    double co2 = base * 2.173 + co2_dc;
    CHECK_REL(V(e, "energy.consumption_base", y), base, 1e-12);
    CHECK_REL(V(e, "energy.consumption_compute", y), dc, 1e-12);
    CHECK_REL(V(e, "energy.consumption", y), base + dc, 1e-12);
    CHECK_REL(V(e, "energy.intensity_total", y), (base + dc) / gdp, 1e-12);
    CHECK_REL(V(e, "energy.intensity", y), intensity, 1e-12);
    CHECK_REL(V(e, "carbon.emissions_compute", y), co2_dc, 1e-12);
    CHECK_REL(V(e, "carbon.emissions", y), co2, 1e-12);
    CHECK_REL(V(e, "carbon.intensity", y), co2 / gdp, 1e-12);
    CHECK_REL(V(e, "carbon.grid_ef", y), grid_ef, 1e-12);
    CHECK_REL(V(e, "carbon.compute_share", y), co2_dc / co2, 1e-12);
  }
  sim_engine_free(e);
  sim_scenario_free(sc);
  return test_summary("test_energy_carbon");
}
