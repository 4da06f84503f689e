/* ranks.c — the ranks of an MPI job (ranks.h): Open MPI when the build
 * found it (PLANSIM_HAVE_MPI) and a launcher started plansim, else one
 * rank whose collectives copy their input. */
#include "run/ranks.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef PLANSIM_HAVE_MPI
#include <mpi.h>
#endif

static int rank_of = 0, ranks = 1;
static bool in_job = false;

/* Whether an MPI launcher started this process (mpirun, srun with PMI). */
static bool launched(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE");
}

bool sim_ranks_start(int *argc, char ***argv) {
#ifdef PLANSIM_HAVE_MPI
  int provided;
  if (!launched()) {
    return true;
  }
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    return false;
  }
  in_job = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_of);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
#else
  (void)argc;
  (void)argv;
  (void)launched;
#endif
  return true;
}

void sim_ranks_stop(void) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job) {
    MPI_Finalize();
    in_job = false;
  }
#endif
}

int sim_ranks_rank(void) {
  return rank_of;
}

int sim_ranks_count(void) {
  return ranks;
}

bool sim_ranks_job(void) {
  return in_job;
}

void sim_ranks_block(long units, int r, long *first, long *last) {
  *first = units * r / ranks;
  *last = units * (r + 1) / ranks;
}

/* Waits for every rank to arrive, sleeping between looks: a blocking
 * collective spins at full CPU while it waits, taking a core from the
 * ranks still running when ranks share cores (--oversubscribe, a shared
 * machine). */
static void wait_gently(void) {
#ifdef PLANSIM_HAVE_MPI
  MPI_Request req;
  int done = 0;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  while (MPI_Test(&req, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && !done) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
#endif
}

long sim_ranks_max(long x) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job) {
    long out;
    wait_gently();
    MPI_Allreduce(&x, &out, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
    return out;
  }
#endif
  return x;
}

void sim_ranks_sum_u32(uint32_t *v, size_t n) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job && ranks > 1) {
    /* in pieces: MPI counts are ints */
    for (size_t at = 0; at < n; at += 1 << 26) {
      int part = (int)(n - at < (1u << 26) ? n - at : 1u << 26);
      MPI_Reduce(rank_of == 0 ? MPI_IN_PLACE : v + at, v + at, part, MPI_UINT32_T, MPI_SUM,
                 0, MPI_COMM_WORLD);
    }
  }
#else
  (void)v;
  (void)n;
#endif
}

void *sim_ranks_gather(const void *mine, size_t len, size_t *lens) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job && ranks > 1) {
    unsigned long long l = len, *all = rank_of == 0 ? malloc(ranks * sizeof *all) : NULL;
    MPI_Gather(&l, 1, MPI_UNSIGNED_LONG_LONG, all, 1, MPI_UNSIGNED_LONG_LONG, 0,
               MPI_COMM_WORLD);
    int *counts = NULL, *at = NULL;
    char *out = NULL;
    if (rank_of == 0) {
      counts = malloc(ranks * sizeof *counts);
      at = malloc(ranks * sizeof *at);
      size_t total = 0;
      for (int r = 0; r < ranks; r++) {
        lens[r] = all[r];
        counts[r] = (int)all[r];
        at[r] = (int)total;
        total += all[r];
      }
      out = malloc(total ? total : 1);
    }
    MPI_Gatherv(mine, (int)len, MPI_BYTE, out, counts, at, MPI_BYTE, 0, MPI_COMM_WORLD);
    free(all);
    free(counts);
    free(at);
    return out;
  }
#endif
  char *out = malloc(len ? len : 1);
  if (out) {
    memcpy(out, mine, len);
  }
  lens[0] = len;
  return out;
}

void sim_ranks_share_text(char *buf, size_t size) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job && ranks > 1) {
    MPI_Bcast(buf, (int)size, MPI_CHAR, 0, MPI_COMM_WORLD);
    buf[size - 1] = '\0';
  }
#else
  (void)buf;
  (void)size;
#endif
}

void sim_ranks_barrier(void) {
#ifdef PLANSIM_HAVE_MPI
  if (in_job) {
    MPI_Barrier(MPI_COMM_WORLD);
  }
#endif
}
