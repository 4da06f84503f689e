/* test_uncertainty.c — sampled inputs against their settings' ranges: the
 * support of each law, what sim_input_apply writes and whether it stays in
 * range, the first year sim_input_outside finds, and which inputs are
 * marked as never leaving the range (so that runs skip the check). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "core/registry.h"
#include "scenario/uncertainty.h"

/* The fixture with an uncertainty group of these inputs. */
static const char inputs_text[] =
    "uncertainty = { params = (\n"
    /* 0: set, unbounded law, range [-0.5, 1] */
    "  { path = \"economy.growth\"; dist = \"normal\"; mean = 0.0537; sd = 0.2; },\n"
    /* 1: scale of 0.382 by U(1, 3): above 1/0.382 outside [0, 1] */
    "  { path = \"compute.green_share\"; apply = \"scale\"; dist = \"uniform\";\n"
    "    min = 1.0; max = 3.0; },\n"
    /* 2: scale of a cap of 9317 by U(0.9, 1.05): always inside [0, inf] */
    "  { path = \"water.cap\"; apply = \"scale\"; dist = \"uniform\"; min = 0.9; max = 1.05; },\n"
    /* 3: shift of 0.731 by T(-0.1, 0, 0.2): always inside [0, 100] */
    "  { path = \"compute.growth\"; apply = \"shift\"; dist = \"triangular\";\n"
    "    min = -0.1; mode = 0.0; max = 0.2; },\n"
    /* 4: set to one of two values, both inside [0, 1] */
    "  { path = \"compute.utilization\"; dist = \"discrete\"; values = [0.2, 0.5];\n"
    "    weights = [0.3, 0.7]; },\n"
    /* 5: the same with a value outside [0, 100] */
    "  { path = \"compute.wue\"; dist = \"discrete\"; values = [0.2, 150.0];\n"
    "    weights = [0.3, 0.7]; }\n"
    "); };\n";

static sim_uncertainty *load_inputs(sim_scenario **sc) {
  char *text = malloc(sizeof fixture_text + sizeof inputs_text);
  strcpy(text, fixture_text);
  strcat(text, inputs_text);
  sim_diags *d = sim_diags_alloc();
  sim_uncertainty *u = NULL;
  if (sim_scenario_load((sim_source){"fixture.cfg", text}, NULL, 0, d, sc) != SIM_OK ||
      sim_uncertainty_load(*sc, d, &u) != SIM_OK) {
    sim_diags_print(d, stdout);
  }
  sim_diags_free(d);
  free(text);
  return u;
}

static void supports(void) {
  sim_dist normal = {.kind = SIM_DIST_NORMAL, .p = {0.0537, 0.2}};
  sim_dist lognormal = {.kind = SIM_DIST_LOGNORMAL, .p = {2.385, 0.3}};
  sim_dist beta = {.kind = SIM_DIST_BETA, .p = {2.0, 3.0, -1.25, 4.75}};
  sim_dist discrete = {.kind = SIM_DIST_DISCRETE, .nvalues = 3, .values = {0.7, -2.1, 1.9}};
  double least, most;
  sim_dist_support(&normal, &least, &most);
  CHECK(least == -INFINITY && most == INFINITY);
  sim_dist_support(&lognormal, &least, &most);
  CHECK(least == 0 && most == INFINITY);
  sim_dist_support(&beta, &least, &most);
  CHECK(least == -1.25 && most == 4.75);
  sim_dist_support(&discrete, &least, &most);
  CHECK(least == -2.1 && most == 1.9);
}

/* Applies input j as x to copies of the scenario's parameters; returns
 * sim_input_apply's answer and the value written in year t. */
static bool apply(const sim_uncertainty *u, const sim_scenario *sc, int j, double x, int t,
                  double *written) {
  const sim_input *in = &u->inputs.item[j];
  const void *const *base = sim_scenario_params(sc);
  void *params[SIM_MAX_MODELS];
  for (int m = 0; m < sim_nmodels; m++) {
    params[m] = malloc(sim_models[m]->params_size);
    memcpy(params[m], base[m], sim_models[m]->params_size);
  }
  int years = sim_scenario_end(sc) - sim_scenario_start(sc) + 1;
  bool inside = sim_input_apply(in, x, params, base, years);
  *written = ((const double *)((const char *)params[in->model] + in->offset))[t];
  for (int m = 0; m < sim_nmodels; m++) {
    free(params[m]);
  }
  return inside;
}

static void ranges(void) {
  sim_scenario *sc = NULL;
  sim_uncertainty *u = load_inputs(&sc);
  if (!CHECK(u != NULL)) {
    sim_scenario_free(sc);
    return;
  }
  const sim_input *in = u->inputs.item;
  CHECK(in[0].lo == -0.5 && in[0].hi == 1);
  CHECK(!in[0].always_inside && !in[1].always_inside && in[2].always_inside);
  CHECK(in[3].always_inside && in[4].always_inside && !in[5].always_inside);
  double v;
  CHECK(apply(u, sc, 0, 0.2385, 3, &v) && v == 0.2385);
  CHECK(apply(u, sc, 0, -0.5, 3, &v) && apply(u, sc, 0, 1, 3, &v)); /* inclusive */
  CHECK(!apply(u, sc, 0, -0.5001, 3, &v) && v == -0.5001); /* written all the same */
  CHECK(apply(u, sc, 1, 2.5, 0, &v) && v == 0.382 * 2.5);
  CHECK(!apply(u, sc, 1, 2.7, 0, &v) && v == 0.382 * 2.7);
  CHECK(apply(u, sc, 3, 0.2, 5, &v) && v == 0.731 + 0.2);
  CHECK(!apply(u, sc, 2, NAN, 0, &v) && !apply(u, sc, 0, NAN, 0, &v)); /* no number */
  int years = sim_scenario_end(sc) - sim_scenario_start(sc) + 1;
  const void *const *base = sim_scenario_params(sc);
  CHECK(sim_input_outside(&in[1], 2.7, base, years, &v) == 0 && v == 0.382 * 2.7);
  CHECK(sim_input_outside(&in[1], 2.5, base, years, &v) == -1);
  CHECK(sim_input_outside(&in[0], 1.25, base, years, &v) == 0 && v == 1.25);
  free(u);
  sim_scenario_free(sc);
}

int main(void) {
  supports();
  ranges();
  return test_summary("test_uncertainty");
}
