/* water.h — the four-water-constraints rule (四水四定): sector demands,
 * allocation of reclaimed and conventional water by priority under the red
 * line, limits on activity, and realised use (MODEL.md section 5). */
#ifndef PLANSIM_WATER_H
#define PLANSIM_WATER_H

#include "../sim/sim.h"

/* The six sectors, in the order of their outputs. */
enum {
  WATER_DOMESTIC,
  WATER_ECOLOGICAL,
  WATER_AGRICULTURE,
  WATER_INDUSTRY,
  WATER_SERVICES,
  WATER_COMPUTE,
  WATER_NSECTORS
};

enum { WATER_ENFORCE, WATER_REPORT };

typedef struct {
  int rule;              /* WATER_ENFORCE or WATER_REPORT */
  sim_path cap;          /* 万m³/yr red line for conventional water */
  sim_path reclaimed;    /* 万m³/yr of non-conventional water available */
  bool reclaimed_in_cap; /* does reclaimed water count against the red line */
  sim_path domestic_lpd; /* litres per person per day */
  sim_path intensity_agriculture, intensity_industry, intensity_services; /* m³/万元 */
  sim_path ecological;       /* 万m³/yr */
  sim_path irrigation_quota; /* m³ per 亩 */
  sim_choices priority;      /* the six sectors, first served first */
  sim_choices reclaimed_users;
} water_params;

/* Outputs: MODEL.md's, then per sector allocation, supply ratio f_s and
 * the share of potential activity the rule admits (f_s under "enforce",
 * 1 under "report" and in the base year). */
enum {
  WATER_CAP,
  WATER_RECLAIMED_SUPPLY,
  WATER_DEMAND,                          /* + sector */
  WATER_USE = WATER_DEMAND + WATER_NSECTORS, /* + sector */
  WATER_DEMAND_TOTAL = WATER_USE + WATER_NSECTORS,
  WATER_USE_TOTAL,
  WATER_USE_CONVENTIONAL,
  WATER_USE_RECLAIMED,
  WATER_OVER_CAP,
  WATER_SHORTFALL,
  WATER_PER_GDP,
  WATER_IRRIGATED_AREA,
  WATER_MAX_POPULATION,
  WATER_BINDING,
  WATER_ALLOC,                                  /* + sector */
  WATER_RECLAIMED_ALLOC = WATER_ALLOC + WATER_NSECTORS, /* + sector */
  WATER_FACTOR = WATER_RECLAIMED_ALLOC + WATER_NSECTORS, /* + sector */
  WATER_ADMITTED = WATER_FACTOR + WATER_NSECTORS,        /* + sector */
  WATER_NOUTPUTS = WATER_ADMITTED + WATER_NSECTORS
};

#define LPD_TO_WAN_M3 0.365 /* 万m³ per year for 1 万人 at 1 L/day */

/* The one formula of "what the red line leaves" (以水定人、以水定产), used
 * by water.max_population and by the capacity hook (water_capacity.c):
 * the water some sectors may take so that the water the red line counts
 * is exactly the cap, given what the other sectors count and the reclaimed
 * water taken (which counts only when reclaimed_in_cap). */
static inline double water_allowed(double cap, double others, double reclaimed_taken,
                                   bool in_cap) {
  return cap - others + (in_cap ? 0 : reclaimed_taken);
}

/* Residents (万人) that `water` 万m³/yr of domestic water supplies. */
static inline double water_people(double water, double lpd) {
  return water / (lpd * LPD_TO_WAN_M3);
}

/* The capacity hook (water_capacity.c): what the red line allows of
 * population, irrigated land, industry and services, and compute. */
int water_capacity(const void *params, const sim_run_view *run, int year, int t,
                   sim_capacity_row *rows);

/* Sector names, "domestic" ... "compute", NULL-terminated. */
extern const char *const water_sector_names[];

extern const sim_model_type water_model;

#endif
