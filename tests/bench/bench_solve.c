/* bench_solve.c — the solve benchmark (a program, not a test): times one
 * `plansim solve` over one lever with a 256-point scan (the scan on the
 * engine's lanes plus Brent on each boundary), without files, on a
 * scenario (default: the Xincheng plan, carbon_intensity against
 * compute.growth 0..3), and prints milliseconds: the mean and the best of
 * ROUNDS rounds (the machine may be shared; the goal is under 50 ms).
 * usage: bench_solve [SCENARIO [TARGET [LEVER]]] */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/solve.h"
#include "scenario/load.h"

#define ROUNDS 20

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "scenarios/xincheng-2030.cfg";
  const char *id = argc > 2 ? argv[2] : "carbon_intensity";
  const char *text = argc > 3 ? argv[3] : "compute.growth=0:3";
  gsl_set_error_handler_off();
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_engine *e = NULL;
  sim_targets *ts = NULL;
  sim_status st = sim_scenario_load((sim_source){file, NULL}, NULL, 0, d, &sc);
  if (st == SIM_OK) {
    st = sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc), sim_scenario_params(sc),
                          d, &e);
  }
  if (st == SIM_OK) {
    st = sim_targets_load(sc, e, d, &ts);
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  int target = -1;
  for (int i = 0; st == SIM_OK && i < ts->n; i++) {
    target = strcmp(ts->item[i].id, id) == 0 ? i : target;
  }
  solve_lever lv;
  int years = st == SIM_OK ? sim_scenario_end(sc) - sim_scenario_start(sc) + 1 : 0;
  if (st != SIM_OK || target < 0 ||
      solve_lever_parse(text, sim_scenario_params(sc), years, &lv, stderr) != SIM_OK) {
    fprintf(stderr, "bench_solve: cannot set up %s %s %s\n", file, id, text);
    return 1;
  }
  double best = 1e9, total = 0;
  long runs = 0;
  solve_result r = {0};
  for (int k = 0; k < ROUNDS; k++) {
    double t0 = now();
    solve_eval *ev;
    if (solve_eval_alloc(sc, ts, &lv, 1, &ev) != SIM_OK ||
        solve_target(ev, target, 0, NULL, 256, &r) != SIM_OK) {
      return 1;
    }
    double t = now() - t0;
    runs = solve_eval_runs(ev);
    solve_eval_free(ev);
    total += t;
    best = t < best ? t : best;
  }
  printf("solve %s along %s, 256-point scan: %d boundar%s, %ld runs\n", id, text, r.n,
         r.n == 1 ? "y" : "ies", runs);
  printf("  %.3f ms mean, %.3f ms best of %d rounds (goal < 50 ms)\n", total / ROUNDS * 1e3,
         best * 1e3, ROUNDS);
  solve_lever_clear(&lv);
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return 0;
}
