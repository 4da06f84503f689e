/* indicators.h — every other plan indicator: a path, a logistic curve, or
 * a quantity that follows another output with an elasticity (MODEL.md
 * section 7).  Each becomes an output `indicators.<name>`. */
#ifndef PLANSIM_INDICATORS_H
#define PLANSIM_INDICATORS_H

#include "../sim/sim.h"

typedef enum { INDICATOR_VALUE, INDICATOR_LOGISTIC, INDICATOR_FOLLOW } indicator_form;

typedef struct {
  const char *name, *unit, *label, *label_zh; /* owned by the scenario */
  indicator_form form;                         /* set by the loader's finish step */
  sim_path value;                              /* form value; value.v[0] NaN if absent */
  /* form logistic; kept together in this order: the logistic memo
   * compares the three bytes-for-bytes as one key (indicators.c) */
  double base, rate, ceiling;
  const char *of;                              /* form follow: the output followed */
  double follow_base, elasticity;
} indicator;

typedef struct {
  int n;
  indicator item[SIM_MAX_LIST];
} indicators_params;

extern const sim_model_type indicators_model;

#endif
