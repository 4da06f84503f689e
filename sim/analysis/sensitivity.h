/* sensitivity.h — global sensitivity of a scenario's results to its
 * uncertainty inputs: the design (Saltelli's for Sobol indices, Morris
 * trajectories) in the unit cube, mapped through each input's inverse CDF
 * as batches sample, the cases run (cases.h), and each quantity's indices
 * (sobol.h, morris.h); sensitivity.csv. */
#ifndef PLANSIM_SENSITIVITY_H
#define PLANSIM_SENSITIVITY_H

#include "analysis/cases.h"
#include "analysis/morris.h"
#include "analysis/sobol.h"

enum { SA_SOBOL, SA_MORRIS };

typedef struct {
  int method;         /* SA_SOBOL or SA_MORRIS */
  long n;             /* base samples (sobol) or trajectories (morris) */
  int levels;         /* morris: grid levels p */
  int threads;
  unsigned long seed; /* bootstrap (and morris's design) */
} sa_options;

/* One quantity's indices: d entries of sobol or morris. */
typedef struct {
  bool defined;   /* false: zero variance, or undefined in some case */
  bool undefined; /* some case gave no number (a failed run, an undefined target) */
  sobol_index *sobol;
  morris_index *morris;
} sa_quantity;

typedef struct {
  int d, nq;
  long n;      /* base samples or trajectories */
  long runs;
  double *mean; /* nq: each quantity's mean over the runs (NaN when undefined) */
  cases_quantities q;
  sa_quantity *item; /* nq */
  cases_failures failures;
  double run_seconds, analysis_seconds;
} sa_result;

/* Runs the analysis: d = u->inputs.n inputs (checked by the caller: 2 to
 * SOBOL_MAX_INPUTS for sobol, no correlations), quantities as q says.
 * The caller frees *out with sa_free. */
sim_status sa_run(sim_scenario *sc, const sim_uncertainty *u, const cases_quantities *q,
                  const sa_options *o, sa_result **out);
void sa_free(sa_result *r);

/* Quantity k's name in sensitivity.csv ("target:ID", "met:ID",
 * "met:all_binding", or the output's name) and year (0: none); name
 * points into the targets or the engine's layout (e). */
const char *sa_quantity_name(const sa_result *r, const sim_engine *e, int k, int *year);

/* Writes dir/sensitivity.csv: sobol quantity,year,input,S1,S1_conf,ST,ST_conf;
 * morris quantity,year,input,mu_star,mu_star_conf,sigma; a quantity
 * without indices has empty cells. */
sim_status sa_write_csv(const char *dir, const sa_result *r, const sim_uncertainty *u,
                        const sim_engine *e, int method, char *why, size_t size);

#endif
