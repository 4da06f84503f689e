/* capacity.h — the four-water-constraints inverse (以水定人、以水定地、
 * 以水定产、以水定算): per year, how much of each driver a model's limit
 * (the water red line) allows with every other user at its projected
 * demand.  The models that hold a limit invert it in their `capacity`
 * hook (sim.h); this file runs the hooks over a finished run
 * (docs/capacity.md). */
#ifndef PLANSIM_CAPACITY_H
#define PLANSIM_CAPACITY_H

#include "core/engine.h"
#include "scenario/scenario.h"

typedef sim_capacity_row capacity_row;

/* The rows of every projected year (start+1..end) and, within a year, of
 * every model with a capacity hook in registry order, from the finished
 * run of engine e on scenario sc's parameters.  Returns how many, with
 * *rows owned by the caller (free()); -1 when out of memory. */
int sim_capacity(const sim_scenario *sc, const sim_engine *e, capacity_row **rows);

#endif
