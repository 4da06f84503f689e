/* carbon.h — CO2 from the economy's energy and data centres' grid power
 * (MODEL.md section 6). */
#ifndef PLANSIM_CARBON_H
#define PLANSIM_CARBON_H

#include "../sim/sim.h"

typedef struct {
  sim_path cef;     /* tCO2 per tce of non-data-centre energy */
  sim_path grid_ef; /* tCO2 per MWh of grid electricity */
} carbon_params;

enum {
  CARBON_EMISSIONS_COMPUTE,
  CARBON_EMISSIONS,
  CARBON_INTENSITY,
  CARBON_CEF,
  CARBON_GRID_EF,
  CARBON_EMISSIONS_BASE,
  CARBON_COMPUTE_SHARE,
  CARBON_NOUTPUTS
};

extern const sim_model_type carbon_model;

#endif
