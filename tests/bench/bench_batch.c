/* bench_batch.c — the batch benchmark (a program, not a test): times
 * plansim's batch engine on a scenario's uncertainty block at 10^4, 10^5
 * and 10^6 runs, end to end (design, runs, statistics, target odds and
 * every output file, written to a new directory), each batch in a child
 * process so that its peak memory is its own; the files are removed after
 * the clock stops.  Each size is run REPEATS times in a row; prints the
 * best and the median wall time, runs/s of both, the median CPU time
 * (user + system: on a VM whose speed drifts, CPU time rising with the
 * wall time says the machine slowed, not the program) and the peak RSS.
 * usage: bench_batch [SCENARIO] [THREADS] [REPEATS] */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "analysis/batch.h"
#include "scenario/load.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The output directory of child pid. */
static void output_dir(char *dir, size_t size, pid_t pid) {
  snprintf(dir, size, "/tmp/plansim-bench-%d", (int)pid);
}

static int run_batch(const char *file, int runs, int threads) {
  static volatile sig_atomic_t never;
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_uncertainty *u = NULL;
  if (sim_scenario_load((sim_source){file, NULL}, NULL, 0, d, &sc) != SIM_OK ||
      sim_uncertainty_load(sc, d, &u) != SIM_OK) {
    sim_diags_print(d, stderr);
    return 1;
  }
  char dir[64];
  output_dir(dir, sizeof dir, getpid());
  batch_options o = {runs, threads, u->seed, u->method, dir, false, &never};
  sim_status st = sim_batch_run(sc, u, &o);
  free(u);
  sim_scenario_free(sc);
  sim_diags_free(d);
  return st == SIM_OK ? 0 : 1;
}

/* One batch of runs in a child process: its wall and CPU seconds and
 * peak RSS in KiB; false when it failed. */
static bool time_batch(const char *file, int runs, int threads, double *wall, double *cpu,
                       long *rss) {
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    _exit(run_batch(file, runs, threads));
  }
  int status;
  struct rusage ru;
  wait4(pid, &status, 0, &ru);
  *wall = now() - t0;
  *cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  *rss = ru.ru_maxrss;
  char dir[64], cmd[128]; /* removing the files is not part of the batch */
  output_dir(dir, sizeof dir, pid);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) {
    fprintf(stderr, "could not remove %s\n", dir);
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of n values (sorts them). */
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_REPEATS 20

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "scenarios/xincheng-2030.cfg";
  int threads = argc > 2 ? atoi(argv[2]) : (int)sysconf(_SC_NPROCESSORS_ONLN);
  int repeats = argc > 3 ? atoi(argv[3]) : 3;
  if (threads < 1 || repeats < 1 || repeats > MAX_REPEATS) {
    fprintf(stderr, "usage: bench_batch [SCENARIO] [THREADS >= 1] [REPEATS 1..%d]\n",
            MAX_REPEATS);
    return 2;
  }
  gsl_set_error_handler_off();
  printf("%s, %d threads, %d repeats a size\n", file, threads, repeats);
  printf("%-8s %8s %8s %12s %12s %8s %9s\n", "runs", "best s", "median s", "best runs/s",
         "median r/s", "CPU s", "peak MiB");
  for (int runs = 10000; runs <= 1000000; runs *= 10) {
    double wall[MAX_REPEATS], cpu[MAX_REPEATS];
    long rss = 0, most = 0;
    bool ok = true;
    for (int k = 0; k < repeats; k++) {
      ok &= time_batch(file, runs, threads, &wall[k], &cpu[k], &rss);
      most = rss > most ? rss : most;
    }
    double mid = median(wall, repeats), best = wall[0]; /* sorted by median() */
    printf("%-8d %8.3f %8.3f %12.0f %12.0f %8.2f %9.1f%s\n", runs, best, mid, runs / best,
           runs / mid, median(cpu, repeats), (double)most / 1024.0, ok ? "" : "  (failed)");
  }
  return 0;
}
