/* economy.c — potential GDP from growth and structural change, realised
 * GDP and population after the four-water rule, income and productivity
 * (MODEL.md section 3). */
#include "economy.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stddef.h>

#define P(field) offsetof(economy_params, field)

static const sim_param parameters[] = {
    {"gdp0", SIM_REAL, P(gdp0), 0, INFINITY, NULL, "亿元", "GDP in the base year",
     "基期地区生产总值", 0, 0, NULL},
    {"growth", SIM_PATH, P(growth), -0.5, 1.0, NULL, "fraction/yr",
     "Real GDP growth (base-year value: observed growth)", "地区生产总值增速", 0, 0, NULL},
    {"shares0", SIM_REALS, P(shares0), 0, 1, NULL, "fraction",
     "Value-added shares in the base year: primary, secondary, tertiary",
     "基期三次产业结构", SIM_SUM_TO_ONE, 3, NULL},
    {"shares_end", SIM_REALS, P(shares_end), 0, 1, NULL, "fraction",
     "Value-added shares in the last year (default: shares0)", "末期三次产业结构",
     SIM_SUM_TO_ONE | SIM_OPTIONAL, 3, NULL},
    {"population0", SIM_REAL, P(population0), 0, INFINITY, NULL, "万人",
     "Resident population in the base year", "基期常住人口", 0, 0, NULL},
    {"pop_growth", SIM_PATH, P(pop_growth), -0.5, 0.5, "0.0", "fraction/yr",
     "Population growth", "人口增长率", 0, 0, NULL},
    {"income0", SIM_REAL, P(income0), 0, INFINITY, NULL, "元",
     "Per-capita disposable income in the base year", "基期居民人均可支配收入", 0, 0, NULL},
    {"income_elasticity", SIM_REAL, P(income_elasticity), -5, 5, "1.0", "",
     "Income growth per unit of GDP growth", "收入对GDP增长弹性", 0, 0, NULL},
    {"employment_rate", SIM_REAL, P(employment_rate), 0.01, 1, "0.55", "fraction",
     "Employed persons per resident", "就业人口占常住人口比例", 0, 0, NULL},
    {"growth_noise.sd", SIM_REAL, P(noise_sd), 0, 1, "0.0", "fraction/yr",
     "Batch only: sd of the AR(1) growth shock", "增速扰动标准差(批量)", 0, 0, NULL},
    {"growth_noise.rho", SIM_REAL, P(noise_rho), -1, 1, "0.0", "",
     "Batch only: autocorrelation of the growth shock", "增速扰动自相关(批量)", 0, 0, NULL},
};

static const sim_output outputs[] = {
    {"gdp", "亿元", "GDP", "地区生产总值", 0, INFINITY},
    {"gdp_potential", "亿元", "Potential GDP before the water rule", "潜在地区生产总值",
     0, INFINITY},
    {"gdp_growth", "fraction/yr", "Real GDP growth", "地区生产总值增速", -INFINITY,
     INFINITY},
    {"va_primary", "亿元", "Value added, primary sector", "第一产业增加值", 0, INFINITY},
    {"va_secondary", "亿元", "Value added, secondary sector", "第二产业增加值", 0,
     INFINITY},
    {"va_tertiary", "亿元", "Value added, tertiary sector", "第三产业增加值", 0, INFINITY},
    {"population", "万人", "Resident population", "常住人口", 0, INFINITY},
    /* income grows with GDP by an assumed elasticity, productivity with GDP
     * over an assumed population path and employment rate */
    {"income", "元", "Per-capita disposable income", "居民人均可支配收入", 0, INFINITY,
     SIM_BASIS_FOLLOW},
    {"labour_productivity", "万元/worker", "Labour productivity", "全员劳动生产率", 0,
     INFINITY, SIM_BASIS_FOLLOW},
    {"gdp_per_capita", "元", "GDP per capita", "人均地区生产总值", 0, INFINITY},
    {"va_primary_potential", "亿元", "Potential value added, primary", "第一产业潜在增加值",
     0, INFINITY},
    {"va_secondary_potential", "亿元", "Potential value added, secondary",
     "第二产业潜在增加值", 0, INFINITY},
    {"va_tertiary_potential", "亿元", "Potential value added, tertiary",
     "第三产业潜在增加值", 0, INFINITY},
    {"population_potential", "万人", "Population before the water rule", "潜在常住人口", 0,
     INFINITY},
};

/* Where the water model's admitted shares of potential activity are. */
typedef struct {
  int admitted_domestic, admitted_agriculture, admitted_industry, admitted_services;
} economy_links;

/* shares_end defaults to shares0, a default the table cannot write (it is
 * another setting's value): the table marks it optional, which leaves NaN
 * when it is absent. */
static void finish(void *p, sim_diags *d) {
  economy_params *e = p;
  (void)d;
  if (isnan(e->shares_end[0])) {
    for (int k = 0; k < 3; k++) {
      e->shares_end[k] = e->shares0[k];
    }
  }
}

static void link(const void *params, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  economy_links *k = links;
  (void)params;
  (void)first;
  k->admitted_domestic = sim_layout_need(l, "economy", "water.admitted_domestic", d);
  k->admitted_agriculture =
      sim_layout_need(l, "economy", "water.admitted_agriculture", d);
  k->admitted_industry = sim_layout_need(l, "economy", "water.admitted_industry", d);
  k->admitted_services = sim_layout_need(l, "economy", "water.admitted_services", d);
}

/* Potential value added from potential GDP and the year's shares: s_k[t]
 * of MODEL.md 3, moving in a straight line from shares0 in the base year
 * to shares_end in the last. */
SIM_LANE_INLINE void potential_shares(const sim_step *s, int L) {
  double frac = (double)s->t / s->n, *y = s->mine;
  SIM_FOR_LANES(r, L) {
    const economy_params *e = sim_lane(s, r);
    double gdp = y[ECONOMY_GDP_POTENTIAL * L + r];
    for (int k = 0; k < 3; k++) {
      double share = e->shares0[k] + (e->shares_end[k] - e->shares0[k]) * frac;
      y[(ECONOMY_VA_PRIMARY_POTENTIAL + k) * L + r] = gdp * share;
    }
  }
}

/* Potential GDP and population: the base year's, then last year's grown. */
SIM_LANE_INLINE void potential_lanes(const sim_step *s, int L) {
  int t = s->t;
  double *y = s->mine;
  const double *prev = s->mine_prev;
  if (t == 0) {
    SIM_FOR_LANES(r, L) {
      const economy_params *e = sim_lane(s, r);
      y[ECONOMY_GDP_POTENTIAL * L + r] = e->gdp0;
      y[ECONOMY_POPULATION_POTENTIAL * L + r] = e->population0;
    }
  } else {
    SIM_FOR_LANES(r, L) {
      const economy_params *e = sim_lane(s, r);
      /* from last year's realised GDP, not its potential: a year the water
       * rule curtails stays lower (MODEL.md 3); shock is e[t], all zeros
       * outside a batch (perturb below) */
      y[ECONOMY_GDP_POTENTIAL * L + r] =
          prev[ECONOMY_GDP * L + r] * (1 + e->growth.v[t] + e->shock[t]);
      y[ECONOMY_POPULATION_POTENTIAL * L + r] =
          prev[ECONOMY_POPULATION * L + r] * (1 + e->pop_growth.v[t]);
    }
  }
  potential_shares(s, L);
}

/* GDP, population, growth and income of the base year. */
SIM_LANE_INLINE void realise_base(const sim_step *s, int L) {
  double *y = s->mine;
  SIM_FOR_LANES(r, L) {
    const economy_params *e = sim_lane(s, r);
    y[ECONOMY_GDP * L + r] =
        e->gdp0; /* exact, though the shares sum to 1 only within 1e-6 */
    y[ECONOMY_POPULATION * L + r] = y[ECONOMY_POPULATION_POTENTIAL * L + r];
    y[ECONOMY_GDP_GROWTH * L + r] = e->growth.v[0];
    y[ECONOMY_INCOME * L + r] = e->income0;
  }
}

/* GDP, population, growth and income of a later year: value added within
 * the water rule's admitted shares; population keeps last year's residents
 * (committed stock). */
SIM_LANE_INLINE void realise_year(const sim_step *s, int L) {
  const economy_links *k = s->links;
  double *y = s->mine;
  const double *now = s->now, *prev = s->mine_prev;
  SIM_FOR_LANES(r, L) {
    const economy_params *e = sim_lane(s, r);
    double gdp = y[ECONOMY_GDP * L + r], ppot = y[ECONOMY_POPULATION_POTENTIAL * L + r];
    /* Ppot times the domestic share admitted is MODEL.md 5's
     * min(Ppot, a_domestic / (domestic_lpd 0.365)): read as the water
     * model's share, economy needs none of water's parameters */
    double admitted_pop = ppot * now[k->admitted_domestic * L + r];
    double growth = gdp / prev[ECONOMY_GDP * L + r] - 1;
    y[ECONOMY_POPULATION * L + r] =
        sim_min(ppot, sim_max(prev[ECONOMY_POPULATION * L + r], admitted_pop));
    y[ECONOMY_GDP_GROWTH * L + r] = growth;
    y[ECONOMY_INCOME * L + r] =
        prev[ECONOMY_INCOME * L + r] * (1 + e->income_elasticity * growth);
  }
}

/* Realised activity: value added limited by the water rule's admitted
 * shares, then the quantities that follow from GDP and population. */
SIM_LANE_INLINE void realise_lanes(const sim_step *s, int L) {
  const economy_links *k = s->links;
  const int admitted[3] = {k->admitted_agriculture, k->admitted_industry,
                           k->admitted_services};
  double *y = s->mine;
  const double *now = s->now;
  SIM_FOR_LANES(r, L) {
    double gdp = 0;
    for (int j = 0; j < 3; j++) {
      double va =
          y[(ECONOMY_VA_PRIMARY_POTENTIAL + j) * L + r] * now[admitted[j] * L + r];
      y[(ECONOMY_VA_PRIMARY + j) * L + r] = va;
      gdp += va;
    }
    y[ECONOMY_GDP * L + r] = gdp;
  }
  if (s->t == 0) {
    realise_base(s, L);
  } else {
    realise_year(s, L);
  }
  SIM_FOR_LANES(r, L) {
    const economy_params *e = sim_lane(s, r);
    double gdp = y[ECONOMY_GDP * L + r], pop = y[ECONOMY_POPULATION * L + r];
    /* 亿元 over 万人 is 万元 a person; 1e4 turns it into 元 */
    y[ECONOMY_LABOUR_PRODUCTIVITY * L + r] = gdp / (pop * e->employment_rate);
    y[ECONOMY_GDP_PER_CAPITA * L + r] = gdp / pop * 1e4;
  }
}

SIM_LANE_STEP(potential)
SIM_LANE_STEP(realise)

/* The AR(1) growth shocks of one batch run: e[0] = 0 (the base year is
 * observed), e[t] = rho e[t-1] + N(0, sd).  Without noise they stay 0. */
static void perturb(void *params, gsl_rng *rng, int years) {
  economy_params *e = params;
  if (!(e->noise_sd > 0)) {
    return;
  }
  e->shock[0] = 0;
  for (int t = 1; t < years; t++) {
    e->shock[t] =
        e->noise_rho * e->shock[t - 1] + gsl_ran_gaussian_ziggurat(rng, e->noise_sd);
  }
}

const sim_model_type economy_model = {
    .name = "economy",
    .label = "Economy",
    .label_zh = "经济",
    .params_size = sizeof(economy_params),
    .params = parameters,
    .nparams = (int)(sizeof parameters / sizeof parameters[0]),
    .outputs = outputs,
    .noutputs = ECONOMY_NOUTPUTS,
    .links_size = sizeof(economy_links),
    .finish = finish,
    .link = link,
    .step = {[SIM_PHASE_POTENTIAL] = potential, [SIM_PHASE_REALISE] = realise},
    .perturb = perturb,
};
