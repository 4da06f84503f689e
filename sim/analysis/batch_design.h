/* batch_design.h — the sampling methods of a batch as a table of types
 * (in the manner of gsl_qrng_type): each method has a name, optional
 * per-worker state and a function that fills the uniforms of one chunk of
 * runs.  Rank correlations (Iman–Conover) are laid over any method's
 * chunk.  The design owns its state (batch_design) and reads nothing else
 * of the batch; a new method is one design_type and one line in the
 * table (batch_design.c). */
#ifndef PLANSIM_BATCH_DESIGN_H
#define PLANSIM_BATCH_DESIGN_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/uncertainty.h"

typedef struct design_type design_type;

/* A worker's design of one chunk and its scratch. */
typedef struct {
  const design_type *type; /* whose fill (and free) the scratch serves */
  double *u;               /* chunk runs * inputs uniforms */
  double *scores;          /* Iman–Conover scores, same shape */
  double *table;           /* the normal scores of table_n runs, in order */
  long table_n;
  size_t *order; /* rows by score */
  double *values;
  void *sort_scratch; /* sim_sort's */
  gsl_rng *rng;
  gsl_matrix *e;   /* the scores' correlation factor */
  gsl_qrng *sobol; /* qmc's own state */
  long next;       /* the run whose Sobol point comes next */
} design_scratch;

typedef struct batch_design batch_design;

/* A sampling method. */
struct design_type {
  const char *name; /* as sim_methods[] */
  int max_inputs;   /* inputs the method can take */
  /* Optional: the method's own part of a worker's scratch. */
  bool (*alloc)(design_scratch *d, int inputs);
  /* The uniforms of runs [first, last), a chunk, into d->u (row-major). */
  void (*fill)(const batch_design *g, design_scratch *d, long first, long last);
  /* Optional: frees what alloc made. */
  void (*free)(design_scratch *d);
};

extern const design_type design_mc, design_lhs, design_qmc;

/* A batch's design: what it needs of the batch, copied at design_prepare. */
struct batch_design {
  const design_type *type;
  const sim_uncertainty *u;
  uint64_t seed;
  long runs;          /* in the whole batch (lhs strata) */
  long chunk;         /* runs a chunk: correlations are imposed per chunk */
  bool on;            /* uniforms made per chunk (lhs, qmc or correlations); else
                         each run draws its own from its stream */
  gsl_matrix *target; /* Cholesky factor of the target score correlation */
};

/* Sets up the design of method (SIM_METHOD_*) for u: checks the method
 * takes the inputs and factors the correlations (errors printed with
 * file and line of sc).  design_free releases it. */
sim_status design_prepare(batch_design *g, const sim_scenario *sc,
                          const sim_uncertainty *u, int method, long long seed, long runs,
                          long chunk);
void design_free(batch_design *g);
sim_status design_worker_alloc(const batch_design *g, design_scratch *d);
void design_worker_free(design_scratch *d);
/* Fills d->u with the uniforms of runs [first, last), one chunk. */
void design_chunk(const batch_design *g, design_scratch *d, long first, long last);

#endif
