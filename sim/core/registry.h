/* registry.h — the list of model types a run is made of, in model order
 * (the order of outputs in trajectories.csv and of steps within a phase). */
#ifndef PLANSIM_REGISTRY_H
#define PLANSIM_REGISTRY_H

#include "sim.h"

#define SIM_MAX_MODELS 16 /* room in per-model arrays; the registry holds fewer */

extern const sim_model_type *const sim_models[];
extern const int sim_nmodels;

/* The model type called `name`, or NULL. */
const sim_model_type *sim_model_find(const char *name);

/* Registry index of model type mt, or -1. */
int sim_model_index(const sim_model_type *mt);

#endif
