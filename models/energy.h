/* energy.h — energy consumption of the economy and of data centres
 * (MODEL.md section 6). */
#ifndef PLANSIM_ENERGY_H
#define PLANSIM_ENERGY_H

#include "../sim/sim.h"

typedef struct {
  sim_path intensity;      /* tce per 万元 of GDP, data centres excluded */
  /* calorific equivalent of 1 GWh (default 122.9); a number a plan may
   * replace by the coal-equivalent factor its statistics use */
  double elec_tce_per_gwh;
} energy_params;

enum {
  ENERGY_CONSUMPTION_BASE,
  ENERGY_CONSUMPTION_COMPUTE,
  ENERGY_CONSUMPTION,
  ENERGY_INTENSITY_TOTAL,
  ENERGY_INTENSITY,
  ENERGY_NOUTPUTS
};

extern const sim_model_type energy_model;

#endif
