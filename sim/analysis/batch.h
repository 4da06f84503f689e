/* batch.h — what-if batches: many runs of one scenario with sampled
 * inputs, on several threads, with the same results whatever the number
 * of threads; statistics of every output in every year and the share of
 * runs meeting each target. */
#ifndef PLANSIM_BATCH_H
#define PLANSIM_BATCH_H

#include <signal.h>

#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"
#include "scenario/uncertainty.h"

#define BATCH_EXACT_RUNS 10000 /* percentiles are exact up to this many runs, */
#define BATCH_EXACT_BYTES ((size_t)128 << 20) /* when their values fit in this */
#define BATCH_PILOT_RUNS 5000  /* above it, the runs that set the histograms' ranges */
#define BATCH_BINS 4096        /* histogram bins per series above it */

typedef struct {
  int runs;      /* -n, or the scenario's samples */
  int threads;   /* -j */
  long long seed;
  int method;    /* SIM_METHOD_* */
  const char *dir;
  bool progress; /* a progress line on stderr */
  volatile sig_atomic_t *stop; /* set (by SIGINT) to stop taking chunks */
  bool summary; /* print runs, time and each target's P(met) on stdout */
  bool no_samples; /* --samples none: no samples.csv, and targets decided, not measured */
} batch_options;

/* Runs the batch and writes summary.csv, targets.csv, samples.csv in
 * opts->dir.  Prints problems on stderr.  Returns SIM_OK (also when some
 * runs broke a model bound: they are counted), or an error. */
sim_status sim_batch_run(sim_scenario *sc, const sim_uncertainty *u, const batch_options *o);

#endif
