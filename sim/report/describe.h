/* describe.h — `plansim describe`: every model's parameters and outputs,
 * printed from the same tables the scenario loader reads. */
#ifndef PLANSIM_DESCRIBE_H
#define PLANSIM_DESCRIBE_H

#include <stdio.h>

#include "sim.h"

/* Prints model `name` (NULL: every model).  SIM_ERR_USAGE if unknown. */
sim_status sim_describe(FILE *out, const char *name);

#endif
