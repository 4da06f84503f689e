/* discover.h — scenario discovery on a batch folder: reads samples.csv
 * (each run's sampled inputs and target results) and targets.csv (each
 * target's rule), marks the runs of interest (those missing, or meeting,
 * a target or every binding target at once) and finds with PRIM (prim.h)
 * the box of inputs that holds them; discover.csv and trajectory.csv. */
#ifndef PLANSIM_DISCOVER_H
#define PLANSIM_DISCOVER_H

#include "analysis/prim.h"
#include "scenario/targets.h"

#define DISCOVER_ALL_BINDING "all_binding"

/* A batch folder's runs that did not fail. */
typedef struct {
  int d;               /* sampled inputs */
  char **input;        /* d names, as samples.csv's header has them */
  long n;              /* runs read (status ok) */
  long failed;         /* runs skipped (status failed) */
  double *x;           /* n * d inputs */
  sim_targets ts;      /* id, kind, op, value, tol, attribute from targets.csv */
  double *result;      /* n * ts.n: each run's results */
  /* samples.csv's constant columns (run.json's samples_constants): target
   * k's result in every ok run is constant[k] when has_constant[k], except
   * in the runs of the exceptions (samples_exceptions, in run order). */
  bool has_constant[SIM_MAX_LIST];
  double constant[SIM_MAX_LIST];
  bool has_seed; /* a samples.csv of a plansim before the constants */
  struct discover_exception {
    long run;
    int k;
    double result;
  } *exception;
  long nexceptions, next_exception;
  char *text;          /* samples.csv's text: the inputs' names point into it */
  char *targets_text;  /* targets.csv's text: the targets' ids point into it */
} discover_batch;

/* Reads dir/samples.csv and dir/targets.csv.  Problems are printed on
 * stderr ("FILE: what is wrong"); returns SIM_ERR_IO when a file is
 * missing or damaged, SIM_ERR_NOMEM.  Free with discover_batch_free. */
sim_status discover_batch_read(const char *dir, discover_batch *b);
void discover_batch_free(discover_batch *b);

/* The index of target `id` in b->ts, DISCOVER_ALL_BINDING's b->ts.n, or -1. */
int discover_target(const discover_batch *b, const char *id);

/* Marks coi[i]: run i misses (met false: meets) target k, or for k ==
 * b->ts.n some binding target (met: all of them).  Returns how many. */
long discover_cases(const discover_batch *b, int k, bool met, bool *coi);

/* One PRIM result for a target and case. */
typedef struct {
  const char *target; /* the target's id or DISCOVER_ALL_BINDING */
  bool met;           /* cases of interest: runs meeting it (else missing it) */
  long cases;         /* runs of interest */
  prim_result *box;   /* NULL when no run, or every run, is of interest */
} discover_finding;

/* Writes dir/discover.csv (target,case,input,lower,upper,restricted: the
 * chosen box's limits on each sampled input; an unrestricted input keeps
 * the sampled range) and dir/trajectory.csv
 * (target,case,step,coverage,density,mass,restricted). */
sim_status discover_write(const char *dir, const discover_batch *b, const discover_finding *f,
                          int nf, char *why, size_t size);

#endif
