/* capacity.c — the capacity hooks of the models (sim.h) over every
 * projected year of a finished run.  The inverse itself is the model's
 * (the water red line's: models/water_capacity.c); this file gives the
 * hooks their view of the run: outputs by name from the engine, and
 * settings of any model by path from the scenario's parameters. */
#include "analysis/capacity.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "core/registry.h"
#include "scenario/uncertainty.h"

typedef struct {
  const sim_scenario *sc;
  const sim_engine *e;
} view_ctx;

static double run_value(const void *ctx, const char *output, int year) {
  return sim_engine_value(((const view_ctx *)ctx)->e, output, year);
}

/* Path setting `path` in year start + t, resolved as an uncertainty input
 * is (the registry's parameter tables); NaN when it is not a path. */
static double run_setting(const void *ctx, const char *path, int t) {
  const view_ctx *v = ctx;
  sim_input in = {.path = path};
  if (!sim_input_resolve(&in) || !in.is_path) {
    return NAN;
  }
  const char *params = sim_scenario_params(v->sc)[in.model];
  return ((const sim_path *)(params + in.offset))->v[t];
}

int sim_capacity(const sim_scenario *sc, const sim_engine *e, capacity_row **rows) {
  const void *const *params = sim_scenario_params(sc);
  int start = sim_engine_start(e), years = sim_engine_end(e) - start;
  int hooks = 0;
  for (int m = 0; m < sim_nmodels; m++) {
    hooks += sim_models[m]->capacity != NULL;
  }
  size_t most = (size_t)(years > 0 ? years : 1) * (size_t)(hooks > 0 ? hooks : 1) *
                SIM_MAX_CAPACITY_ROWS;
  *rows = malloc(most * sizeof **rows);
  if (!*rows) {
    return -1;
  }
  view_ctx ctx = {sc, e};
  sim_run_view run = {&ctx, run_value, run_setting};
  int n = 0;
  for (int y = start + 1; y <= start + years; y++) {
    for (int m = 0; m < sim_nmodels; m++) {
      if (sim_models[m]->capacity) {
        int k = sim_models[m]->capacity(params[m], &run, y, y - start, *rows + n);
        assert(k >= 0 && k <= SIM_MAX_CAPACITY_ROWS); /* the room made above */
        n += k;
      }
    }
  }
  return n;
}
