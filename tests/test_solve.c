/* test_solve.c — plansim solve: the solver against a closed form (a GDP
 * level target: growth* = (V / gdp0)^(1/n) - 1), and every boundary it
 * reports proven by a forward run, the scenario loaded again with the
 * lever written as a --set override: the metric there equals the
 * threshold within 1e-6 relative.  Every target kind, a two-crossing case,
 * a kinked case (the water rule binding) and the shipped plans. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/solve.h"
#include "scenario/load.h"
#include "core/registry.h"
#include "harness.h"

#ifndef SCENARIO_DIR
#define SCENARIO_DIR "scenarios"
#endif

static const char fixture[] =
    "name = \"solve-fixture\";\n"
    "time = { start = 2021; end = 2026; };\n"
    "economy = { gdp0 = 623.85; growth = 0.0537; shares0 = [0.031, 0.287, 0.682];\n"
    "  population0 = 57.31; pop_growth = 0.0061; income0 = 48211.0;\n"
    "  income_elasticity = 0.87; };\n"
    "compute = { capacity0 = 2385.0; growth = 0.731; eff0 = 417.0;\n"
    "  eff_new = { base = 683.0; rate = 0.193; }; utilization = 0.617;\n"
    "  pue = { from = 1.283; to = 1.147; }; wue = 0.437; green_share = 0.382; };\n"
    "water = { rule = \"report\"; cap = 9317.0; reclaimed = 1188.0;\n"
    "  domestic_lpd = 143.7; ecological = 1021.0; irrigation_quota = 287.0;\n"
    "  intensity = { agriculture = 231.0; industry = 11.83; services = 1.417; }; };\n"
    "energy = { intensity = { base = 0.3071; rate = -0.0283; }; };\n"
    "carbon = { cef = 2.173; grid_ef = { from = 0.781; to = 0.613; }; };\n";

typedef struct {
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts;
} loaded;

/* Loads a file (or the fixture when file is NULL) with the overrides. */
static bool load(const char *file, const char *const *sets, int nsets, loaded *l) {
  sim_diags *d = sim_diags_alloc();
  sim_source src = file ? (sim_source){file, NULL} : (sim_source){"fixture.cfg", fixture};
  memset(l, 0, sizeof *l);
  sim_status st = sim_scenario_load(src, sets, nsets, d, &l->sc);
  if (st == SIM_OK) {
    st = sim_engine_alloc(sim_scenario_start(l->sc), sim_scenario_end(l->sc),
                          sim_scenario_params(l->sc), d, &l->e);
  }
  if (st == SIM_OK) {
    st = sim_targets_load(l->sc, l->e, d, &l->ts);
  }
  sim_diags_print(d, stdout);
  sim_diags_free(d);
  return st == SIM_OK;
}

static void unload(loaded *l) {
  free(l->ts);
  sim_engine_free(l->e);
  sim_scenario_free(l->sc);
}

static int find(const sim_targets *ts, const char *id) {
  for (int i = 0; i < ts->n; i++) {
    if (strcmp(ts->item[i].id, id) == 0) {
      return i;
    }
  }
  return -1;
}

/* The lever at value x as a --set override: a number, or the path's
 * values year by year as the apply word gives them. */
static void lever_set(const loaded *l, const solve_lever *lv, double x, char *buf, size_t n) {
  int years = sim_scenario_end(l->sc) - sim_scenario_start(l->sc) + 1;
  void *params[SIM_MAX_MODELS] = {NULL};
  const void *const *base = sim_scenario_params(l->sc);
  size_t size = sim_models[lv->in.model]->params_size;
  params[lv->in.model] = malloc(size); /* only the lever's model is written */
  memcpy(params[lv->in.model], base[lv->in.model], size);
  sim_input_apply(&lv->in, x, params, base, years);
  sim_path copy;
  memcpy(&copy, (char *)params[lv->in.model] + lv->in.offset,
         lv->in.is_path ? sizeof copy : sizeof(double));
  free(params[lv->in.model]);
  size_t used = (size_t)snprintf(buf, n, "%s=", lv->in.path);
  if (!lv->in.is_path) {
    snprintf(buf + used, n - used, "%.17g", copy.v[0]);
    return;
  }
  for (int t = 0; t < years && used < n; t++) {
    used += (size_t)snprintf(buf + used, n - used, "%s%.17g", t ? ", " : "[", copy.v[t]);
  }
  snprintf(buf + used, n - used, "]");
}

/* The forward run with the lever at x: target id's metric (NaN on error). */
static double forward(const char *file, const char *const *sets, int nsets,
                      const loaded *l, const solve_lever *lv, double x, const char *id) {
  char set[4096];
  const char *all[16];
  memcpy(all, sets, (size_t)nsets * sizeof *sets);
  lever_set(l, lv, x, set, sizeof set);
  all[nsets] = set;
  loaded f;
  double metric = NAN;
  if (load(file, all, nsets + 1, &f) && sim_engine_run(f.e, sim_scenario_params(f.sc)) == SIM_OK) {
    sim_target_result r[SIM_MAX_LIST];
    sim_targets_eval(f.ts, sim_engine_values(f.e), sim_engine_output_count(f.e),
                     sim_scenario_start(f.sc), r);
    metric = r[find(f.ts, id)].result;
  }
  unload(&f);
  return metric;
}

/* Solves target id along lever text, checks the number of boundaries and
 * proves each by a forward run; returns the result for more checks. */
static solve_result prove(const char *file, const char *const *sets, int nsets,
                          const char *lever, const char *id, int want_n) {
  loaded l;
  solve_result r = {0};
  solve_lever lv;
  solve_eval *ev = NULL;
  if (!CHECK(load(file, sets, nsets, &l))) {
    return r;
  }
  int years = sim_scenario_end(l.sc) - sim_scenario_start(l.sc) + 1;
  int i = find(l.ts, id);
  CHECK(i >= 0);
  CHECK(solve_lever_parse(lever, sim_scenario_params(l.sc), years, &lv, stdout) == SIM_OK);
  CHECK(solve_eval_alloc(l.sc, l.ts, &lv, 1, &ev) == SIM_OK);
  CHECK(solve_target(ev, i, 0, NULL, 256, &r) == SIM_OK);
  if (!test_true(r.n == want_n, lever, __LINE__)) {
    printf("  %s along %s: %d boundaries, want %d\n", id, lever, r.n, want_n);
  }
  bool peak = l.ts->item[i].kind == TARGET_PEAK;
  for (int k = 0; k < r.n; k++) {
    const solve_crossing *c = &r.item[k];
    double metric = forward(file, sets, nsets, &l, &lv, c->value, id);
    if (peak) { /* a year: met at the value, missed just past it */
      double past = c->value + c->met_side * -1e-7 * fmax(1, fabs(c->value));
      CHECK(metric <= c->threshold);
      CHECK(forward(file, sets, nsets, &l, &lv, past, id) > c->threshold);
    } else {
      double scale = fmax(fabs(c->threshold), 1);
      test_true(fabs(metric - c->threshold) <= 1e-6 * scale, id, __LINE__);
    }
    CHECK(metric == c->metric); /* the forward run gives what solve reported */
  }
  solve_eval_free(ev);
  solve_lever_clear(&lv);
  unload(&l);
  return r;
}

/* GDP level target: growth* = (V / gdp0)^(1/n) - 1. */
static void closed_form(void) {
  const char *sets[] = {"targets = ({ id = \"gdp\"; var = \"economy.gdp\"; kind = \"level\"; "
                        "op = \">=\"; value = 871.37; attribute = \"binding\"; })"};
  solve_result r = prove(NULL, sets, 1, "economy.growth=0:0.2", "gdp", 1);
  double want = pow(871.37 / 623.85, 1.0 / 5) - 1;
  CHECK_REL(r.item[0].value, want, 1e-9);
  CHECK(r.item[0].met_side > 0);
}

#define TARGET(id, var, kind, op, value, extra)                                             \
  "targets = ({ id = \"" id "\"; var = \"" var "\"; kind = \"" kind "\"; op = \"" op       \
  "\"; value = " value "; attribute = \"binding\"; " extra " })"

/* One target of each kind, each moved by a lever that crosses it. */
static void every_kind(void) {
  const char *growth[] = {TARGET("g", "economy.gdp", "growth", "~", "5.5", "tol = 0.25;")};
  prove(NULL, growth, 1, "economy.growth:shift=-0.03:0.03", "g", 2); /* two crossings */
  const char *cum[] = {TARGET("c", "compute.additions", "cumulative", ">=", "25000.0", "")};
  prove(NULL, cum, 1, "compute.growth=0:2", "c", 1);
  const char *red[] = {TARGET("r", "carbon.intensity", "reduction", ">=", "17.5", "")};
  prove(NULL, red, 1, "energy.intensity:rate=-0.12:0", "r", 1);
  const char *syn[] = {"targets = ({ id = \"s\"; var = \"economy.income\"; ref = "
                       "\"economy.gdp\"; kind = \"synced\"; op = \"~\"; value = 0.0; tol = "
                       "0.5; attribute = \"binding\"; })"};
  prove(NULL, syn, 1, "economy.income_elasticity=0.5:1.5", "s", 2);
  const char *max[] = {TARGET("m", "water.over_cap", "max", "<=", "0.0", "")};
  prove(NULL, max, 1, "water.cap:scale=0.5:1.5", "m", 1);
  const char *min[] = {TARGET("n", "carbon.intensity", "min", "<=", "0.5", "")};
  prove(NULL, min, 1, "carbon.cef:scale=0.5:1.5", "n", 1);
  const char *peak[] = {TARGET("p", "carbon.emissions", "peak", "<=", "2024", "")};
  prove(NULL, peak, 1, "energy.intensity:rate=-0.2:0.05", "p", 1);
}

/* The shipped plans, and a kinked case: the red line binds at the boundary. */
static void shipped(void) {
  const char *none[1] = {NULL};
  const char *x = SCENARIO_DIR "/xincheng-2030.cfg", *k = SCENARIO_DIR "/kangbashi-2030.cfg";
  prove(x, none, 0, "compute.growth=0:3", "carbon_intensity", 1);
  prove(x, none, 0, "energy.intensity:rate=-0.15:0", "carbon_intensity", 1);
  prove(x, none, 0, "economy.growth:shift=-0.02:0.02", "gdp_growth", 2);
  const char *report[] = {"water.rule = \"report\""};
  prove(x, report, 1, "compute.growth=0:3", "water_red_line", 1);
  prove(k, none, 0, "energy.intensity:scale=0.5:1.5", "energy_per_gdp", 1);
  const char *tight[] = {"water.cap = 8000.0"};
  solve_result r = prove(x, tight, 1, "energy.intensity:rate=-0.1:0", "carbon_intensity", 1);
  loaded l;
  char set[128];
  snprintf(set, sizeof set, "energy.intensity = { base = 0.30; rate = %.17g; }", r.item[0].value);
  const char *at[] = {"water.cap = 8000.0", set};
  CHECK(load(x, at, 2, &l) && sim_engine_run(l.e, sim_scenario_params(l.sc)) == SIM_OK);
  CHECK(sim_engine_value(l.e, "water.binding", 2030) == 1); /* compute is curtailed there */
  unload(&l);
}

/* A lever outside its setting's bounds, LO >= HI, not a number setting. */
static void bad_levers(void) {
  loaded l;
  solve_lever lv;
  CHECK(load(NULL, NULL, 0, &l));
  const void *const *base = sim_scenario_params(l.sc);
  FILE *null = fopen("/dev/null", "w");
  CHECK(solve_lever_parse("compute.growth=-0.5:1", base, 6, &lv, null) == SIM_ERR_INVALID);
  solve_lever_clear(&lv);
  CHECK(solve_lever_parse("compute.growth=2:1", base, 6, &lv, null) == SIM_ERR_USAGE);
  CHECK(solve_lever_parse("water.rule=0:1", base, 6, &lv, null) == SIM_ERR_USAGE);
  solve_lever_clear(&lv);
  CHECK(solve_lever_parse("compute.growth:twist=0:1", base, 6, &lv, null) == SIM_ERR_USAGE);
  CHECK(solve_lever_parse("economy.gdp0:rate=0:1", base, 6, &lv, null) == SIM_ERR_USAGE);
  solve_lever_clear(&lv);
  fclose(null);
  unload(&l);
}

int main(void) {
  closed_form();
  every_kind();
  shipped();
  bad_levers();
  return test_summary("test_solve");
}
