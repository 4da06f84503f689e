/* energy.c — energy use follows realised GDP and data-centre electricity
 * (MODEL.md section 6). */
#include "energy.h"

#include <math.h>
#include <stddef.h>

#define P(field) offsetof(energy_params, field)

static const sim_param parameters[] = {
    {"intensity", SIM_PATH, P(intensity), 0, INFINITY, NULL, "tce/万元",
     "Energy per 万元 of GDP, data centres excluded", "单位GDP能耗(不含数据中心)", 0, 0,
     NULL},
    {"elec_tce_per_gwh", SIM_REAL, P(elec_tce_per_gwh), 0, INFINITY, "122.9", "tce/GWh",
     "Calorific equivalent of electricity", "电力折标系数", 0, 0, NULL},
};

static const sim_output outputs[] = {
    {"consumption_base", "万tce", "Energy use, data centres excluded",
     "能源消费量(不含数据中心)", 0, INFINITY},
    {"consumption_compute", "万tce", "Energy use of data centres", "数据中心能源消费量", 0,
     INFINITY},
    {"consumption", "万tce", "Total energy use", "能源消费总量", 0, INFINITY},
    {"intensity_total", "tce/万元", "Energy per 万元 of GDP, all uses", "单位GDP能耗", 0,
     INFINITY},
    {"intensity", "tce/万元", "Energy per 万元 of GDP, data centres excluded",
     "单位GDP能耗(不含数据中心)", 0, INFINITY, SIM_BASIS_PATH},
};

typedef struct {
  int gdp, electricity;
} energy_links;

static void link(const void *params, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  energy_links *k = links;
  (void)params;
  (void)first;
  k->gdp = sim_layout_need(l, "energy", "economy.gdp", d);
  k->electricity = sim_layout_need(l, "energy", "compute.electricity", d);
}

/* MODEL.md 6, in 万tce: 亿元 of GDP times tce per 万元 is 10^4 tce, one
 * 万tce, with no factor; GWh times tce per GWh is tce, / 1e4 for 万tce.
 * The intensity total (万tce per 亿元) is again tce per 万元. */
SIM_LANE_INLINE void follow_lanes(const sim_step *s, int L) {
  const energy_links *k = s->links;
  int t = s->t;
  double *y = s->mine;
  const double *now = s->now;
  SIM_FOR_LANES(r, L) {
    const energy_params *e = sim_lane(s, r);
    double gdp = now[k->gdp * L + r], intensity = e->intensity.v[t];
    double base = gdp * intensity;
    double compute = now[k->electricity * L + r] * e->elec_tce_per_gwh / 1e4;
    double total = base + compute;
    y[ENERGY_INTENSITY * L + r] = intensity;
    y[ENERGY_CONSUMPTION_BASE * L + r] = base;
    y[ENERGY_CONSUMPTION_COMPUTE * L + r] = compute;
    y[ENERGY_CONSUMPTION * L + r] = total;
    y[ENERGY_INTENSITY_TOTAL * L + r] = total / gdp;
  }
}

SIM_LANE_STEP(follow)

const sim_model_type energy_model = {
    .name = "energy",
    .label = "Energy",
    .label_zh = "能源",
    .params_size = sizeof(energy_params),
    .params = parameters,
    .nparams = (int)(sizeof parameters / sizeof parameters[0]),
    .outputs = outputs,
    .noutputs = ENERGY_NOUTPUTS,
    .links_size = sizeof(energy_links),
    .link = link,
    .step = {[SIM_PHASE_FOLLOW] = follow},
};
