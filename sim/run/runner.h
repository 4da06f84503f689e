/* runner.h — running many cases of one scenario: a contiguous block of
 * cases cut into chunks, the chunks taken by threads, each chunk's result
 * merged in case order, so that 1 or 64 threads give the same bytes.
 *
 * The runner knows nothing of what a case is: an analysis gives it a run
 * function (one chunk of cases, on one worker, into one result slot) and
 * a merge function (one slot, in case order).  batch, sweep and any new
 * analysis run on it; see docs/runner.md.
 *
 * Why this shape: the interface is what a distributed implementation
 * (MPI) needs too.  A process is handed a block [first, last) of cases;
 * its chunks are merged in order into the process's whole, and the
 * processes' wholes are merged in rank order.  Nothing here assumes that
 * the block starts at case 0. */
#ifndef PLANSIM_RUNNER_H
#define PLANSIM_RUNNER_H

#include <signal.h>

#define SIM_RUNNER_MAX_THREADS 64

/* What to run: the block, how it is cut and by how many workers. */
typedef struct {
  long first, last; /* the cases [first, last) */
  /* Cases per chunk.  Chunks are aligned: chunk c is [c * chunk,
   * (c + 1) * chunk) cut to the block, so a case's chunk does not depend
   * on the block (a design made per chunk is the same in any split). */
  long chunk;
  int threads; /* workers, 1 to SIM_RUNNER_MAX_THREADS (clamped) */
  /* When set (SIGINT), no further chunk is taken; the chunks taken are
   * finished and merged, so the merged cases are always a prefix.  NULL:
   * never stops. */
  volatile sig_atomic_t *stop;
} sim_runner_plan;

/* What a case is: the analysis's functions and their context. */
typedef struct {
  /* Runs cases [first, last), one chunk, on worker `worker` (0 to
   * threads - 1; one thread at a time uses a worker, so its scratch needs
   * no lock) into result slot `slot` (0 to sim_runner_slots() - 1), which
   * it resets first.  Called concurrently for different workers. */
  void (*run)(void *ctx, int worker, int slot, long first, long last);
  /* Takes slot's result, the chunk [first, last), into the whole.  Called
   * in case order, never concurrently with itself (so it may write a file
   * or print progress), possibly on any worker's thread. */
  void (*merge)(void *ctx, int slot, long first, long last);
  void *ctx;
} sim_runner_ops;

/* The result slots an analysis keeps for `threads` workers: two a worker,
 * so a worker runs its next chunk while its last waits to be merged. */
int sim_runner_slots(int threads);

/* Workers actually used for plan->threads (clamped to 1..MAX). */
int sim_runner_threads(int threads);

/* Runs the plan's cases and merges them; returns the end of the merged
 * prefix (plan->last unless stopped).  The calling thread is worker 0. */
long sim_runner_run(const sim_runner_plan *plan, const sim_runner_ops *ops);

/* Calls fn(args + k * size) for k < n, each on a thread of its own where
 * one can be started (k = 0 on the calling thread, those that could not
 * start after it), and waits for all.  For work that is not a block of
 * cases (a batch's histograms of its pilot runs). */
void sim_runner_on_threads(int n, void *(*fn)(void *), void *args, size_t size);

#endif
