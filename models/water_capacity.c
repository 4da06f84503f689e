/* water_capacity.c — the water model's capacity hook: what the red line
 * allows of each driver, year by year (以水定人、以水定地、以水定产、以水定算;
 * docs/capacity.md).  MODEL.md section 5: the red line counts
 * sum(D_s - r_s) (plus the reclaimed water taken when reclaimed_in_cap),
 * and the reclaimed water taken is min(R, demand of its users).  Setting
 * that sum to the cap and solving for the demand of the driver's sectors
 * J, the others as projected, gives
 *     D_J* = cap - sum_{s not in J} D_s + (in cap ? 0 : T)
 * with T = R when J holds a reclaimed user (raising J's demand takes the
 * reclaimed water left first, so at the cap it is all taken) and T =
 * min(R, users' demand) otherwise.  Each driver is then D_J* through its
 * own equation.  It lives with the model so that the allocation and its
 * inverse share water_allowed() and change together. */
#include <math.h>
#include <stdio.h>

#include "water.h"

enum { POPULATION, LAND, OUTPUT, COMPUTE, NDRIVERS };

static const char *const drivers[NDRIVERS] = {"population", "irrigated_land",
                                              "industry_services", "compute"};
static const char *const units[NDRIVERS] = {"万人", "万亩", "亿元", "PFlops"};

/* The sectors of each driver, bit s for sector s. */
static const unsigned sectors_of[NDRIVERS] = {
    1u << WATER_DOMESTIC, 1u << WATER_AGRICULTURE,
    1u << WATER_INDUSTRY | 1u << WATER_SERVICES, 1u << WATER_COMPUTE};

/* Output `name` in year y; `sector` appended when not NULL. */
static double out(const sim_run_view *run, const char *name, const char *sector, int y) {
  char full[96];
  snprintf(full, sizeof full, "%s%s", name, sector ? sector : "");
  return run->value(run->ctx, full, y);
}

/* D_J* for the sectors `j` in year y. */
static double allowed_demand(const sim_run_view *run, const water_params *w, unsigned j,
                             int y) {
  double others = 0, users = 0;
  bool j_uses = false, user[WATER_NSECTORS] = {false};
  for (int i = 0; i < w->reclaimed_users.n; i++) {
    user[w->reclaimed_users.item[i]] = true;
  }
  for (int s = 0; s < WATER_NSECTORS; s++) {
    double d = out(run, "water.demand_", water_sector_names[s], y);
    bool in_j = j >> s & 1;
    others += in_j ? 0 : d;
    users += user[s] && !in_j ? d : 0;
    j_uses |= user[s] && in_j;
  }
  double r = out(run, "water.reclaimed_supply", NULL, y);
  double taken = j_uses ? r : fmin(r, users);
  return water_allowed(out(run, "water.cap", NULL, y), others, taken,
                       w->reclaimed_in_cap);
}

/* The demand of the sectors `j` as projected in year y. */
static double projected_demand(const sim_run_view *run, unsigned j, int y) {
  double d = 0;
  for (int s = 0; s < WATER_NSECTORS; s++) {
    d += j >> s & 1 ? out(run, "water.demand_", water_sector_names[s], y) : 0;
  }
  return d;
}

/* The driver's projected value and the value its allowed water gives. */
static void driver_values(const sim_run_view *run, const water_params *w, int k,
                          sim_capacity_row *row, int t) {
  int y = row->year;
  double d = row->use_projected, a = row->use_allowed;
  switch (k) {
  case POPULATION:
    row->projected = out(run, "economy.population_potential", NULL, y);
    row->allowed = water_people(a, w->domestic_lpd.v[t]);
    return;
  case LAND: /* 万亩: water over the irrigation quota */
    row->projected = d / w->irrigation_quota.v[t];
    row->allowed = a / w->irrigation_quota.v[t];
    return;
  case OUTPUT: /* secondary and tertiary value added in proportion */
    row->projected = out(run, "economy.va_secondary_potential", NULL, y) +
                     out(run, "economy.va_tertiary_potential", NULL, y);
    row->allowed = d > 0 ? row->projected * a / d : NAN;
    return;
  default: { /* capacity: the IT power the water keeps, added at this year's efficiency */
    double k_mw = out(run, "compute.water_per_mw", NULL, y);
    double before = out(run, "compute.capacity", NULL, y - 1);
    row->projected = before + out(run, "compute.additions_requested", NULL, y);
    row->allowed = k_mw > 0
                       ? before + (a / k_mw - out(run, "compute.it_power", NULL, y - 1)) *
                                      run->setting(run->ctx, "compute.eff_new", t)
                       : NAN;
  }
  }
}

int water_capacity(const void *params, const sim_run_view *run, int year, int t,
                   sim_capacity_row *rows) {
  const water_params *w = params;
  for (int k = 0; k < NDRIVERS; k++) {
    sim_capacity_row *row = &rows[k];
    *row = (sim_capacity_row){.year = year, .driver = drivers[k], .unit = units[k]};
    row->use_projected = projected_demand(run, sectors_of[k], year);
    row->use_allowed = allowed_demand(run, w, sectors_of[k], year);
    driver_values(run, w, k, row, t);
  }
  return NDRIVERS;
}
