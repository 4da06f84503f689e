/* cases.h — runs a design matrix of cases (n rows of values of the
 * scenario's uncertainty inputs) on the runner (run/runner.h: chunks on T
 * threads, 64 cases side by side on each worker's lanes) and keeps per
 * case the quantities a sensitivity analysis reads: each target's result
 * and met indicator, whether every binding target is met, and chosen
 * outputs in every year.  Results are stored by case, so any thread count
 * gives the same bytes. */
#ifndef PLANSIM_CASES_H
#define PLANSIM_CASES_H

#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"
#include "scenario/uncertainty.h"

/* The quantities of a case, in this order: target k's result (k <
 * ntargets), target k's met (1 or 0), every binding target met (1 or 0),
 * then output outputs[o] in year start + t at cases_output_quantity. */
typedef struct {
  const sim_targets *ts;
  const int *outputs; /* layout indices of the outputs kept */
  int noutputs;
  int years;
} cases_quantities;

static inline int cases_quantity_count(const cases_quantities *q) {
  return 2 * q->ts->n + 1 + q->noutputs * q->years;
}
static inline int cases_met_quantity(const cases_quantities *q, int k) {
  return q->ts->n + k;
}
static inline int cases_all_binding_quantity(const cases_quantities *q) {
  return 2 * q->ts->n;
}
static inline int cases_output_quantity(const cases_quantities *q, int o, int t) {
  return 2 * q->ts->n + 1 + o * q->years + t;
}

/* What went wrong in some cases. */
typedef struct {
  long failed;        /* cases that broke a model bound or put a setting out of range */
  char first[256];    /* why the first of them (in case order) failed */
} cases_failures;

/* Runs cases i < n with input values x[i * d + j] (d = u->inputs.n, each
 * applied as its `apply` says) on `threads` threads and writes quantity
 * q of case i at y[q * n + i]; a failed case's quantities are NaN (and a
 * target undefined on a run has a NaN result).  The scenario's growth
 * shocks are not drawn: only the uncertainty inputs vary.  Returns SIM_OK,
 * SIM_ERR_NOMEM, or an engine error (printed on stderr). */
sim_status sim_cases_run(sim_scenario *sc, const sim_uncertainty *u, const double *x, long n,
                         const cases_quantities *q, int threads, double *y,
                         cases_failures *f);

#endif
