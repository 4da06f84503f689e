/* capacity.h — the four-water-constraints inverse (以水定人、以水定地、
 * 以水定产、以水定算): per year, how much of each water-using driver the red
 * line allows with every other sector at its projected demand, solved from
 * the water model's own allocation equations (docs/capacity.md). */
#ifndef PLANSIM_CAPACITY_H
#define PLANSIM_CAPACITY_H

#include "core/engine.h"
#include "scenario/scenario.h"

enum { CAPACITY_POPULATION, CAPACITY_LAND, CAPACITY_OUTPUT, CAPACITY_COMPUTE, CAPACITY_NDRIVERS };

/* Driver names and units as written in capacity.csv. */
extern const char *const capacity_drivers[CAPACITY_NDRIVERS];
extern const char *const capacity_units[CAPACITY_NDRIVERS];

typedef struct {
  int year, driver;
  double projected, allowed; /* allowed NaN where water does not limit the driver */
  double water_projected, water_allowed; /* the driver's sectors' demand, 万m³ */
} capacity_row;

/* The rows of every projected year (start+1..end) and driver, from the
 * finished run of engine e on scenario sc's parameters; rows holds at
 * least (end - start) * CAPACITY_NDRIVERS.  Returns how many. */
int sim_capacity(const sim_scenario *sc, const sim_engine *e, capacity_row *rows);

#endif
