/* bench_engine.c — the engine benchmark (a program, not a test): times
 * sim_engine_run (one run), sim_engine_run_lanes (a batch's 64 runs side
 * by side, with the check of every value, per run) and sim_targets_eval on
 * one scenario, and prints microseconds: the mean over all RUNS runs and
 * the best of ROUNDS rounds (the machine may be shared; the best round is
 * the steadier figure).
 * usage: bench_engine [SCENARIO] [RUNS] */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/engine.h"
#include "core/registry.h"
#include "scenario/load.h"
#include "scenario/targets.h"

#define ROUNDS 10

/* Mean and best microseconds per call over ROUNDS rounds. */
typedef struct {
  double mean, best;
} timing;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Microseconds per sim_engine_run; *status is the last run's status. */
static timing time_engine(sim_engine *e, const void *const *params, int runs,
                          sim_status *status) {
  timing tm = {0, INFINITY};
  int per_round = runs / ROUNDS;
  for (int r = 0; r < ROUNDS; r++) {
    double t0 = now();
    for (int i = 0; i < per_round; i++) {
      *status = sim_engine_run(e, params);
    }
    double us = (now() - t0) / per_round * 1e6;
    tm.mean += us / ROUNDS;
    tm.best = us < tm.best ? us : tm.best;
  }
  return tm;
}

/* Microseconds per run of sim_engine_run_lanes with SIM_BATCH_LANES
 * copies of the scenario's parameters and the outputs' own bounds; *passed
 * gets the last call's passing lanes. */
static timing time_lanes(const sim_scenario *sc, int runs, uint64_t *passed) {
  const void *const *base = sim_scenario_params(sc);
  void *params[SIM_MAX_MODELS];
  size_t stride[SIM_MAX_MODELS];
  for (int m = 0; m < sim_nmodels; m++) {
    size_t size = sim_models[m]->params_size;
    stride[m] = size;
    params[m] = malloc(SIM_BATCH_LANES * size);
    for (int r = 0; r < SIM_BATCH_LANES; r++) {
      memcpy((char *)params[m] + r * size, base[m], size);
    }
  }
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  sim_engine_alloc_lanes(sim_scenario_start(sc), sim_scenario_end(sc), base,
                         SIM_BATCH_LANES, d, &e);
  timing tm = {0, INFINITY};
  int groups = runs / ROUNDS / SIM_BATCH_LANES;
  for (int k = 0; k < ROUNDS; k++) {
    double t0 = now();
    for (int i = 0; i < groups; i++) {
      *passed =
          sim_engine_run_lanes(e, (const void *const *)params, stride, SIM_BATCH_LANES);
    }
    double us = (now() - t0) / (groups * SIM_BATCH_LANES) * 1e6;
    tm.mean += us / ROUNDS;
    tm.best = us < tm.best ? us : tm.best;
  }
  for (int m = 0; m < sim_nmodels; m++) {
    free(params[m]);
  }
  sim_engine_free(e);
  sim_diags_free(d);
  return tm;
}

/* Microseconds per sim_targets_eval; the sum of results keeps the calls
 * from being optimised away. */
static timing time_targets(const sim_targets *ts, const sim_engine *e, int runs,
                           double *sum) {
  sim_target_result r[SIM_MAX_LIST];
  int count = sim_engine_output_count(e), start = sim_engine_start(e);
  timing tm = {0, INFINITY};
  int per_round = runs / ROUNDS;
  for (int k = 0; k < ROUNDS; k++) {
    double t0 = now();
    for (int i = 0; i < per_round; i++) {
      sim_targets_eval(ts, sim_engine_values(e), count, start, r);
      *sum += r[i % (ts->n ? ts->n : 1)].result;
    }
    double us = (now() - t0) / per_round * 1e6;
    tm.mean += us / ROUNDS;
    tm.best = us < tm.best ? us : tm.best;
  }
  return tm;
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "scenarios/xincheng-2030.cfg";
  int runs = argc > 2 ? atoi(argv[2]) : 200000;
  if (runs < ROUNDS) {
    fprintf(stderr, "usage: bench_engine [SCENARIO] [RUNS >= %d]\n", ROUNDS);
    return 2;
  }
  gsl_set_error_handler_off();
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_engine *e = NULL;
  sim_targets *ts = NULL;
  if (sim_scenario_load((sim_source){file, NULL}, NULL, 0, d, &sc) != SIM_OK ||
      sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                       sim_scenario_params(sc), d, &e) != SIM_OK ||
      sim_targets_load(sc, e, d, &ts) != SIM_OK) {
    sim_diags_print(d, stderr);
    return 1;
  }
  sim_status st = SIM_OK;
  double sum = 0;
  timing engine = time_engine(e, sim_scenario_params(sc), runs, &st);
  uint64_t passed = 0;
  timing lanes = time_lanes(sc, runs, &passed);
  timing targets = time_targets(ts, e, runs, &sum);
  printf("%s: %d outputs, %d years, %d targets, %d runs (last run: %s)\n", file,
         sim_engine_output_count(e), sim_engine_end(e) - sim_engine_start(e) + 1, ts->n,
         runs, st == SIM_OK ? "ok" : "broke a bound");
  printf("%-18s %10s %10s\n", "us per call", "mean", "best round");
  printf("%-18s %10.3f %10.3f\n", "sim_engine_run", engine.mean, engine.best);
  printf("%-18s %10.3f %10.3f   (per run, %d side by side; %d passed)\n",
         "sim_engine_run_lanes", lanes.mean, lanes.best, SIM_BATCH_LANES,
         __builtin_popcountll(passed));
  printf("%-18s %10.3f %10.3f   (checksum %g)\n", "sim_targets_eval", targets.mean,
         targets.best, sum);
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  sim_diags_free(d);
  return 0;
}
