/* capacity.c — what the water red line allows of each driver, year by
 * year.  MODEL.md section 5: the red line counts sum(D_s - r_s) (plus the
 * reclaimed water taken when reclaimed_in_cap), and the reclaimed water
 * taken is min(R, demand of its users).  Setting that sum to the cap and
 * solving for the demand of the driver's sectors J, the others as
 * projected, gives
 *     D_J* = cap - sum_{s not in J} D_s + (in cap ? 0 : T)
 * with T = R when J holds a reclaimed user (raising J's demand takes the
 * reclaimed water left first, so at the cap it is all taken) and T =
 * min(R, users' demand) otherwise.  Each driver is then D_J* through its
 * own equation. */
#include "analysis/capacity.h"

#include <math.h>
#include <stdio.h>

#include "compute.h"
#include "core/registry.h"
#include "water.h"

const char *const capacity_drivers[CAPACITY_NDRIVERS] = {"population", "irrigated_land",
                                                         "industry_services", "compute"};
const char *const capacity_units[CAPACITY_NDRIVERS] = {"万人", "万亩", "亿元", "PFlops"};

/* Output `name` in year y; `sector` appended when not NULL. */
static double out(const sim_engine *e, const char *name, const char *sector, int y) {
  char full[96];
  snprintf(full, sizeof full, "%s%s", name, sector ? sector : "");
  return sim_engine_value(e, full, y);
}

/* The sectors of each driver, bit s for sector s. */
static const unsigned sectors_of[CAPACITY_NDRIVERS] = {
    1u << WATER_DOMESTIC, 1u << WATER_AGRICULTURE,
    1u << WATER_INDUSTRY | 1u << WATER_SERVICES, 1u << WATER_COMPUTE};

/* D_J* for the sectors `j` in year y. */
static double allowed_demand(const sim_engine *e, const water_params *w, unsigned j, int y) {
  double others = 0, users = 0;
  bool j_uses = false, user[WATER_NSECTORS] = {false};
  for (int i = 0; i < w->reclaimed_users.n; i++) {
    user[w->reclaimed_users.item[i]] = true;
  }
  for (int s = 0; s < WATER_NSECTORS; s++) {
    double d = out(e, "water.demand_", water_sector_names[s], y);
    bool in_j = j >> s & 1;
    others += in_j ? 0 : d;
    users += user[s] && !in_j ? d : 0;
    j_uses |= user[s] && in_j;
  }
  double r = out(e, "water.reclaimed_supply", NULL, y);
  double taken = j_uses ? r : fmin(r, users);
  return water_allowed(out(e, "water.cap", NULL, y), others, taken, w->reclaimed_in_cap);
}

/* The demand of the sectors `j` as projected in year y. */
static double projected_demand(const sim_engine *e, unsigned j, int y) {
  double d = 0;
  for (int s = 0; s < WATER_NSECTORS; s++) {
    d += j >> s & 1 ? out(e, "water.demand_", water_sector_names[s], y) : 0;
  }
  return d;
}

/* The driver's projected value and the value its allowed water gives. */
static void driver_values(const sim_engine *e, const void *const *params, capacity_row *row,
                          int t) {
  const water_params *w = params[sim_model_index(&water_model)];
  const compute_params *c = params[sim_model_index(&compute_model)];
  int y = row->year;
  double d = row->water_projected, a = row->water_allowed;
  switch (row->driver) {
  case CAPACITY_POPULATION:
    row->projected = out(e, "economy.population_potential", NULL, y);
    row->allowed = water_people(a, w->domestic_lpd.v[t]);
    return;
  case CAPACITY_LAND: /* 万亩: water over the irrigation quota */
    row->projected = d / w->irrigation_quota.v[t];
    row->allowed = a / w->irrigation_quota.v[t];
    return;
  case CAPACITY_OUTPUT: /* secondary and tertiary value added in proportion */
    row->projected = out(e, "economy.va_secondary_potential", NULL, y) +
                     out(e, "economy.va_tertiary_potential", NULL, y);
    row->allowed = d > 0 ? row->projected * a / d : NAN;
    return;
  default: { /* capacity: the IT power the water keeps, added at this year's efficiency */
    double k = out(e, "compute.water_per_mw", NULL, y), before = out(e, "compute.capacity",
                                                                      NULL, y - 1);
    row->projected = before + out(e, "compute.additions_requested", NULL, y);
    row->allowed = k > 0 ? before + (a / k - out(e, "compute.it_power", NULL, y - 1)) *
                                         c->eff_new.v[t]
                         : NAN;
  }
  }
}

int sim_capacity(const sim_scenario *sc, const sim_engine *e, capacity_row *rows) {
  const void *const *params = sim_scenario_params(sc);
  const water_params *w = params[sim_model_index(&water_model)];
  int n = 0, start = sim_engine_start(e);
  for (int y = start + 1; y <= sim_engine_end(e); y++) {
    for (int k = 0; k < CAPACITY_NDRIVERS; k++, n++) {
      capacity_row *row = &rows[n];
      *row = (capacity_row){.year = y, .driver = k};
      row->water_projected = projected_demand(e, sectors_of[k], y);
      row->water_allowed = allowed_demand(e, w, sectors_of[k], y);
      driver_values(e, params, row, y - start);
    }
  }
  return n;
}
