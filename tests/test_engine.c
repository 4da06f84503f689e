/* test_engine.c — the engine handle: year-by-year stepping gives the same
 * numbers as a whole run, a broken bound stops the run with year, model,
 * variable and value, the batch's fast path agrees with a checked run,
 * runs side by side in lanes give the bits of the same runs one by one, and
 * two engines do not share state. */
#include <math.h>
#include <string.h>

#include "../models/compute.h"
#include "../models/economy.h"
#include "../models/water.h"
#include "fixture.h"
#include "harness.h"
#include "core/registry.h"

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
  static const char *const sets[] = {"economy.growth=0.41",
                                     "economy.income_elasticity=-4.0"};
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
  double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi),
         *ran = malloc(n * sizeof *ran);
  memcpy(ran, sim_engine_values(e), n * sizeof *ran);
  sim_engine_bounds(e, lo, hi);
  if (narrow >= 0) {
    lo[narrow] = hi[narrow] = ulp_off ? nextafter(ran[narrow], INFINITY) : ran[narrow];
  }
  sim_engine_set_check(e, lo, hi);
  sim_status fast =
      sim_engine_run_lanes(e, sim_scenario_params(sc), NULL, 1) ? SIM_OK : SIM_ERR_BOUND;
  *same_values = st != SIM_OK || memcmp(ran, sim_engine_values(e), n * sizeof *ran) == 0;
  CHECK(st == SIM_OK || fast == SIM_ERR_BOUND);
  free(lo);
  free(hi);
  free(ran);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return fast;
}

static void fast_path_agrees_with_run(void) {
  static const char *const broken[] = {"economy.growth=0.41",
                                       "economy.income_elasticity=-4.0"};
  bool same;
  CHECK(within(NULL, 0, -1, false, &same) == SIM_OK);
  CHECK(same);
  CHECK(within(broken, 2, -1, false, &same) == SIM_ERR_BOUND);
  CHECK(within(NULL, 0, 137, false, &same) == SIM_OK);
  CHECK(same);
  CHECK(within(NULL, 0, 137, true, &same) == SIM_ERR_BOUND);
}

/* Lane r's parameters: the fixture's, with growth, the water red line and
 * the green share varied by lane (some lanes bind, lane 3 breaks a bound:
 * green share above 1 makes grid electricity negative). */
static void vary_lane(void **lane, int r, int years) {
  economy_params *e = lane[sim_model_index(&economy_model)];
  compute_params *c = lane[sim_model_index(&compute_model)];
  water_params *w = lane[sim_model_index(&water_model)];
  for (int t = 0; t < years; t++) {
    e->growth.v[t] += 0.0031 * r - 0.04;
    c->growth.v[t] *= 0.5 + 0.027 * r;
    w->cap.v[t] *= 0.61 + 0.13 * (r % 7);
    c->green_share.v[t] = r == 3 ? 1.37 : c->green_share.v[t];
  }
}

/* Model m's parameters of lane r. */
static void *lane_of(void *const *params, const size_t *stride, int m, int r) {
  return (char *)params[m] + (size_t)r * stride[m];
}

/* lanes runs side by side give, lane by lane, the bits of the same runs
 * one at a time, and pass where those do.  The models vary_lane leaves
 * alone share one parameter struct (stride 0). */
static void lanes_equal_single_runs(int lanes) {
  sim_scenario *sc;
  sim_status st;
  sim_engine *single = fixture_run(NULL, 0, &sc, &st), *side = NULL;
  const void *const *base = sim_scenario_params(sc);
  void *params[SIM_MAX_MODELS], *lane[SIM_MAX_MODELS];
  size_t stride[SIM_MAX_MODELS];
  for (int m = 0; m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    bool varied = mt == &economy_model || mt == &compute_model || mt == &water_model;
    int copies = varied ? lanes : 1;
    stride[m] = varied ? mt->params_size : 0;
    params[m] = malloc((size_t)copies * mt->params_size);
    for (int r = 0; r < copies; r++) {
      memcpy(lane_of(params, stride, m, r), base[m], mt->params_size);
    }
  }
  for (int r = 0; r < lanes; r++) {
    for (int m = 0; m < sim_nmodels; m++) {
      lane[m] = lane_of(params, stride, m, r);
    }
    vary_lane(lane, r, 6);
  }
  sim_diags *d = sim_diags_alloc();
  CHECK(sim_engine_alloc_lanes(2021, 2026, base, lanes, d, &side) == SIM_OK);
  size_t series = 6 * (size_t)sim_engine_output_count(side);
  uint64_t passed =
      sim_engine_run_lanes(side, (const void *const *)params, stride, lanes);
  const double *v = sim_engine_values(side);
  int same = 0, agree = 0, bound = 0, binding = 0;
  size_t red_line = 5 * (size_t)sim_engine_output_count(side) +
                    (size_t)sim_layout_find(sim_engine_layout(side), "water.binding");
  for (int r = 0; r < lanes; r++) {
    double *copy = malloc(series * sizeof *copy); /* the lane's values, run by run */
    for (size_t i = 0; i < series; i++) {
      copy[i] = v[i * (size_t)lanes + (size_t)r];
    }
    for (int m = 0; m < sim_nmodels; m++) {
      lane[m] = lane_of(params, stride, m, r);
    }
    st = sim_engine_run(single, (const void *const *)lane);
    bound += st == SIM_ERR_BOUND;
    binding += st == SIM_OK && copy[red_line] == 1;
    agree += (st == SIM_OK) == (int)(passed >> r & 1);
    same += st != SIM_OK ||
            memcmp(copy, sim_engine_values(single), series * sizeof *copy) == 0;
    free(copy);
  }
  printf(
      "%d lanes: %d the same bits, %d agree on bounds, %d break one, %d bind in 2026\n",
      lanes, same, agree, bound, binding);
  CHECK(same == lanes && agree == lanes && bound >= 1 && bound < lanes);
  CHECK(binding >= 1 && binding < lanes - bound); /* both sides of the four-water rule */
  for (int m = 0; m < sim_nmodels; m++) {
    free(params[m]);
  }
  sim_diags_free(d);
  sim_engine_free(side);
  sim_engine_free(single);
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
  fast_path_agrees_with_run();
  lanes_equal_single_runs(SIM_BATCH_LANES); /* the count compiled in */
  lanes_equal_single_runs(5);               /* any other */
  unknown_output_is_nan();
  return test_summary("test_engine");
}
