/* report.h — the files of one deterministic run (INTERFACE.md section 3):
 * trajectories.csv, variables.csv, inputs.csv and run.json. */
#ifndef PLANSIM_REPORT_H
#define PLANSIM_REPORT_H

#include <stdio.h>

#include "core/engine.h"
#include "scenario/scenario.h"

/* What run.json records beside the scenario. */
typedef struct {
  const char *command;  /* "run", "batch", ... */
  double wall_seconds;  /* time the command took so far */
  long long seed;       /* -1: no random numbers used */
  const char *extra;    /* more JSON members ("  \"k\": v,\n" ...), or NULL */
} sim_run_info;

/* Writes trajectories.csv: year, then every output in layout order. */
sim_status sim_write_trajectories(const char *dir, const sim_engine *e, char *why,
                                  size_t size);

/* Writes variables.csv's rows (no header) of every output of e, in model
 * order: name,model,unit,label,label_zh (a sweep's file adds its axes). */
void sim_put_output_variables(FILE *out, const sim_engine *e);

/* Writes variables.csv: name,model,unit,label,label_zh of every output. */
sim_status sim_write_variables(const char *dir, const sim_engine *e, char *why, size_t size);

/* Writes inputs.csv: every resolved parameter as name,year,value (paths
 * one row per year, other settings with an empty year). */
sim_status sim_write_inputs(const char *dir, const sim_scenario *sc, char *why, size_t size);

/* Writes run.json. */
sim_status sim_write_run_json(const char *dir, const sim_scenario *sc, sim_run_info info,
                              char *why, size_t size);

#endif
