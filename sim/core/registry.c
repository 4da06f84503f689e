/* registry.c — every model of plansim, one line each. */
#include "core/registry.h"

#include <string.h>

#include "../models/carbon.h"
#include "../models/compute.h"
#include "../models/economy.h"
#include "../models/energy.h"
#include "../models/indicators.h"
#include "../models/water.h"

/* The order matters: it is the order of the outputs (the columns of
 * trajectories.csv) and of the models' steps within a phase (MODEL.md
 * section 2), so moving a line changes outputs.  Everything else iterates
 * this array and names no model. */
const sim_model_type *const sim_models[] = {
    &economy_model, &compute_model, &water_model,
    &energy_model,  &carbon_model,  &indicators_model,
};
const char *const sim_basis_names[] = {"model", "path", "follow", NULL};

const int sim_nmodels = (int)(sizeof sim_models / sizeof sim_models[0]);

int sim_model_index(const sim_model_type *mt) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (sim_models[m] == mt) {
      return m;
    }
  }
  return -1;
}

const sim_model_type *sim_model_find(const char *name) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (strcmp(sim_models[m]->name, name) == 0) {
      return sim_models[m];
    }
  }
  return NULL;
}
