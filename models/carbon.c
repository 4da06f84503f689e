/* carbon.c — emissions and carbon intensity (MODEL.md section 6), with the
 * data-centre share kept visible. */
#include "carbon.h"

#include <math.h>
#include <stddef.h>

#define P(field) offsetof(carbon_params, field)

static const sim_param parameters[] = {
    {"cef", SIM_PATH, P(cef), 0, 10, NULL, "tCO2/tce",
     "CO2 per tce of non-data-centre energy", "综合碳排放因子", 0, 0, NULL},
    {"grid_ef", SIM_PATH, P(grid_ef), 0, 10, NULL, "tCO2/MWh",
     "CO2 per MWh of grid electricity", "电网排放因子", 0, 0, NULL},
};

static const sim_output outputs[] = {
    {"emissions_compute", "万t", "CO2 from data centres' grid power",
     "数据中心二氧化碳排放", 0, INFINITY},
    {"emissions", "万t", "CO2 emissions", "二氧化碳排放量", 0, INFINITY},
    {"intensity", "t/万元", "CO2 per 万元 of GDP", "单位地区生产总值二氧化碳排放", 0,
     INFINITY},
    {"cef", "tCO2/tce", "CO2 per tce of non-data-centre energy", "综合碳排放因子", 0,
     INFINITY, SIM_BASIS_PATH},
    {"grid_ef", "tCO2/MWh", "CO2 per MWh of grid electricity", "电网排放因子", 0,
     INFINITY, SIM_BASIS_PATH},
    {"emissions_base", "万t", "CO2 from energy outside data centres",
     "数据中心以外二氧化碳排放", 0, INFINITY},
    {"compute_share", "fraction", "Share of CO2 from data centres", "数据中心排放占比", 0,
     1},
};

typedef struct {
  int gdp, energy_base, grid_electricity;
} carbon_links;

static void link(const void *params, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  carbon_links *k = links;
  (void)params;
  (void)first;
  k->gdp = sim_layout_need(l, "carbon", "economy.gdp", d);
  k->energy_base = sim_layout_need(l, "carbon", "energy.consumption_base", d);
  k->grid_electricity = sim_layout_need(l, "carbon", "compute.grid_electricity", d);
}

/* MODEL.md 6, in 万t CO2: 万tce times tCO2 per tce is 万t; GWh of grid
 * electricity times tCO2 per MWh is 1000 t, 0.1 万t.  The intensity, 万t
 * per 亿元, is t per 万元. */
SIM_LANE_INLINE void follow_lanes(const sim_step *s, int L) {
  const carbon_links *k = s->links;
  int t = s->t;
  double *y = s->mine;
  const double *now = s->now;
  SIM_FOR_LANES(r, L) {
    const carbon_params *c = sim_lane(s, r);
    double base = now[k->energy_base * L + r] * c->cef.v[t];
    double dc = now[k->grid_electricity * L + r] * c->grid_ef.v[t] * 0.1;
    double emissions = base + dc;
    y[CARBON_CEF * L + r] = c->cef.v[t];
    y[CARBON_GRID_EF * L + r] = c->grid_ef.v[t];
    y[CARBON_EMISSIONS_BASE * L + r] = base;
    y[CARBON_EMISSIONS_COMPUTE * L + r] = dc;
    y[CARBON_EMISSIONS * L + r] = emissions;
    y[CARBON_INTENSITY * L + r] = emissions / now[k->gdp * L + r];
    /* no emissions at all: a share of 0, not the NaN of 0/0 that would
     * break the output's bounds and stop the run */
    y[CARBON_COMPUTE_SHARE * L + r] = emissions > 0 ? dc / emissions : 0;
  }
}

SIM_LANE_STEP(follow)

const sim_model_type carbon_model = {
    .name = "carbon",
    .label = "Carbon",
    .label_zh = "碳排放",
    .params_size = sizeof(carbon_params),
    .params = parameters,
    .nparams = (int)(sizeof parameters / sizeof parameters[0]),
    .outputs = outputs,
    .noutputs = CARBON_NOUTPUTS,
    .links_size = sizeof(carbon_links),
    .link = link,
    .step = {[SIM_PHASE_FOLLOW] = follow},
};
