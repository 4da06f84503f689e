/* batch_internal.h — the batch's private state, split by owner: the
 * design (batch_design.h), the series' statistics state (series_state:
 * batch_accum.c, batch_alias.c), the targets' row state (row_state:
 * batch.c), the merged totals (totals: batch_setup.c's merge_chunk, read
 * by batch_output.c), and per worker its lanes, design scratch and
 * histograms.  The chunks run on the runner (run/runner.h). */
#ifndef PLANSIM_BATCH_INTERNAL_H
#define PLANSIM_BATCH_INTERNAL_H

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <pthread.h>
#include <stdint.h>

#include "analysis/batch.h"
#include "analysis/batch_design.h"
#include "analysis/batch_stats.h"
#include "core/kernels.h"
#include "core/numfmt.h"
#include "core/outfile.h"
#include "core/registry.h"
#include "run/lanes.h"
#include "run/runner.h"

#define BATCH_MAX_THREADS SIM_RUNNER_MAX_THREADS
/* Runs are done in chunks [c * BATCH_CHUNK, (c + 1) * BATCH_CHUNK); the
 * pilot (every run of a batch of up to BATCH_EXACT_RUNS whose values fit
 * in BATCH_EXACT_BYTES, kept, else the first BATCH_PILOT_RUNS) is a whole
 * number of chunks. */
#define BATCH_CHUNK 2500
_Static_assert(BATCH_EXACT_RUNS % BATCH_CHUNK == 0 && BATCH_PILOT_RUNS % BATCH_CHUNK == 0,
               "the pilot is whole chunks");
/* Runs computed side by side by one engine (engine.h): the lanes whose
 * loops are compiled for a known count (sim.h); a divisor of ACCUM_BLOCK. */
#define BATCH_LANES SIM_LANES
/* Runs whose values are kept side by side by series (batch_accum.c); a
 * series' block is 64 bytes longer, off the 4 KiB stride. */
#define ACCUM_BLOCK 64
#define ACCUM_STRIDE (ACCUM_BLOCK + 8)
_Static_assert(ACCUM_BLOCK % BATCH_LANES == 0 && BATCH_LANES <= SIM_MAX_LANES,
               "lanes fill blocks");
/* Runs binned before their bins are counted, series by series: as many
 * whole blocks as fit in about 16 MiB of bins, at most 8192. */
#define HIST_BLOCK_BYTES (16 << 20)
#define HIST_BLOCK_MAX 8192
/* Series s's histogram starts at s * HIST_STRIDE: 64 bytes of padding
 * keep the histograms of neighbouring series off the same cache sets. */
#define HIST_STRIDE (BATCH_BINS + 16)
/* A worker counts the pending runs of four series at once in 16 bits (a
 * count of at most HIST_BLOCK_MAX runs), so that the counts stay in the
 * first-level cache, then adds them to the shared histograms.  Way k's
 * counts start at k * COUNT_STRIDE. */
#define COUNT_STRIDE (BATCH_BINS + 32)
_Static_assert(HIST_BLOCK_MAX <= UINT16_MAX, "pending runs fit a 16-bit count");
/* The shared histograms are added to under one of HIST_LOCKS locks, the
 * series' number modulo HIST_LOCKS. */
#define HIST_LOCKS 64

/* A gap of the fixed targets' text up to this long is copied as this
 * fixed size (batch.c). */
#define GAP_COPY 64

/* A growing text buffer. */
typedef struct {
  char *data;
  size_t len, cap;
} text_buf;

/* Room for n more bytes at t->data + t->len (the caller then adds what it
 * wrote to t->len), or NULL when out of memory. */
char *text_reserve(text_buf *t, size_t n);

/* One thread's own copies: parameters, engines, generator, histograms. */
typedef struct {
  sim_lanes *lanes; /* parameters, the fast path and the one-lane rerun */
  gsl_rng *rng;
  double x[BATCH_LANES][SIM_MAX_INPUTS];      /* each lane's sampled inputs */
  sim_target_result (*results)[SIM_MAX_LIST]; /* BATCH_LANES: each lane's targets */
  design_scratch design;                      /* uniforms of the chunk being run */
  long design_first;                          /* its first run */
  uint16_t *counts; /* 4 * COUNT_STRIDE: the counts of four series being counted */
  uint16_t *bins;   /* active series * bin_stride(): bins not yet counted */
  int pending;      /* runs in bins */
  double *block;    /* active series * ACCUM_STRIDE: values of the block's runs */
  kern_sums *sums;  /* per active series: a whole block's sums, checked before taken */
  /* The active series (by active index) this worker computes: all in the
   * pilot, then those not aliased (b->acc.alias) and those whose alias broke
   * here; the others take their alias's statistics (batch_alias.c). */
  int *kept, nkept;
  int *kept_series; /* kept_series[k] = b->acc.active[kept[k]] */
  int *aliased, naliased;
  /* The active series this worker keeps since their alias broke here:
   * their alias's bins are counted again, into b->acc.minus. */
  int *broken, nbroken;
  uint32_t *moved; /* per frozen series: runs of the chunk in which it moved */
  uint64_t *held;  /* per frozen series: ok runs in which it held its value */
  int nblock;      /* runs in block */
} worker;

/* What one chunk of runs produced, merged in run order. */
typedef struct {
  moment_set moments; /* per series */
  long ok, failed, all_binding;
  long held; /* ok runs in which the fixed targets kept their result (not in met) */
  long met[SIM_MAX_LIST];
  long rows_lost; /* samples.csv rows that found no memory */
  char first_failure[256];
  text_buf text;     /* samples.csv rows */
  text_buf exceptions; /* "run,target,cell\n": constant columns' cells that differed */
  long run;          /* the last row's run (-1: none yet), */
  char run_text[24]; /* its digits */
  int run_len;
} chunk_result;

/* The statistics' state of the series (batch_accum.c, which freezes
 * series, and batch_alias.c, which aliases them; the exact values of a
 * small batch are kept by batch.c). */
typedef struct {
  double *exact; /* exact percentiles: series * pilot, series s's runs from s * pilot */
  unsigned char *pilot_ok;
  double *lo, *inv_width; /* histogram range per series */
  bool histograms;        /* the pilot is done and runs go to histograms */
  bool replaying;         /* the pilot's runs are run again, for the histograms only */
  /* The histograms, shared by the workers: series * HIST_STRIDE counts (a
   * page is touched only for a series that is counted), added to under
   * locks[s % HIST_LOCKS]. */
  uint32_t *hist;
  pthread_mutex_t *locks;
  /* Per active index i of an aliased series, from HIST_STRIDE * i: its
   * alias's counts in the runs where a worker kept i after the alias broke
   * (untouched unless it broke).  i's histogram is then its own counts plus
   * its alias's minus these. */
  uint32_t *minus;
  int hist_block;         /* runs binned before counting */
  int *active, nactive;   /* series kept in blocks: all in the pilot, then the unfrozen */
  int *frozen, nfrozen;   /* series that held their deterministic value in the pilot */
  /* Per active index i after the pilot: the active index of an earlier
   * series that took the very bits of series i in every pilot run (and in
   * the deterministic run), or -1. */
  int *alias;
  /* Per series, what a run's value must lie in (sim_engine_set_check):
   * the output's bounds, narrowed to the deterministic run's value when the
   * series is frozen; a run outside is run again to learn why. */
  double *check_lo, *check_hi;
  /* The engine checks only the frozen series (their one value) in the
   * fast path; the others' bounds are looked at once a block, on its sums,
   * and run by run (lane_bounds) when a block breaches (accum_checks). */
  kern_bounds lane_bounds;
  double *bounds_scratch; /* 2 * series */
  double *shift; /* per series: the deterministic run's value */
} series_state;

/* The targets as samples.csv rows and scores see them (batch.c). */
typedef struct {
  /* Targets on frozen outputs only ("fixed"): their result, and its
   * samples.csv text, in every run where the frozen outputs hold; the
   * others ("live") are evaluated then.  NULL before the pilot ends. */
  sim_targets *live;
  int live_of[SIM_MAX_LIST]; /* live target k is target live_of[k] */
  bool fixed[SIM_MAX_LIST];
  sim_target_result fixed_result[SIM_MAX_LIST];
  bool fixed_all; /* every fixed binding target is met */
  /* The text (",<result>" each) of the fixed targets between live ones:
   * gap k (before live target k, or after the last one for k = live->n)
   * is fixed_text[gap_at[k]] to fixed_text[gap_at[k + 1]]. */
  char fixed_text[SIM_MAX_LIST * (SIM_G17_MAX + 1) + GAP_COPY];
  int gap_at[SIM_MAX_LIST + 2];
  char seed_text[24]; /* ",SEED" of every samples.csv row (PLANSIM_FULL_SAMPLES) */
  int seed_len;       /* 0: the seed is run.json's */
  /* samples.csv's columns (batch_samples.c): the pilot's rows are held in
   * pilot_rows until it is known which targets' cells were the same in
   * every ok pilot run (constant, written once in run.json). */
  bool full; /* PLANSIM_FULL_SAMPLES: every column, the seed too */
  bool columns_known;
  bool constant[SIM_MAX_LIST];
  char constant_cell[SIM_MAX_LIST][SIM_G17_MAX + 1];
  int nconstant;
  text_buf pilot_rows;
  text_buf exceptions; /* merged in run order, as chunk_result's */
} row_state;

/* The chunks merged so far, in run order (merge_chunk, batch_setup.c;
 * read by batch_output.c). */
typedef struct {
  moment_set total;
  long ok, failed, all_binding, met[SIM_MAX_LIST], rows_lost;
  char failures[5][256];
  int nfailures;
} totals;

/* This rank's share of a batch split over MPI ranks (batch_ranks.c). */
typedef struct {
  int rank, count;       /* sim_ranks_rank(), sim_ranks_count() */
  long first, last;      /* this rank's block of runs after the pilot */
  long end;              /* the end of its merged prefix */
  totals at_pilot;       /* rank > 0: the totals after the pilot, its own runs after */
  FILE *part;            /* rank > 0: its samples.csv rows, joined by rank 0 */
  double *sums;          /* rank > 0: each merged chunk's moment set, in order */
  long nsums, cap;       /* chunks recorded, and room */
  bool excluded;         /* after an earlier rank stopped short: not in the result */
  double wait, merge;    /* seconds waiting for the other ranks, and merging theirs */
} rank_state;

typedef struct {
  sim_scenario *sc;
  const sim_uncertainty *u;
  const batch_options *opts;
  sim_targets *ts;
  const void *const *base; /* the scenario's parameters */
  int start, years, outputs, series;
  /* The models with a perturb hook (sim.h), called for every run after
   * its sampled inputs. */
  int perturbed[SIM_MAX_MODELS], nperturbed;
  /* Per model, whether the batch sets numbers in its parameters (a
   * sampled input, a perturb hook): then each lane has its own copy. */
  bool varies[SIM_MAX_MODELS];
  const sim_engine *layout; /* worker 0's engine, for names */
  batch_design design;      /* the uniforms behind the sampled inputs */
  long pilot;               /* the first runs: ranges, frozen series, aliases */
  bool exact;               /* a small batch: every run's values kept (exact percentiles) */
  series_state acc;         /* what is kept of each series */
  row_state rows;           /* samples.csv's rows and the targets */
  totals tot;               /* the merged chunks */
  int nworkers;
  worker workers[BATCH_MAX_THREADS];
  chunk_result chunks[2 * BATCH_MAX_THREADS]; /* the runner's slots, two a worker */
  int nchunks;
  double started_wall;
  double shown; /* when the progress line was last written */
  double *pct;  /* series * 5 percentiles, made by batch_finish */
  rank_state ranks; /* one rank (count 1) unless under mpirun */
} batch;

sim_status batch_alloc(sim_scenario *sc, const sim_uncertainty *u, const batch_options *o,
                       batch **out);
void batch_free(batch *b);
void chunk_reset(chunk_result *c);
void merge_chunk(batch *b, chunk_result *c, FILE *samples);
/* The progress line on stderr (when opts->progress), at most ten times a
 * second; called by the thread merging a chunk. */
void progress(batch *b, long done);
/* Series s's values in the runs of a small batch (exact percentiles;
 * those not pilot_ok broke a bound). */
static inline const double *pilot_values(const batch *b, int s) {
  return b->acc.exact + (size_t)s * (size_t)b->pilot;
}

/* Series s's histogram. */
static inline uint32_t *series_histogram(const batch *b, int s) {
  return b->acc.hist + (size_t)s * HIST_STRIDE;
}

/* The lock of series s's histogram. */
static inline pthread_mutex_t *histogram_lock(const batch *b, int s) {
  return &b->acc.locks[s % HIST_LOCKS];
}

/* Room per series in worker bins: hist_block + 32, so that neighbouring
 * series' bins sit 64 bytes off a 4 KiB stride. */
static inline size_t bin_stride(const batch *b) {
  return (size_t)b->acc.hist_block + 32;
}

/* The pending bins of the i-th active series. */
static inline uint16_t *bin_column(const batch *b, const worker *w, int i) {
  return w->bins + (size_t)i * bin_stride(b);
}

/* Statistics (batch_accum.c): adds the values of a group of runs side by
 * side, values[s * lanes + r] (every output of every year), to the chunk's
 * sums, and to the worker's histograms after the pilot: the lanes set in
 * ok, in order; in those not set in held, frozen series moved.  Returns
 * the lanes of ok that break a bound of a series not frozen (not taken:
 * failed runs).
 * accum_flush takes the chunk's sums pending at its end (a worker's bins
 * pend across chunks, until hist_block runs or accum_settle). */
uint64_t accum_lanes(const batch *b, worker *w, chunk_result *c, const double *values,
                     int lanes, uint64_t ok, uint64_t held);
/* Sets what the engines check (the frozen series' one value) and what the
 * statistics check (the other series' bounds): at the start, and when
 * series freeze. */
void accum_checks(batch *b);
void accum_flush(const batch *b, worker *w, chunk_result *c);
/* After all runs: counts the workers' pending bins, and adds the frozen
 * series' held runs and every aliased series' alias's counts
 * (batch_alias.c) to the histograms. */
void accum_settle(batch *b);
/* After the pilot: freezes the series whose pilot runs all took their
 * deterministic value (b->tot.total and b->acc.shift), so later runs keep only
 * the others in blocks, and narrows their check bounds to that value. */
void accum_freeze(batch *b);
/* Whether series s is frozen. */
bool accum_frozen(const batch *b, int s);

/* Aliases (batch_alias.c).  After accum_freeze: finds each active series
 * whose pilot sums are another's, bit for bit, and starts every worker
 * with only the others kept (none when PLANSIM_NO_ALIASES is set: a check
 * that aliasing changes no byte). */
void alias_find(batch *b);
/* Before a group's statistics, values[s * lanes + r]: an aliased series
 * whose bits differ from its alias's in an ok lane is kept from now on,
 * with the sums its alias has so far (the same runs, the same bits). */
void alias_check(const batch *b, worker *w, chunk_result *c, const double *values,
                 int lanes, uint64_t ok);
/* The chunk's sums of each aliased series: its alias's (end of a chunk). */
void alias_sums(const batch *b, const worker *w, chunk_result *c);
/* Each aliased series' histogram: its own counts plus its alias's minus
 * the alias's counted again where it broke (after all runs). */
void alias_histograms(const batch *b);

/* Ranks (batch_ranks.c).  The block of runs after the pilot this rank
 * runs (every rank runs the pilot: it sets the histograms' ranges), with
 * rank > 0's samples.csv rows going to a part file. */
sim_status ranks_begin(batch *b, char *why, size_t size);
/* Rank > 0: records a merged chunk's sums for rank 0. */
void ranks_record(batch *b, const chunk_result *c);
/* After the runs: rank 0 takes every rank's counts and chunk sums in run
 * order (up to the first rank that stopped short: a prefix), and joins
 * their samples.csv rows to `samples`. */
sim_status ranks_merge(batch *b, FILE *samples);
/* The histograms completed (accum_settle), then every rank's summed into
 * rank 0's (called on every rank). */
void merge_histograms(batch *b);
void ranks_free(batch *b);

/* Monotonic clock in seconds. */
double batch_clock(void);

/* samples.csv's columns (batch_samples.c).  samples_begin: at the start
 * (whether the seed is a column).  samples_columns: after the pilot, finds
 * the constant columns and writes the header and the held pilot rows to
 * `samples` (when not NULL).  samples_cell: target i's cell of a row at p
 * (none for a constant column, whose differing cell becomes an exception);
 * returns the end.  samples_json: run.json's samples_constants and
 * samples_exceptions members. */
void samples_begin(batch *b);
void samples_columns(batch *b, FILE *samples);
char *samples_cell(const batch *b, chunk_result *c, char *p, long run, int i, double x);
void samples_json(const batch *b, FILE *out);

/* samples.csv: opened at the start, rows streamed in run order (the
 * header once the columns are known). */
sim_status batch_open_samples(batch *b, sim_outfile **f, char *why, size_t size);
/* Writes summary.csv, targets.csv and run.json, and commits samples.csv. */
sim_status batch_finish(batch *b, sim_outfile *samples, char *why, size_t size);

#endif
