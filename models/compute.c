/* compute.c — requested capacity additions (organic growth plus named
 * projects), additions admitted by the water allocation, and the IT power,
 * electricity and water that follow (MODEL.md section 4). */
#include "compute.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define P(field) offsetof(compute_params, field)

#define F(field) offsetof(compute_project, field)
static const sim_param project_fields[] = {
    {"name", SIM_TEXT, F(name), 0, 0, NULL, "", "Project name", "项目名称", 0, 0, NULL},
    {"year", SIM_INT, F(year), 1900, 2200, NULL, "", "Year it comes online", "投产年份",
     0, 0, NULL},
    {"pflops", SIM_REAL, F(pflops), 0, INFINITY, NULL, "PFlops", "Capacity added",
     "新增算力", 0, 0, NULL},
};

static const sim_param parameters[] = {
    {"capacity0", SIM_REAL, P(capacity0), 0, INFINITY, NULL, "PFlops",
     "Compute capacity in the base year", "基期算力规模", 0, 0, NULL},
    {"precision", SIM_TEXT, P(precision), 0, 0, "\"FP16\"", "",
     "Numeric precision the capacity is counted in", "算力精度口径", 0, 0, NULL},
    {"growth", SIM_PATH, P(growth), 0, 100, "0.0", "fraction/yr",
     "Organic additions as a share of last year's capacity", "算力自然增长率", 0, 0, NULL},
    {"projects", SIM_LIST, P(projects), 0, 0, "()", "",
     "Projects { name; year; pflops; } coming online in `year`", "算力项目", 0, 0, NULL,
     project_fields, 3, offsetof(compute_projects, item), sizeof(compute_project)},
    {"eff0", SIM_REAL, P(eff0), 1e-6, INFINITY, NULL, "GFLOPS/W",
     "Energy efficiency of the base-year fleet", "基期算力能效", 0, 0, NULL},
    {"eff_new", SIM_PATH, P(eff_new), 1e-6, INFINITY, NULL, "GFLOPS/W",
     "Energy efficiency of hardware added in the year", "新增算力能效", 0, 0, NULL},
    {"utilization", SIM_PATH, P(utilization), 0, 1, NULL, "fraction",
     "Average load of IT power", "算力设施利用率", 0, 0, NULL},
    {"pue", SIM_PATH, P(pue), 1, 10, NULL, "", "Power usage effectiveness",
     "电能利用效率PUE", 0, 0, NULL},
    {"wue", SIM_PATH, P(wue), 0, 100, NULL, "L/kWh",
     "Site water per kWh of IT energy", "水资源利用效率WUE", 0, 0, NULL},
    {"green_share", SIM_PATH, P(green_share), 0, 1, "0.0", "fraction",
     "Share of electricity from dedicated green supply", "绿电占比", 0, 0, NULL},
};

static const sim_output outputs[] = {
    {"capacity", "PFlops", "Compute capacity", "算力规模", 0, INFINITY},
    {"additions", "PFlops", "Capacity added", "新增算力", 0, INFINITY},
    {"additions_requested", "PFlops", "Capacity additions requested", "申请新增算力", 0,
     INFINITY},
    {"it_power", "MW", "IT power", "IT负载功率", 0, INFINITY},
    {"it_energy", "GWh", "IT energy", "IT用电量", 0, INFINITY},
    {"electricity", "GWh", "Data-centre electricity", "数据中心用电量", 0, INFINITY},
    {"green_electricity", "GWh", "Green electricity", "绿电用量", 0, INFINITY},
    {"grid_electricity", "GWh", "Grid electricity", "电网用电量", 0, INFINITY},
    {"water", "万m³", "Data-centre water use", "数据中心用水量", 0, INFINITY},
    {"it_power_potential", "MW", "IT power if all requested capacity is built",
     "潜在IT负载功率", 0, INFINITY},
    {"water_per_mw", "万m³/MW", "Water per MW of IT power (k)", "单位IT功率用水", 0,
     INFINITY},
    {"water_demand", "万m³", "Water demand of potential IT power", "数据中心需水量", 0,
     INFINITY},
};

/* Where the water model's outputs this model reads sit in the layout:
 * found once at link time, so a step indexes with no search and a renamed
 * output stops the engine from building rather than reading index -1. */
typedef struct {
  int admitted, allocation; /* water.admitted_compute, water.alloc_compute */
} compute_links;

static void link(const void *params, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  compute_links *k = links;
  (void)params;
  (void)first;
  k->admitted = sim_layout_need(l, "compute", "water.admitted_compute", d);
  k->allocation = sim_layout_need(l, "compute", "water.alloc_compute", d);
}

/* Capacity of projects coming online in `year`. */
static double project_pflops(const compute_projects *p, int year) {
  double sum = 0;
  for (int i = 0; i < p->n; i++) {
    if (p->item[i].year == year) {
      sum += p->item[i].pflops;
    }
  }
  return sum;
}

/* Requested additions and the IT power they would bring: none in the
 * base year, then organic growth of last year's capacity plus the projects
 * of the year (a list: the same in every lane). */
SIM_LANE_INLINE void requested(const sim_step *s, int L) {
  const compute_params *c0 = s->params;
  int t = s->t;
  double *y = s->mine;
  const double *prev = s->mine_prev;
  if (t == 0) {
    SIM_FOR_LANES(r, L) {
      const compute_params *c = sim_lane(s, r);
      y[COMPUTE_ADDITIONS_REQUESTED * L + r] = 0;
      y[COMPUTE_IT_POWER_POTENTIAL * L + r] = c->capacity0 / c->eff0;
    }
    return;
  }
  /* Outside the lane loop: projects are a list, which a batch never
   * samples, so lane 0's parameters hold them for every lane. */
  double projects = project_pflops(&c0->projects, s->year);
  SIM_FOR_LANES(r, L) {
    const compute_params *c = sim_lane(s, r);
    double areq = prev[COMPUTE_CAPACITY * L + r] * c->growth.v[t] + projects;
    y[COMPUTE_ADDITIONS_REQUESTED * L + r] = areq;
    /* PFlops over GFLOPS/W is MW: 10^6 GFLOPS per PFlops, 10^6 W per MW. */
    y[COMPUTE_IT_POWER_POTENTIAL * L + r] =
        prev[COMPUTE_IT_POWER * L + r] + areq / c->eff_new.v[t];
  }
}

SIM_LANE_INLINE void potential_lanes(const sim_step *s, int L) {
  int t = s->t;
  double *y = s->mine;
  requested(s, L);
  SIM_FOR_LANES(r, L) {
    const compute_params *c = sim_lane(s, r);
    /* k[t] of MODEL.md 4, 万m³ per MW a year: 8.76 GWh a year per MW
     * (8760 h), 10^6 kWh per GWh at wue L/kWh is 1000 m³, 0.1 万m³. */
    double per_mw = c->utilization.v[t] * 8.76 * c->wue.v[t] * 0.1;
    y[COMPUTE_WATER_PER_MW * L + r] = per_mw;
    y[COMPUTE_WATER_DEMAND * L + r] = y[COMPUTE_IT_POWER_POTENTIAL * L + r] * per_mw;
  }
}

/* Capacity, additions and IT power: in the base year the fleet; later the
 * additions admitted by the water rule — all that was requested unless the
 * allocation falls short, then only what the allocation can cool; capacity
 * already built keeps running. */
SIM_LANE_INLINE void realise_capacity(const sim_step *s, int L) {
  const compute_links *k = s->links;
  int t = s->t;
  double *y = s->mine;
  const double *now = s->now, *prev = s->mine_prev;
  if (t == 0) {
    SIM_FOR_LANES(r, L) {
      const compute_params *c = sim_lane(s, r);
      y[COMPUTE_ADDITIONS * L + r] = 0;
      y[COMPUTE_CAPACITY * L + r] = c->capacity0;
      y[COMPUTE_IT_POWER * L + r] = c->capacity0 / c->eff0;
    }
    return;
  }
  SIM_FOR_LANES(r, L) {
    const compute_params *c = sim_lane(s, r);
    double areq = y[COMPUTE_ADDITIONS_REQUESTED * L + r];
    double room = now[k->allocation * L + r] / y[COMPUTE_WATER_PER_MW * L + r] -
                  prev[COMPUTE_IT_POWER * L + r];
    double cooled = sim_clamp(c->eff_new.v[t] * room, 0, areq);
    /* admitted is 1 exactly when MODEL.md's first case holds (rule
     * "report", the allocation covers the demand, or k = 0): the water
     * model decides it once, so the two models cannot disagree. */
    double a = now[k->admitted * L + r] >= 1 ? areq : cooled;
    y[COMPUTE_ADDITIONS * L + r] = a;
    y[COMPUTE_CAPACITY * L + r] = prev[COMPUTE_CAPACITY * L + r] + a;
    y[COMPUTE_IT_POWER * L + r] = prev[COMPUTE_IT_POWER * L + r] + a / c->eff_new.v[t];
  }
}

SIM_LANE_INLINE void realise_lanes(const sim_step *s, int L) {
  int t = s->t;
  double *y = s->mine;
  realise_capacity(s, L);
  SIM_FOR_LANES(r, L) {
    const compute_params *c = sim_lane(s, r);
    double energy = y[COMPUTE_IT_POWER * L + r] * c->utilization.v[t] * 8.76;
    double electricity = energy * c->pue.v[t], green = electricity * c->green_share.v[t];
    y[COMPUTE_IT_ENERGY * L + r] = energy;
    y[COMPUTE_ELECTRICITY * L + r] = electricity;
    y[COMPUTE_GREEN_ELECTRICITY * L + r] = green;
    y[COMPUTE_GRID_ELECTRICITY * L + r] = electricity - green;
    y[COMPUTE_WATER * L + r] = energy * c->wue.v[t] * 0.1;
  }
}

SIM_LANE_STEP(potential)
SIM_LANE_STEP(realise)

/* MODEL.md section 4: the precision is printed with every capacity
 * figure, so the capacity outputs' unit carries it: "FP16 PFlops". */
static void finish(void *params, sim_diags *d) {
  compute_params *c = params;
  const char *tag = c->precision ? c->precision : ""; /* NULL when it was not text */
  (void)d;
  int room = (int)sizeof c->capacity_unit - (int)sizeof " PFlops", len = (int)strlen(tag);
  if (len > room) { /* a long tag cut at a character's first byte */
    for (len = room; ((unsigned char)tag[len] & 0xc0) == 0x80; len--) {
    }
  }
  snprintf(c->capacity_unit, sizeof c->capacity_unit, "%.*s%sPFlops", len, tag,
           *tag ? " " : "");
}

static const char *output_unit(const void *params, int i) {
  const compute_params *c = params;
  return strcmp(outputs[i].unit, "PFlops") == 0 && c->capacity_unit[0] ? c->capacity_unit
                                                                        : outputs[i].unit;
}

const sim_model_type compute_model = {
    .name = "compute",
    .label = "Data-centre compute",
    .label_zh = "算力",
    .params_size = sizeof(compute_params),
    .params = parameters,
    .nparams = (int)(sizeof parameters / sizeof parameters[0]),
    .outputs = outputs,
    .noutputs = COMPUTE_NOUTPUTS,
    .links_size = sizeof(compute_links),
    .finish = finish,
    .output_unit = output_unit,
    .link = link,
    .step = {[SIM_PHASE_POTENTIAL] = potential, [SIM_PHASE_REALISE] = realise},
};
