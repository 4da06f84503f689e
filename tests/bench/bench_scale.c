/* bench_scale.c — the scale benchmark (a program, not a test): plansim's
 * 10^6-run default batch against the NumPy implementation of the same
 * equations (tests/reference/bench_numpy.py, on the inputs.csv of the same
 * scenario), in interleaved rounds in one process tree so that the VM's
 * drift hits both alike: each round runs `plansim batch --samples none`,
 * `plansim batch` (samples.csv written) and NumPy, each a child process,
 * and prints their wall and CPU seconds, peak RSS (getrusage of the child)
 * and the ratios; then the median of the rounds.  Then the peak RSS of
 * `--samples none` at 10^5, 10^6 and 10^7 runs (flat in N), and of the
 * long horizon (scenarios/xincheng-2100.cfg) at 10^4 to 10^6 runs; under
 * MPI, -np 2 -j 1 against -np 1 -j 1 is bench_mpi.sh.
 * usage: bench_scale PLANSIM [ROUNDS] [THREADS] [BIGGEST]
 *   run from the source folder (tests/reference/bench_numpy.py). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
  double wall, cpu;
  double mib; /* peak RSS */
  bool ok;
} measure;

/* Runs argv as a child, its output thrown away: its wall, CPU (user +
 * system) and peak RSS. */
static measure run(char *const argv[]) {
  measure m = {0};
  fflush(stdout); /* or the child's copy of the buffer is written again */
  double t0 = now();
  pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stdout)) {
      _exit(127);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  wait4(pid, &status, 0, &ru);
  m.wall = now() - t0;
  m.cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
          1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  m.mib = (double)ru.ru_maxrss / 1024.0;
  m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return m;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *v, int n) {
  double s[64];
  memcpy(s, v, (size_t)n * sizeof *s);
  qsort(s, (size_t)n, sizeof *s, by_value);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

#define DEFAULT_SCENARIO "scenarios/xincheng-2030.cfg"
#define LONG_HORIZON "scenarios/xincheng-2100.cfg"

/* plansim batch of a scenario, n runs, into dir. */
static measure batch(const char *bin, const char *scenario, const char *n,
                     const char *threads, const char *samples, const char *dir) {
  char *argv[] = {(char *)bin, "batch", (char *)scenario, "-n", (char *)n, "-j",
                  (char *)threads, "--samples", (char *)samples, "-q", "-o", (char *)dir, NULL};
  measure m = run(argv);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir); /* not timed */
  if (system(cmd) != 0) {
    fprintf(stderr, "could not remove %s\n", dir);
  }
  return m;
}

/* Peak RSS of --samples none batches of the scenario from `from` runs to
 * `to`, ten times more each time. */
static void by_runs(const char *bin, const char *scenario, long from, long to,
                    const char *threads, const char *dir) {
  for (long n = from; n <= to; n *= 10) {
    char runs[32];
    snprintf(runs, sizeof runs, "%ld", n);
    measure m = batch(bin, scenario, runs, threads, "none", dir);
    printf("  %9ld runs: %7.1f MiB  (%.2f s wall, %.2f s CPU)%s\n", n, m.mib, m.wall, m.cpu,
           m.ok ? "" : "  (failed)");
    fflush(stdout);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_scale PLANSIM [ROUNDS] [THREADS] [BIGGEST]\n");
    return 2;
  }
  const char *bin = argv[1], *threads = argc > 3 ? argv[3] : "2";
  int rounds = argc > 2 ? atoi(argv[2]) : 5;
  long biggest = argc > 4 ? atol(argv[4]) : 10000000;
  rounds = rounds < 1 ? 1 : rounds > 64 ? 64 : rounds;
  char dir[64], inputs[96];
  snprintf(dir, sizeof dir, "/tmp/plansim-scale-%d", (int)getpid());
  snprintf(inputs, sizeof inputs, "%s-run/inputs.csv", dir);
  char run_dir[80];
  snprintf(run_dir, sizeof run_dir, "%s-run", dir);
  char *det[] = {(char *)bin, "run", DEFAULT_SCENARIO, "-q", "-o", run_dir, NULL};
  if (!run(det).ok) {
    fprintf(stderr, "bench_scale: %s run failed\n", bin);
    return 1;
  }
  char *numpy[] = {"python3", "tests/reference/bench_numpy.py", "--inputs", inputs,
                   "--sizes", "1e6", NULL};
  printf("10^6 runs of " DEFAULT_SCENARIO ", -j %s, %d interleaved rounds\n", threads,
         rounds);
  printf("%-6s %22s %22s %22s %8s %8s\n", "round", "none: wall/CPU s, MiB", "csv: wall/CPU s, MiB",
         "NumPy: wall/CPU s, MiB", "x none", "x csv");
  double rn[64], rc[64], wn[64], wc[64], wp[64], cn[64], cc[64], cp[64];
  for (int k = 0; k < rounds; k++) {
    measure n = batch(bin, DEFAULT_SCENARIO, "1000000", threads, "none", dir);
    measure c = batch(bin, DEFAULT_SCENARIO, "1000000", threads, "csv", dir);
    measure p = run(numpy);
    wn[k] = n.wall, wc[k] = c.wall, wp[k] = p.wall, cn[k] = n.cpu, cc[k] = c.cpu, cp[k] = p.cpu;
    rn[k] = p.wall / n.wall, rc[k] = p.wall / c.wall;
    printf("%-6d %7.3f %6.2f %7.1f %7.3f %6.2f %7.1f %7.3f %6.2f %7.1f %7.2f %8.2f%s\n", k + 1,
           n.wall, n.cpu, n.mib, c.wall, c.cpu, c.mib, p.wall, p.cpu, p.mib, rn[k], rc[k],
           n.ok && c.ok && p.ok ? "" : "  (a run failed)");
    fflush(stdout);
  }
  printf("median %7.3f %6.2f %15.3f %6.2f %15.3f %6.2f %15.2f %8.2f\n", median(wn, rounds),
         median(cn, rounds), median(wc, rounds), median(cc, rounds), median(wp, rounds),
         median(cp, rounds), median(rn, rounds), median(rc, rounds));
  printf("NumPy's wall time over plansim's (median of the rounds' ratios): "
         "--samples none %.2fx, with samples.csv %.2fx\n",
         median(rn, rounds), median(rc, rounds));
  printf("\npeak RSS of --samples none by runs (-j %s):\n", threads);
  by_runs(bin, DEFAULT_SCENARIO, 100000, biggest, threads, dir);
  printf("\nthe long horizon, " LONG_HORIZON " (76 years, every output summarised), "
         "peak RSS of --samples none by runs (-j %s; the goal: under 256 MiB at 10^6):\n",
         threads);
  by_runs(bin, LONG_HORIZON, 10000, 1000000, threads, dir);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", run_dir);
  return system(cmd) == 0 ? 0 : 1;
}
