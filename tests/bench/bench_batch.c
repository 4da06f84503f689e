/* bench_batch.c — the batch benchmark (a program, not a test): times
 * plansim's batch engine on a scenario's uncertainty block at 10^4, 10^5
 * and 10^6 runs, end to end (design, runs, statistics, target odds and
 * every output file, written to a new directory), each size in a child
 * process so that its peak memory is its own; the files are removed after
 * the clock stops.  Prints runs/s and peak RSS.
 * usage: bench_batch [SCENARIO] [THREADS] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "batch.h"

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

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "scenarios/xincheng-2030.cfg";
  int threads = argc > 2 ? atoi(argv[2]) : (int)sysconf(_SC_NPROCESSORS_ONLN);
  gsl_set_error_handler_off();
  printf("%-10s %10s %12s %14s\n", "runs", "seconds", "runs/s", "peak RSS MiB");
  for (int runs = 10000; runs <= 1000000; runs *= 10) {
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
      _exit(run_batch(file, runs, threads));
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    double s = now() - t0;
    char dir[64], cmd[128]; /* removing the files is not part of the batch */
    output_dir(dir, sizeof dir, pid);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) {
      fprintf(stderr, "could not remove %s\n", dir);
    }
    printf("%-10d %10.3f %12.0f %14.1f%s\n", runs, s, runs / s, ru.ru_maxrss / 1024.0,
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "" : "  (failed)");
  }
  return 0;
}
