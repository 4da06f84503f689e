/* test_capacity.c — plansim capacity proven by forward runs: for every year
 * and driver of the shipped plans, the scenario loaded again with that
 * year's driver at its allowed value (a --set of one year of a path) puts
 * the water the red line counts exactly on the cap (1e-6 relative); and the
 * population row is water.max_population's formula where the line does not
 * bind (one formula, models/water.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/capacity.h"
#include "scenario/load.h"
#include "harness.h"
#include "compute.h"
#include "core/registry.h"
#include "scenario/uncertainty.h"

#ifndef SCENARIO_DIR
#define SCENARIO_DIR "scenarios"
#endif

typedef struct {
  sim_scenario *sc;
  sim_engine *e;
} loaded;

static bool load_run(const char *file, const char *const *sets, int nsets, loaded *l) {
  sim_diags *d = sim_diags_alloc();
  sim_status st = sim_scenario_load((sim_source){file, NULL}, sets, nsets, d, &l->sc);
  l->e = NULL;
  if (st == SIM_OK) {
    st = sim_engine_alloc(sim_scenario_start(l->sc), sim_scenario_end(l->sc),
                          sim_scenario_params(l->sc), d, &l->e);
  }
  if (st == SIM_OK) {
    st = sim_engine_run(l->e, sim_scenario_params(l->sc));
  }
  sim_diags_print(d, stdout);
  sim_diags_free(d);
  return st == SIM_OK;
}

static void unload(loaded *l) {
  sim_engine_free(l->e);
  sim_scenario_free(l->sc);
}

/* The path setting `path` with year t replaced by fn(old value), as a
 * --set override in buf. */
static const char *one_year(const loaded *l, const char *path, int t, double value,
                            bool scale, char *buf, size_t n) {
  sim_input in = {.path = path};
  if (!sim_input_resolve(&in) || !in.is_path) {
    return "";
  }
  const double *v =
      (const double *)((const char *)sim_scenario_params(l->sc)[in.model] + in.offset);
  int years = sim_scenario_end(l->sc) - sim_scenario_start(l->sc) + 1;
  size_t used = (size_t)snprintf(buf, n, "%s=", path);
  for (int k = 0; k < years && used < n; k++) {
    double x = k != t ? v[k] : scale ? v[k] * value : value;
    used += (size_t)snprintf(buf + used, n - used, "%s%.17g", k ? ", " : "[", x);
  }
  snprintf(buf + used, n - used, "]");
  return buf;
}

/* The water model's drivers, in the order of its rows. */
enum { POPULATION, LAND, OUTPUT, COMPUTE, NDRIVERS };
static const char *const drivers[NDRIVERS] = {"population", "irrigated_land",
                                              "industry_services", "compute"};

static int driver_index(const char *name) {
  for (int k = 0; k < NDRIVERS; k++) {
    if (strcmp(drivers[k], name) == 0) {
      return k;
    }
  }
  return -1;
}

/* The overrides that put row's driver at its allowed value in its year:
 * the driver itself where its setting's bounds let it get there
 * (pop_growth, compute.growth), else the same water through the sector's
 * water per unit (domestic_lpd, wue), which is all the red line sees. */
static int driver_sets(const loaded *l, const capacity_row *row, char (*buf)[4096],
                       const char **sets) {
  int y = row->year, t = y - sim_scenario_start(l->sc);
  double ratio = row->allowed / row->projected;
  double water = row->use_allowed / row->use_projected;
  switch (driver_index(row->driver)) {
  case POPULATION: { /* Ppot = P[y-1] (1 + pop_growth) */
    double g = row->allowed / sim_engine_value(l->e, "economy.population", y - 1) - 1;
    sets[0] = fabs(g) <= 0.5
                  ? one_year(l, "economy.pop_growth", t, g, false, buf[0], 4096)
                  : one_year(l, "water.domestic_lpd", t, water, true, buf[0], 4096);
    return 1;
  }
  case LAND: /* the same water per 亩: the agricultural water scales */
    sets[0] = one_year(l, "water.intensity.agriculture", t, ratio, true, buf[0], 4096);
    return 1;
  case OUTPUT: /* water of both sectors in proportion to output */
    sets[0] = one_year(l, "water.intensity.industry", t, ratio, true, buf[0], 4096);
    sets[1] = one_year(l, "water.intensity.services", t, ratio, true, buf[1], 4096);
    return 2;
  default: { /* additions requested = C[y-1] growth (no projects in these plans) */
    double before = sim_engine_value(l->e, "compute.capacity", y - 1);
    double g = (row->allowed - before) / before;
    double wue = ((const compute_params *)sim_scenario_params(l->sc)[sim_model_index(&compute_model)])->wue.v[t] * water;
    if (g >= 0 && g <= 100) {
      sets[0] = one_year(l, "compute.growth", t, g, false, buf[0], 4096);
    } else if (wue <= 100) {
      sets[0] = one_year(l, "compute.wue", t, water, true, buf[0], 4096);
    } else {
      return 0; /* neither setting's bounds reach it */
    }
    return 1;
  }
  }
}

/* What the red line counts in year y. */
static double counted(const loaded *l, int y) {
  const config_setting_t *in_cap = sim_scenario_setting(l->sc, "water.reclaimed_in_cap");
  bool reclaimed = in_cap && config_setting_get_bool(in_cap);
  return sim_engine_value(l->e, "water.use_conventional", y) +
         (reclaimed ? sim_engine_value(l->e, "water.use_reclaimed", y) : 0);
}

static void prove_plan(const char *file) {
  loaded l;
  if (!CHECK(load_run(file, NULL, 0, &l))) {
    return;
  }
  int years = sim_scenario_end(l.sc) - sim_scenario_start(l.sc);
  capacity_row *rows;
  int n = sim_capacity(l.sc, l.e, &rows);
  CHECK(n == years * NDRIVERS);
  for (int k = 0; k < n; k++) {
    const capacity_row *row = &rows[k];
    if (!CHECK(driver_index(row->driver) >= 0)) {
      continue;
    }
    if (!(row->use_projected > 0)) {
      continue; /* no water to move (a plan without data centres): nothing to prove */
    }
    char buf[2][4096];
    const char *sets[2];
    int nsets = driver_sets(&l, row, buf, sets);
    if (nsets == 0) {
      printf("%s %d compute: allowed %.6g is beyond what a setting can reach; not proven\n",
             file, row->year, row->allowed);
      continue;
    }
    loaded f;
    char what[256];
    snprintf(what, sizeof what, "%s %d %s", file, row->year, row->driver);
    if (test_true(load_run(file, sets, nsets, &f), what, __LINE__)) {
      test_rel(counted(&f, row->year), sim_engine_value(f.e, "water.cap", row->year), 1e-6,
               what, __LINE__);
      unload(&f);
    }
    if (driver_index(row->driver) == POPULATION && sim_engine_value(l.e, "water.binding",
                                                               row->year) == 0) {
      test_rel(row->allowed, sim_engine_value(l.e, "water.max_population", row->year), 1e-12,
               what, __LINE__);
    }
  }
  free(rows);
  unload(&l);
}

int main(void) {
  prove_plan(SCENARIO_DIR "/xincheng-2030.cfg");
  prove_plan(SCENARIO_DIR "/xincheng-water-stress.cfg");
  prove_plan(SCENARIO_DIR "/kangbashi-2030.cfg");
  prove_plan(SCENARIO_DIR "/dongsheng-2025.cfg");
  return test_summary("test_capacity");
}
