/* ranks.h — the processes of an MPI job (mpirun -np K, srun), seen by an
 * analysis as ranks 0..K-1 with the few collectives a batch needs; one
 * rank, and each call a no-op, when plansim is built without MPI or not
 * started by an MPI launcher.  Only the calling (main) thread calls these
 * (MPI_THREAD_FUNNELED): the runner's worker threads never do.
 *
 * How a many-case analysis uses it (docs/runner.md): rank r runs the
 * contiguous block sim_ranks_block(r) of the cases, on its threads as
 * today; rank 0 then merges the ranks' results in rank order, which is
 * case order, and writes the files. */
#ifndef PLANSIM_RANKS_H
#define PLANSIM_RANKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Joins the MPI job when plansim was started by an MPI launcher (the
 * environment says so: OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_SIZE); else,
 * and without MPI, one rank.  False when MPI could not start. */
bool sim_ranks_start(int *argc, char ***argv);
/* Leaves the job (MPI_Finalize); every rank calls it once. */
void sim_ranks_stop(void);

/* This process's rank and the job's ranks (0 and 1 without a job). */
int sim_ranks_rank(void);
int sim_ranks_count(void);
/* Whether plansim runs under an MPI launcher (even with one rank). */
bool sim_ranks_job(void);

/* Rank r's block of `units` equal units (chunks of cases): [*first,
 * *last), contiguous, in rank order, sizes differing by at most one. */
void sim_ranks_block(long units, int r, long *first, long *last);

/* The greatest x over the ranks, on every rank. */
long sim_ranks_max(long x);

/* v[0..n) summed over the ranks into rank 0's v (exact: integers). */
void sim_ranks_sum_u32(uint32_t *v, size_t n);

/* Every rank's `len` bytes at `mine`, joined in rank order on rank 0:
 * returns a malloc'd buffer (rank 0; NULL elsewhere, and on rank 0 when
 * out of memory) and each rank's length in lens[0..count) (rank 0). */
void *sim_ranks_gather(const void *mine, size_t len, size_t *lens);

/* Rank 0's text (a NUL-terminated string in buf[0..size)) copied to
 * every rank's buf. */
void sim_ranks_share_text(char *buf, size_t size);

/* Waits for every rank. */
void sim_ranks_barrier(void);

#endif
