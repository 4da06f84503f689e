/* compute.h — data-centre compute capacity, IT power, electricity and
 * cooling water (MODEL.md section 4). */
#ifndef PLANSIM_COMPUTE_H
#define PLANSIM_COMPUTE_H

#include "../sim/sim.h"

typedef struct {
  const char *name; /* owned by the scenario */
  int year;
  double pflops;
} compute_project;

typedef struct {
  int n;
  compute_project item[SIM_MAX_LIST];
} compute_projects;

typedef struct {
  double capacity0;      /* PFlops in the base year */
  const char *precision; /* tag printed with capacity, e.g. "FP16" */
  sim_path growth;       /* organic additions, fraction of last year's capacity */
  compute_projects projects; /* capacity coming online in a given year */
  double eff0;           /* GFLOPS/W of the base-year fleet */
  sim_path eff_new;      /* GFLOPS/W of hardware added in year t */
  sim_path utilization;  /* 0..1 */
  sim_path pue;          /* >= 1 */
  sim_path wue;          /* litres of site water per kWh of IT energy */
  sim_path green_share;  /* share of electricity from dedicated green supply */
  /* "FP16 PFlops": capacity's unit with its precision, made by finish().
   * An array, not a pointer: output_unit hands it out and it must live as
   * long as the parameters, copies included. */
  char capacity_unit[96];
} compute_params;

/* Outputs, in order: MODEL.md's nine, then the potential ones the water
 * model reads (its demand for compute is COMPUTE_WATER_DEMAND). */
enum {
  COMPUTE_CAPACITY,
  COMPUTE_ADDITIONS,
  COMPUTE_ADDITIONS_REQUESTED,
  COMPUTE_IT_POWER,
  COMPUTE_IT_ENERGY,
  COMPUTE_ELECTRICITY,
  COMPUTE_GREEN_ELECTRICITY,
  COMPUTE_GRID_ELECTRICITY,
  COMPUTE_WATER,
  COMPUTE_IT_POWER_POTENTIAL,
  COMPUTE_WATER_PER_MW,
  COMPUTE_WATER_DEMAND,
  COMPUTE_NOUTPUTS
};

extern const sim_model_type compute_model;

#endif
