/* load.c — sim_scenario_load: reads a scenario (scenario.c) and then makes
 * the checks that join it to the models, so that every problem is reported
 * in one go.  The only file of sim/scenario that includes the others;
 * none of them includes this one, so the arrows run one way:
 *
 *   load         (this file: the cross-checks)
 *     -> targets, uncertainty     (each reads its part of a read scenario)
 *          uncertainty -> sample  (the distributions)
 *     -> scenario  (scenario.c, scenario_read.c, scenario_params.c and
 *                   their private scenario_impl.h: files, --set, the
 *                   table-driven parameters)
 *   and below sim/scenario: core (engine, registry, diag) and sim.h.
 *
 * docs/architecture.md gives the same order for every folder of sim/. */
#include "scenario/load.h"

#include <stdlib.h>

#include "core/engine.h"
#include "scenario/targets.h"
#include "scenario/uncertainty.h"

/* Builds (and drops) an engine, the targets and the uncertainty block so
 * that links between models (an indicator following an unknown output),
 * targets naming outputs and sampled inputs are reported with the rest. */
static void check_links(sim_scenario *sc, sim_diags *d) {
  sim_engine *e = NULL;
  sim_targets *ts = NULL;
  sim_uncertainty *u = NULL;
  if (sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                       sim_scenario_params(sc), d, &e) == SIM_OK) {
    sim_targets_load(sc, e, d, &ts);
  }
  sim_uncertainty_load(sc, d, &u);
  free(u);
  free(ts);
  sim_engine_free(e);
}

sim_status sim_scenario_load(sim_source src, const char *const *sets, int nsets,
                             sim_diags *d, sim_scenario **out) {
  sim_scenario *sc = NULL;
  *out = NULL;
  sim_status st = sim_scenario_read(src, sets, nsets, d, &sc);
  if (!sc) {
    return st;
  }
  /* without years the parameters were not read: nothing to link */
  if (sim_scenario_start(sc) && sim_scenario_end(sc)) {
    int before = sim_diags_count(d);
    check_links(sc, d);
    if (st == SIM_OK && sim_diags_count(d) > before) {
      st = SIM_ERR_INVALID;
    }
  }
  if (st != SIM_OK) {
    sim_diags_set_locator(d, NULL, NULL);
    sim_scenario_free(sc);
    return st;
  }
  *out = sc;
  return SIM_OK;
}
