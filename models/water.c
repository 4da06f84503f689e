/* water.c — MODEL.md section 5.  Demands come from potential activity;
 * reclaimed water then conventional water under the red line go to the
 * sectors in priority order; under "enforce" each sector's activity is
 * limited to what its allocation supports; realised use follows realised
 * activity. */
#include "water.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#define P(field) offsetof(water_params, field)

const char *const water_sector_names[] = {"domestic", "ecological", "agriculture",
                                          "industry", "services",   "compute",
                                          NULL};
static const char *const rules[] = {"enforce", "report", NULL};

static const sim_param parameters[] = {
    {"rule", SIM_CHOICE, P(rule), 0, 0, "\"enforce\"", "",
     "enforce: water limits activity; report: excess shows as over_cap",
     "四水四定执行方式", 0, 0, rules},
    {"cap", SIM_PATH, P(cap), 0, INFINITY, NULL, "万m³/yr",
     "Red line on total conventional water use", "用水总量控制红线", 0, 0, NULL},
    {"reclaimed", SIM_PATH, P(reclaimed), 0, INFINITY, "0.0", "万m³/yr",
     "Reclaimed and other non-conventional water available", "再生水等非常规水供给", 0, 0,
     NULL},
    {"reclaimed_in_cap", SIM_BOOL, P(reclaimed_in_cap), 0, 0, "false", "",
     "Does non-conventional water count against the red line", "非常规水是否计入红线", 0,
     0, NULL},
    {"domestic_lpd", SIM_PATH, P(domestic_lpd), 1e-6, 2000, NULL, "L/person/day",
     "Domestic water per resident", "人均生活用水量", 0, 0, NULL},
    {"intensity.agriculture", SIM_PATH, P(intensity_agriculture), 0, INFINITY, NULL,
     "m³/万元", "Water per 万元 of primary value added", "农业万元增加值用水量", 0, 0, NULL},
    {"intensity.industry", SIM_PATH, P(intensity_industry), 0, INFINITY, NULL, "m³/万元",
     "Water per 万元 of secondary value added", "工业万元增加值用水量", 0, 0, NULL},
    {"intensity.services", SIM_PATH, P(intensity_services), 0, INFINITY, NULL, "m³/万元",
     "Water per 万元 of tertiary value added", "服务业万元增加值用水量", 0, 0, NULL},
    {"ecological", SIM_PATH, P(ecological), 0, INFINITY, "0.0", "万m³/yr",
     "Ecological and greening water", "生态环境用水量", 0, 0, NULL},
    {"irrigation_quota", SIM_PATH, P(irrigation_quota), 1e-6, INFINITY, "300.0", "m³/亩",
     "Irrigation water per 亩", "亩均灌溉用水量", 0, 0, NULL},
    {"priority", SIM_CHOICES, P(priority), 0, 0,
     "[\"domestic\", \"ecological\", \"services\", \"industry\", \"agriculture\", "
     "\"compute\"]",
     "", "Order in which sectors are served", "用水保障优先序", SIM_ALL_CHOICES, 0,
     water_sector_names},
    {"reclaimed_users", SIM_CHOICES, P(reclaimed_users), 0, 0,
     "[\"ecological\", \"industry\", \"services\", \"compute\"]", "",
     "Sectors that may take reclaimed water", "可使用再生水的行业", 0, 0,
     water_sector_names},
};

/* Six rows, one per sector, of an output family. */
#define SIX(pre, unit, label, zh, lo, hi)                                               \
  {pre "domestic", unit, label " (domestic)", zh "(生活)", lo, hi},                     \
      {pre "ecological", unit, label " (ecological)", zh "(生态)", lo, hi},             \
      {pre "agriculture", unit, label " (agriculture)", zh "(农业)", lo, hi},           \
      {pre "industry", unit, label " (industry)", zh "(工业)", lo, hi},                 \
      {pre "services", unit, label " (services)", zh "(服务业)", lo, hi},               \
      {pre "compute", unit, label " (compute)", zh "(数据中心)", lo, hi}

static const sim_output outputs[] = {
    {"cap", "万m³", "Water red line", "用水总量控制红线", 0, INFINITY, SIM_BASIS_PATH},
    {"reclaimed_supply", "万m³", "Reclaimed water available", "再生水供给量", 0, INFINITY,
     SIM_BASIS_PATH},
    SIX("demand_", "万m³", "Water demand", "需水量", 0, INFINITY),
    SIX("use_", "万m³", "Water use", "用水量", 0, INFINITY),
    {"demand_total", "万m³", "Total water demand", "总需水量", 0, INFINITY},
    {"use_total", "万m³", "Total water use", "用水总量", 0, INFINITY},
    {"use_conventional", "万m³", "Conventional water use", "常规水用量", 0, INFINITY},
    {"use_reclaimed", "万m³", "Reclaimed water use", "再生水利用量", 0, INFINITY},
    {"over_cap", "万m³", "Use above the red line", "超红线用水量", 0, INFINITY},
    {"shortfall", "万m³", "Demand not met", "缺水量", -INFINITY, INFINITY},
    {"per_gdp", "m³/万元", "Water use per 万元 of GDP", "万元GDP用水量", 0, INFINITY},
    {"irrigated_area", "万亩", "Irrigated area the agricultural use supports",
     "灌溉面积", 0, INFINITY},
    {"max_population", "万人", "Population the red line can supply after other sectors",
     "水资源可承载人口", -INFINITY, INFINITY},
    {"binding", "0/1", "The red line binds", "红线约束是否起作用", 0, 1},
    SIX("alloc_", "万m³", "Water allocated", "配置水量", 0, INFINITY),
    SIX("reclaimed_alloc_", "万m³", "Reclaimed water allocated", "再生水配置量", 0,
        INFINITY),
    SIX("factor_", "fraction", "Allocation / demand", "供需比", 0, 1),
    SIX("admitted_", "fraction", "Share of potential activity admitted",
        "四水四定允许的活动比例", 0, 1),
};

/* The activity behind each sector's water, as output indices: residents,
 * value added of the three sectors, data-centre water. */
typedef struct {
  int population, va[3], compute;
} activity;

/* Where the outputs water reads from other models are: potential activity
 * (demand), realised activity (use) and GDP; and which sectors may take
 * reclaimed water (a list, the same in every run of an engine). */
typedef struct {
  activity potential, realised;
  int gdp;
  bool reclaimed_user[WATER_NSECTORS];
} water_links;

static void link(const void *params, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  static const char *const va[3] = {"primary", "secondary", "tertiary"};
  const water_params *w = params;
  water_links *k = links;
  char name[64];
  (void)first;
  k->potential.population =
      sim_layout_need(l, "water", "economy.population_potential", d);
  k->realised.population = sim_layout_need(l, "water", "economy.population", d);
  for (int j = 0; j < 3; j++) {
    snprintf(name, sizeof name, "economy.va_%s_potential", va[j]);
    k->potential.va[j] = sim_layout_need(l, "water", name, d);
    snprintf(name, sizeof name, "economy.va_%s", va[j]);
    k->realised.va[j] = sim_layout_need(l, "water", name, d);
  }
  k->potential.compute = sim_layout_need(l, "water", "compute.water_demand", d);
  k->realised.compute = sim_layout_need(l, "water", "compute.water", d);
  k->gdp = sim_layout_need(l, "water", "economy.gdp", d);
  for (int i = 0; i < w->reclaimed_users.n; i++) {
    k->reclaimed_user[w->reclaimed_users.item[i]] = true;
  }
}

/* The base year is observed, not allocated: no rule limits it, so a
 * plan's base year never shows as curtailed even over its own cap. */
static bool enforced(const sim_step *s) {
  const water_params *w = s->params;
  return w->rule == WATER_ENFORCE && s->t > 0;
}

/* Zeros: what reclaimed water counts against the red line when it is
 * outside it. */
static const double no_water[SIM_MAX_LANES];

/* Output i of lane r (sector outputs: i = WATER_DEMAND + sector, ...).
 * Output-major (every lane of output i together) so that a lane loop
 * reads and writes consecutive doubles. */
#define Y(i) y[(size_t)(i) * (size_t)L + (size_t)r]
#define NOW(i) now[(size_t)(i) * (size_t)L + (size_t)r]

/* The water of each sector for activity a, at outputs first + sector:
 * demand for potential activity, use for realised (ecological water is
 * the planned amount). */
SIM_LANE_INLINE void sector_water(const sim_step *s, int L, const activity *a, int first) {
  int t = s->t;
  double *y = s->mine;
  const double *now = s->now;
  SIM_FOR_LANES(r, L) {
    const water_params *w = sim_lane(s, r);
    Y(first + WATER_DOMESTIC) = NOW(a->population) * w->domestic_lpd.v[t] * LPD_TO_WAN_M3;
    Y(first + WATER_ECOLOGICAL) = w->ecological.v[t];
    Y(first + WATER_AGRICULTURE) = NOW(a->va[0]) * w->intensity_agriculture.v[t];
    Y(first + WATER_INDUSTRY) = NOW(a->va[1]) * w->intensity_industry.v[t];
    Y(first + WATER_SERVICES) = NOW(a->va[2]) * w->intensity_services.v[t];
    Y(first + WATER_COMPUTE) = NOW(a->compute);
  }
}

/* Steps 1 and 2 of the allocation: reclaimed water to its users, then
 * conventional water under the line L, both in priority order (a list: the
 * same in every lane).  Writes the reclaimed allocation, the conventional
 * one in place of the total allocation, and line[r]. */
SIM_LANE_INLINE void share_out(const sim_step *s, int L, double *line) {
  const water_params *w0 = s->params;
  const water_links *k = s->links;
  int t = s->t;
  double *y = s->mine, left[SIM_MAX_LANES], taken[SIM_MAX_LANES];
  SIM_FOR_LANES(r, L) {
    left[r] = ((const water_params *)sim_lane(s, r))->reclaimed.v[t];
    taken[r] = 0;
  }
  /* MODEL.md 5, step 1.  Sectors outer, lanes inner: the priority order
   * is a list, the same in every lane, and each lane's `left` carries from
   * one sector to the next. */
  for (int i = 0; i < w0->priority.n; i++) {
    int j = w0->priority.item[i];
    bool user = k->reclaimed_user[j];
    SIM_FOR_LANES(r, L) {
      double rec = user ? sim_min(Y(WATER_DEMAND + j), left[r]) : 0;
      Y(WATER_RECLAIMED_ALLOC + j) = rec;
      left[r] -= rec;
      taken[r] += rec;
    }
  }
  /* MODEL.md 5, step 2.  Choosing the array rather than testing the flag
   * in the lane loop keeps that loop branch-free.  The line is negative
   * when the reclaimed water counted exceeds the cap: nothing is left to
   * share out, but `binding` still compares the need with the line. */
  const double *counted = w0->reclaimed_in_cap ? taken : no_water;
  SIM_FOR_LANES(r, L) {
    line[r] = ((const water_params *)sim_lane(s, r))->cap.v[t] - counted[r];
    left[r] = sim_max(line[r], 0);
  }
  for (int i = 0; i < w0->priority.n; i++) {
    int j = w0->priority.item[i];
    SIM_FOR_LANES(r, L) {
      double conv = sim_min(Y(WATER_DEMAND + j) - Y(WATER_RECLAIMED_ALLOC + j), left[r]);
      Y(WATER_ALLOC + j) = conv;
      left[r] -= conv;
    }
  }
}

/* Per sector: the allocation, its share of demand, and the share of
 * activity admitted (that share under "enforce" after the base year, else
 * 1); need[r] sums demand beyond reclaimed water, total[r] demand. */
SIM_LANE_INLINE void sector_shares(const sim_step *s, int L, double *need,
                                   double *total) {
  double *y = s->mine;
  bool enforce = enforced(s);
  SIM_FOR_LANES(r, L) {
    need[r] = total[r] = 0;
  }
  for (int j = 0; j < WATER_NSECTORS; j++) {
    SIM_FOR_LANES(r, L) {
      double demand = Y(WATER_DEMAND + j), rec = Y(WATER_RECLAIMED_ALLOC + j);
      double alloc = rec + Y(WATER_ALLOC + j);
      /* r + (D - r) may round one ulp above D: the share is at most 1 */
      double factor = demand > 0 ? sim_min(1, alloc / demand) : 1;
      Y(WATER_ALLOC + j) = alloc;
      Y(WATER_FACTOR + j) = factor;
      Y(WATER_ADMITTED + j) = factor;
      need[r] += demand - rec;
      total[r] += demand;
    }
    if (!enforce) { /* a loop of its own: no branch in the one above */
      SIM_FOR_LANES(r, L) {
        Y(WATER_ADMITTED + j) = 1;
      }
    }
  }
}

SIM_LANE_INLINE void allocate_lanes(const sim_step *s, int L) {
  const water_links *k = s->links;
  int t = s->t;
  double *y = s->mine, line[SIM_MAX_LANES], need[SIM_MAX_LANES], total[SIM_MAX_LANES];
  sector_water(s, L, &k->potential, WATER_DEMAND); /* demands */
  share_out(s, L, line);
  sector_shares(s, L, need, total);
  SIM_FOR_LANES(r, L) {
    const water_params *w = sim_lane(s, r);
    Y(WATER_CAP) = w->cap.v[t];
    Y(WATER_RECLAIMED_SUPPLY) = w->reclaimed.v[t];
    Y(WATER_DEMAND_TOTAL) = total[r];
    /* step 4, relative 1e-9: a need that reaches the line only by the
     * rounding of its sum is not binding */
    Y(WATER_BINDING) = need[r] > line[r] + 1e-9 * fabs(line[r]) ? 1 : 0;
  }
}

/* Realised use by sector from realised activity; under "enforce" the
 * ecological use is its allocation. */
SIM_LANE_INLINE void uses(const sim_step *s, int L) {
  const water_links *k = s->links;
  double *y = s->mine;
  sector_water(s, L, &k->realised, WATER_USE);
  if (enforced(s)) { /* a loop of its own: no branch in sector_water's */
    SIM_FOR_LANES(r, L) {
      Y(WATER_USE + WATER_ECOLOGICAL) = Y(WATER_ALLOC + WATER_ECOLOGICAL);
    }
  }
}

SIM_LANE_INLINE void follow_lanes(const sim_step *s, int L) {
  const water_params *w0 = s->params;
  const water_links *k = s->links;
  int t = s->t;
  double *y = s->mine, total[SIM_MAX_LANES], rec[SIM_MAX_LANES], conv[SIM_MAX_LANES],
         conv_others[SIM_MAX_LANES];
  const double *now = s->now;
  uses(s, L);
  SIM_FOR_LANES(r, L) {
    total[r] = rec[r] = conv[r] = conv_others[r] = 0;
  }
  for (int j = 0; j < WATER_NSECTORS; j++) {
    SIM_FOR_LANES(r, L) {
      double use = Y(WATER_USE + j), taken = sim_min(use, Y(WATER_RECLAIMED_ALLOC + j));
      total[r] += use;
      rec[r] += taken;
      conv[r] += use - taken;
      /* for max_population: the conventional water of every sector but
       * domestic, whose share of the line is what is being solved for */
      conv_others[r] += j == WATER_DOMESTIC ? 0 : use - taken;
    }
  }
  const double *counted = w0->reclaimed_in_cap ? rec : no_water;
  SIM_FOR_LANES(r, L) {
    const water_params *w = sim_lane(s, r);
    double cap = w->cap.v[t], lpd = w->domestic_lpd.v[t];
    Y(WATER_USE_TOTAL) = total[r];
    Y(WATER_USE_RECLAIMED) = rec[r];
    Y(WATER_USE_CONVENTIONAL) = conv[r];
    /* an excess within 1e-9 of the cap is rounding (use summed to the
     * line), as for binding: 0 */
    double excess = conv[r] + counted[r] - cap;
    Y(WATER_OVER_CAP) = excess > 1e-9 * fabs(cap) ? excess : 0;
    Y(WATER_SHORTFALL) = Y(WATER_DEMAND_TOTAL) - total[r];
    /* 万m³ over 亿元 is m³ per 万元; 万m³ over m³ per 亩 is 万亩 */
    Y(WATER_PER_GDP) = total[r] / NOW(k->gdp);
    Y(WATER_IRRIGATED_AREA) = Y(WATER_USE + WATER_AGRICULTURE) / w->irrigation_quota.v[t];
    /* MODEL.md's formula: the others' conventional use as realised */
    Y(WATER_MAX_POPULATION) = water_people(water_allowed(cap, conv_others[r], 0, true), lpd);
  }
}

/* Under "enforce", use never exceeds demand, except for committed stock
 * (residents and data centres already there). */
static const int limited[] = {WATER_ECOLOGICAL, WATER_AGRICULTURE, WATER_INDUSTRY,
                              WATER_SERVICES};
#define NLIMITED 4

/* How far use exceeds demand + 1e-9 in sector j, lane r (> 0: broken). */
static inline double excess(const double *y, int L, int r, int j) {
  double use = Y(WATER_USE + j), demand = Y(WATER_DEMAND + j);
  return use - (demand + 1e-9 * sim_max(1, fabs(demand)));
}

/* The largest excess of each lane over the limited sectors (NaN counts as
 * none), then the lanes where it is above 0. */
SIM_LANE_INLINE uint64_t lanes_over(const sim_step *s, int L) {
  const double *y = s->mine;
  double most[SIM_MAX_LANES];
  SIM_FOR_LANES(r, L) {
    most[r] = -INFINITY;
  }
  for (int k = 0; k < NLIMITED; k++) {
    SIM_FOR_LANES(r, L) {
      double x = excess(y, L, r, limited[k]);
      most[r] = x > most[r] ? x : most[r];
    }
  }
  /* A plain loop, not SIM_FOR_LANES: every lane ORs into one word (a
   * reduction), not the independent iterations ivdep promises. */
  uint64_t broke = 0;
  for (int r = 0; r < L; r++) {
    broke |= (uint64_t)(most[r] > 0) << r;
  }
  return broke;
}

/* Returns the lanes that break the rule; lane 0's first breach goes to b. */
SIM_LANE_TARGETS static uint64_t check(const sim_step *s, sim_breach *b) {
  if (!enforced(s)) {
    return 0;
  }
  int L = s->lanes, r = 0;
  uint64_t broke =
      L == SIM_BATCH_LANES ? lanes_over(s, SIM_BATCH_LANES) : lanes_over(s, L);
  for (int k = 0; (broke & 1) && k < NLIMITED; k++) {
    int j = limited[k];
    const double *y = s->mine;
    if (excess(y, L, r, j) > 0) {
      *b = (sim_breach){(int)(s->mine - s->now) / L + WATER_USE + j, Y(WATER_USE + j),
                        Y(WATER_DEMAND + j),
                        "use <= demand + 1e-9 under rule \"enforce\""};
      break;
    }
  }
  return broke;
}

SIM_LANE_STEP(allocate)
SIM_LANE_STEP(follow)

const sim_model_type water_model = {
    .name = "water",
    .label = "Water under the four-water rule",
    .label_zh = "四水四定",
    .params_size = sizeof(water_params),
    .params = parameters,
    .nparams = (int)(sizeof parameters / sizeof parameters[0]),
    .outputs = outputs,
    .noutputs = WATER_NOUTPUTS,
    .links_size = sizeof(water_links),
    .link = link,
    .step = {[SIM_PHASE_ALLOCATE] = allocate, [SIM_PHASE_FOLLOW] = follow},
    .check = check,
    .capacity = water_capacity,
};
