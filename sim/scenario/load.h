/* load.h — loading a scenario: reading it (scenario.h) and the checks that
 * join it to the models' outputs (targets, sampled inputs, links between
 * models).  The top of sim/scenario: see load.c for the order below it. */
#ifndef PLANSIM_LOAD_H
#define PLANSIM_LOAD_H

#include "scenario/scenario.h"

/* Loads and checks a scenario.  sets[i] is "PATH=VALUE", applied after the
 * files.  Every problem goes to d.  Returns SIM_OK, SIM_ERR_IO (a file
 * missing or unreadable), SIM_ERR_SYNTAX, SIM_ERR_INVALID or
 * SIM_ERR_USAGE (a --set without '=').  On success the caller owns *out. */
sim_status sim_scenario_load(sim_source src, const char *const *sets, int nsets,
                             sim_diags *d, sim_scenario **out);

#endif
