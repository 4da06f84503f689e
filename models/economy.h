/* economy.h — GDP by sector, population and income (MODEL.md section 3). */
#ifndef PLANSIM_ECONOMY_H
#define PLANSIM_ECONOMY_H

#include "../sim/sim.h"

typedef struct {
  double gdp0;            /* 亿元 in the base year */
  sim_path growth;        /* fraction/yr; growth.v[0] is the base year's observed growth */
  double shares0[3];      /* primary, secondary, tertiary */
  double shares_end[3];   /* defaults to shares0 */
  double population0;     /* 万人 */
  sim_path pop_growth;    /* fraction/yr */
  double income0;         /* 元 per person */
  double income_elasticity;
  double employment_rate; /* employed / population */
  double noise_sd, noise_rho; /* growth_noise, read by batches */
  /* e[t]: 0 in a deterministic run, set by perturb for each batch run.  In
   * the parameters, not the model's state: a lane's shocks then travel
   * with its parameter copy, and a rerun of the lane alone sees them. */
  double shock[SIM_MAX_YEARS];
} economy_params;

/* Outputs, in order; the first ten are MODEL.md's.  The potential ones
 * come last so that MODEL.md's outputs keep their columns; the water
 * model reads them (demand follows potential activity, not realised). */
enum {
  ECONOMY_GDP,
  ECONOMY_GDP_POTENTIAL,
  ECONOMY_GDP_GROWTH,
  ECONOMY_VA_PRIMARY,
  ECONOMY_VA_SECONDARY,
  ECONOMY_VA_TERTIARY,
  ECONOMY_POPULATION,
  ECONOMY_INCOME,
  ECONOMY_LABOUR_PRODUCTIVITY,
  ECONOMY_GDP_PER_CAPITA,
  ECONOMY_VA_PRIMARY_POTENTIAL,
  ECONOMY_VA_SECONDARY_POTENTIAL,
  ECONOMY_VA_TERTIARY_POTENTIAL,
  ECONOMY_POPULATION_POTENTIAL,
  ECONOMY_NOUTPUTS
};

extern const sim_model_type economy_model;

#endif
