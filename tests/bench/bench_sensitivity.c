/* bench_sensitivity.c — the sensitivity benchmark (a program, not a
 * test): a Sobol analysis of a scenario (N base samples, N (d + 2) runs of
 * every output in every year and every target), timed in its two parts —
 * the runs through the engine's lanes (sim_cases_run) and the indices with
 * their bootstrap — with 1 and with T threads in interleaved rounds (the
 * VM's speed drifts: compare within a round).  Prints runs/s of each round
 * and the medians.  The scenario's correlations are ignored (Sobol indices
 * need independent inputs).
 * usage: bench_sensitivity [SCENARIO] [N] [THREADS] [ROUNDS] */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/sensitivity.h"
#include "core/registry.h"
#include "scenario/load.h"

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, compare);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Every output's layout index (an engine built to see the layout). */
static int *all_outputs(sim_scenario *sc, sim_targets **ts, int *n) {
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  int *idx = NULL;
  if (sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc), sim_scenario_params(sc),
                       d, &e) == SIM_OK &&
      sim_targets_load(sc, e, d, ts) == SIM_OK) {
    *n = sim_engine_output_count(e);
    idx = malloc((size_t)*n * sizeof *idx);
    for (int i = 0; idx && i < *n; i++) {
      idx[i] = i;
    }
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  sim_engine_free(e);
  return idx;
}

int main(int argc, char **argv) {
  const char *file = argc > 1 ? argv[1] : "scenarios/xincheng-2030.cfg";
  long n = argc > 2 ? atol(argv[2]) : 4096;
  int threads = argc > 3 ? atoi(argv[3]) : 2, rounds = argc > 4 ? atoi(argv[4]) : 5;
  gsl_set_error_handler_off();
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_uncertainty *u = NULL;
  sim_targets *ts = NULL;
  if (sim_scenario_load((sim_source){file, NULL}, NULL, 0, d, &sc) != SIM_OK ||
      sim_uncertainty_load(sc, d, &u) != SIM_OK || rounds < 1 || rounds > 64) {
    sim_diags_print(d, stderr);
    fprintf(stderr, "usage: bench_sensitivity [SCENARIO] [N] [THREADS] [ROUNDS <= 64]\n");
    return 2;
  }
  int nout = 0, *outs = all_outputs(sc, &ts, &nout);
  if (!outs) {
    return 2;
  }
  cases_quantities q = {ts, outs, nout, sim_scenario_end(sc) - sim_scenario_start(sc) + 1};
  printf("%s: sobol, N = %ld, d = %d, %ld runs, %d quantities\n", file, n, u->inputs.n,
         sobol_runs(n, u->inputs.n), cases_quantity_count(&q));
  double run[2][64], all[2][64];
  for (int r = 0; r < rounds; r++) {
    for (int k = 0; k < 2; k++) { /* 1 thread, then T, in every round */
      sa_options o = {SA_SOBOL, n, 4, k ? threads : 1, 1};
      sa_result *res = NULL;
      if (sa_run(sc, u, &q, &o, &res) != SIM_OK) {
        fprintf(stderr, "sa_run failed\n");
        return 1;
      }
      run[k][r] = (double)res->runs / res->run_seconds;
      all[k][r] = (double)res->runs / (res->run_seconds + res->analysis_seconds);
      printf("round %d, %d thread(s): runs %.0f runs/s; with the indices %.0f runs/s "
             "(runs %.3f s, indices %.3f s)\n",
             r + 1, o.threads, run[k][r], all[k][r], res->run_seconds, res->analysis_seconds);
      sa_free(res);
    }
  }
  for (int k = 0; k < 2; k++) {
    printf("median, %d thread(s): runs %.0f runs/s; end to end %.0f runs/s\n",
           k ? threads : 1, median(run[k], rounds), median(all[k], rounds));
  }
  free(outs);
  free(ts);
  free(u);
  sim_scenario_free(sc);
  sim_diags_free(d);
  return 0;
}
