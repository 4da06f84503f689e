/* scorecard.h — a run held against its plan: targets.csv,
 * targets_by_year.csv (the glide path to each target), scorecard.md, and
 * the terminal summary. */
#ifndef PLANSIM_SCORECARD_H
#define PLANSIM_SCORECARD_H

#include <stdio.h>

#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"

/* Writes the three target files of a run in dir. */
sim_status sim_write_scorecard(const char *dir, const sim_scenario *sc, const sim_engine *e,
                               const sim_targets *ts, const sim_target_result *r,
                               char *why, size_t size);

/* The columns that define a target in targets.csv, and one target's
 * values in them (no newline); the callers add their result columns. */
extern const char sim_target_columns[];
void sim_put_target_head(FILE *out, const sim_target *t);

/* The columns of a row of targets.csv (INTERFACE.md section 3), and one
 * target's row with its result r (no newline). */
extern const char sim_target_row_columns[];
void sim_put_target_row(FILE *out, const sim_target *t, const sim_target_result *r);

/* Prints the targets, binding first, one line each. */
void sim_print_targets(FILE *out, const sim_targets *ts, const sim_target_result *r);

/* A target's basis for people, by sim_basis: "模型 model", ... */
extern const char *const sim_basis_text[];

/* "4 of 18 targets are model results; 3 of them met (...)", in buf. */
const char *sim_basis_summary(const sim_targets *ts, const sim_target_result *r, char *buf,
                              size_t size);

/* The plan figure as text: "~5.5 ±0.25", ">= 34", "in step ±0.5". */
const char *sim_target_plan_text(const sim_target *t, char *buf, size_t size);

/* The straight path from the base year to the target (linear for levels,
 * constant rate for growth and reductions) in `year`, and whether the run
 * is on track there.  Returns false for kinds without a glide path. */
bool sim_target_glide(const sim_target *t, const double *values, int count, int start,
                      int year, double *path, bool *on_track);

#endif
