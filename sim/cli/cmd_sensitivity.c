/* cmd_sensitivity.c — `plansim sensitivity FILE`: which uncertainty inputs
 * move each target and output (Sobol indices or Morris screening), run on
 * the batch engine's lanes and threads; sensitivity.csv, run.json, a
 * summary that reads like a finding, and figures with --plot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/sensitivity.h"
#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
#include "plot/plot.h"
#include "report/report.h"

/* sensitivity's options: the shared ones, then its own. */
typedef struct {
  cli_options cli;     /* first: cli_parse fills it */
  const char *method;  /* --method sobol|morris */
  long long n;         /* -n; 0: the method's default */
  long long threads;   /* -j; 0: every core */
  long long seed;      /* --seed; -1: the scenario's */
  const char *outputs; /* --outputs a,b,c */
} sens_args;

static const cli_opt sens_opts[] = {
    CLI_OPT_OUT,
    CLI_OPT_SET,
    CLI_OPT_QUIET,
    CLI_OPT_PLOT,
    CLI_OPT_TEXT("--method", sens_args, method),
    CLI_OPT_WHOLE("-n", sens_args, n, 2, 1 << 24),
    CLI_OPT_WHOLE("-j", sens_args, threads, 1, 64),
    CLI_OPT_WHOLE("--seed", sens_args, seed, 0, 2147483647),
    CLI_OPT_TEXT("--outputs", sens_args, outputs),
    CLI_OPT_END};

static int cmd_sensitivity_main(int argc, char **argv);

const cli_command cli_cmd_sensitivity = {
    "sensitivity",
    "plansim sensitivity FILE [--method sobol|morris] [-n N] [-j THREADS] [--seed S]\n"
    "plansim sensitivity FILE ... [--outputs a,b,c]   which inputs move each result",
    cmd_sensitivity_main, sens_opts};

static int method_of(const sens_args *a) {
  return !a->method || strcmp(a->method, "sobol") == 0 ? SA_SOBOL
         : strcmp(a->method, "morris") == 0            ? SA_MORRIS
                                                        : -1;
}

static int fail_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "plansim: sensitivity: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(plansim sensitivity --help shows the options)\n");
  return EXIT_USAGE;
}

/* Problems of the scenario for this method: fewer than 2 inputs, too many
 * for sobol, correlations for sobol (exit 3); a note for morris's. */
static int check_inputs(const sim_scenario *sc, const sim_uncertainty *u, int method) {
  const config_setting_t *params = sim_scenario_setting(sc, "uncertainty.params");
  const config_setting_t *corr = sim_scenario_setting(sc, "uncertainty.correlations");
  sim_origin at = sim_scenario_origin(sc, params ? params : NULL);
  sim_diags *d = sim_diags_alloc();
  char got[32];
  snprintf(got, sizeof got, "%d", u->inputs.n);
  if (u->inputs.n < 2) {
    sim_diag_where(d, at, "uncertainty.params", got,
                   "sensitivity needs at least 2 uncertainty inputs");
  } else if (method == SA_SOBOL && u->inputs.n > SOBOL_MAX_INPUTS) {
    sim_diag_where(d, at, "uncertainty.params", got,
                   "sobol takes at most %d inputs (GSL's Sobol sequence has 40 dimensions, "
                   "the design takes 2 an input); morris takes more",
                   SOBOL_MAX_INPUTS);
  }
  if (method == SA_SOBOL && u->correlations.n > 0) {
    snprintf(got, sizeof got, "%d", u->correlations.n);
    sim_diag_where(d, sim_scenario_origin(sc, corr), "uncertainty.correlations", got,
                   "Sobol indices assume independent inputs: remove the correlations "
                   "(e.g. --set 'uncertainty.correlations=()') or use --method morris");
  }
  int bad = sim_diags_count(d);
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  if (!bad && method == SA_MORRIS && u->correlations.n > 0) {
    fprintf(stderr, "plansim: note: morris ignores the %d rank correlation(s) of "
                    "uncertainty.correlations: the inputs move one at a time\n",
            u->correlations.n);
  }
  return bad ? EXIT_SCENARIO : EXIT_DONE;
}

/* The outputs kept: every one, or those --outputs names.  Returns 0 or
 * an exit status; *idx is owned by the caller. */
static int pick_outputs(const sens_args *a, const sim_engine *e, int **idx, int *n) {
  int count = sim_engine_output_count(e);
  *idx = malloc((size_t)count * sizeof **idx);
  *n = 0;
  if (!*idx) {
    return EXIT_USAGE;
  }
  if (!a->outputs) {
    for (int i = 0; i < count; i++) {
      (*idx)[(*n)++] = i;
    }
    return 0;
  }
  char name[256];
  for (const char *p = a->outputs; *p;) {
    size_t len = strcspn(p, ",");
    snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255), p);
    int i = sim_layout_find(sim_engine_layout(e), name);
    if (i < 0) {
      return fail_usage("--outputs: no output called %s (plansim describe lists them)", name);
    }
    if (*n < count) {
      (*idx)[(*n)++] = i;
    }
    p += len + (p[len] == ',');
  }
  return 0;
}


/* Up to three inputs that matter most for quantity k (by ST, or mu*),
 * written as "ST water.cap 0.61 ± 0.02 (S1 0.55), ..."; those whose
 * index is under 0.01 of the largest are left out. */
static void top_inputs(const sa_result *r, const sim_uncertainty *u, int method, int k) {
  const sa_quantity *q = &r->item[k];
  int order[SIM_MAX_INPUTS];
  for (int j = 0; j < r->d; j++) {
    order[j] = j;
  }
  for (int i = 1; i < r->d; i++) { /* insertion sort by the ranking index, largest first */
    for (int j = i; j > 0; j--) {
      double a = method == SA_SOBOL ? q->sobol[order[j]].st : q->morris[order[j]].mu_star;
      double b = method == SA_SOBOL ? q->sobol[order[j - 1]].st : q->morris[order[j - 1]].mu_star;
      if (!(a > b)) {
        break;
      }
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  }
  double top = method == SA_SOBOL ? q->sobol[order[0]].st : q->morris[order[0]].mu_star;
  for (int i = 0; i < r->d && i < 3; i++) {
    int j = order[i];
    if (method == SA_SOBOL) {
      const sobol_index *s = &q->sobol[j];
      if (i > 0 && s->st < 0.01 * top) {
        break;
      }
      printf("%s%s ST %.2f ± %.2f (S1 %.2f)", i ? ", " : "", u->inputs.item[j].path, s->st,
             s->st_conf, s->s1);
    } else {
      const morris_index *m = &q->morris[j];
      if (i > 0 && m->mu_star < 0.01 * top) {
        break;
      }
      printf("%s%s mu* %.3g ± %.2g (sigma %.3g)", i ? ", " : "", u->inputs.item[j].path,
             m->mu_star, m->mu_star_conf, m->sigma);
    }
  }
}

/* One line for a target's result, or for met:all_binding (k = -1). */
static void finding(const sa_result *r, const sim_uncertainty *u, int method, int k) {
  const cases_quantities *q = &r->q;
  int metric = k >= 0 ? k : cases_all_binding_quantity(q);
  int met = k >= 0 ? cases_met_quantity(q, k) : metric;
  const sa_quantity *m = &r->item[metric];
  printf("  %-26s ", k >= 0 ? q->ts->item[k].id : "all binding targets");
  if (r->item[met].undefined || m->undefined) {
    printf("undefined in some runs (see run.json)\n");
    return;
  }
  printf("met in %3.0f %% of runs", 100 * r->mean[met]);
  if (!m->defined) {
    printf("; the same in every run\n");
    return;
  }
  printf("; ");
  top_inputs(r, u, method, metric);
  putchar('\n');
}

static void print_summary(const sens_args *a, const sa_result *r, const sim_uncertainty *u,
                          const char *dir, int threads) {
  printf("sensitivity (%s, %s = %ld, %ld runs in %.2f s: %.0f runs/s, %d threads) written "
         "to %s/\n",
         method_of(a) == SA_SOBOL ? "sobol" : "morris", method_of(a) == SA_SOBOL ? "N" : "r",
         r->n, r->runs, r->run_seconds, r->runs / fmax(r->run_seconds, 1e-9), threads, dir);
  if (r->failures.failed) {
    printf("  %ld runs failed (%s): quantities they leave undefined have no indices\n",
           r->failures.failed, r->failures.first);
  }
  printf("  what moves each binding target's result (%s):\n",
         method_of(a) == SA_SOBOL ? "total index ST, first-order S1" : "mu*, sigma");
  for (int k = 0; k < r->q.ts->n; k++) {
    if (r->q.ts->item[k].attribute == 0) {
      finding(r, u, method_of(a), k);
    }
  }
  finding(r, u, method_of(a), -1);
  printf("  every target, output and year in sensitivity.csv\n");
}

/* run.json's members for the analysis. */
static char *json_extra(const sens_args *a, const sa_result *r, const sim_uncertainty *u,
                        const sim_engine *e, int threads) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) {
    return NULL;
  }
  bool sobol = method_of(a) == SA_SOBOL;
  fprintf(f, "  \"method\": \"%s\",\n  \"%s\": %ld,\n", sobol ? "sobol" : "morris",
          sobol ? "base_samples" : "trajectories", r->n);
  if (!sobol) {
    fprintf(f, "  \"levels\": 4,\n");
  }
  fprintf(f, "  \"runs\": %ld,\n  \"runs_failed\": %ld,\n  \"first_failure\": ", r->runs,
          r->failures.failed);
  if (r->failures.failed) {
    sim_put_json_text(f, r->failures.first);
  } else {
    fputs("null", f);
  }
  fprintf(f, ",\n  \"threads\": %d,\n  \"resamples\": %d,\n  \"inputs\": [", threads,
          sobol ? SOBOL_RESAMPLES : MORRIS_RESAMPLES);
  for (int j = 0; j < u->inputs.n; j++) {
    fputs(j ? ", " : "", f);
    sim_put_json_text(f, u->inputs.item[j].path);
  }
  for (int pass = 0; pass < 2; pass++) { /* zero_variance, then undefined */
    fprintf(f, "],\n  \"%s\": [", pass ? "undefined" : "zero_variance");
    int listed = 0;
    for (int k = 0; k < r->nq; k++) {
      const sa_quantity *q = &r->item[k];
      if (q->defined || q->undefined != (pass == 1)) {
        continue;
      }
      int year;
      const char *name = sa_quantity_name(r, e, k, &year);
      char full[300];
      snprintf(full, sizeof full, "%s%s",
               k < r->q.ts->n ? "target:" : k < 2 * r->q.ts->n ? "met:" : "", name);
      fputs(listed++ ? ",\n    {\"quantity\": " : "\n    {\"quantity\": ", f);
      sim_put_json_text(f, full);
      if (year) {
        fprintf(f, ", \"year\": %d}", year);
      } else {
        fputs(", \"year\": null}", f);
      }
    }
  }
  fputs("],\n", f);
  fclose(f);
  return text;
}

/* Writes sensitivity.csv and run.json into `target` as one set (staged
 * beside it and swapped in: core/outfile.h). */
static sim_status write_files(const sens_args *a, const sim_scenario *sc, const sa_result *r,
                              const sim_uncertainty *u, const sim_engine *e, const char *target,
                              int threads) {
  char why[512];
  sim_outdir *od = NULL;
  sim_status st = sim_outdir_begin(target, &od, why, sizeof why);
  const char *dir = st == SIM_OK ? sim_outdir_path(od) : target;
  if (st == SIM_OK) {
    st = sa_write_csv(dir, r, u, e, method_of(a), why, sizeof why);
  }
  char *extra = st == SIM_OK ? json_extra(a, r, u, e, threads) : NULL;
  if (st == SIM_OK) {
    long long seed = a->seed >= 0 ? a->seed : u->seed;
    sim_run_info info = {"sensitivity", cli_now() - a->cli.started, seed, extra};
    st = extra ? sim_write_run_json(dir, sc, info, why, sizeof why) : SIM_ERR_NOMEM;
  }
  free(extra);
  if (st == SIM_OK) {
    st = sim_outdir_commit(od, why, sizeof why);
  }
  if (st == SIM_ERR_IO) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  sim_outdir_end(od);
  return st;
}

/* The scenario's uncertainty inputs and targets, checked for the method. */
static int load_parts(const sens_args *a, sim_scenario *sc, const sim_engine *e,
                      sim_uncertainty **u, sim_targets **ts) {
  sim_diags *d = sim_diags_alloc();
  sim_status st = sim_uncertainty_load(sc, d, u);
  if (st == SIM_OK) {
    st = sim_targets_load(sc, e, d, ts);
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  const config_setting_t *noise = sim_scenario_setting(sc, "economy.growth_noise.sd");
  if (noise && config_setting_get_float(noise) > 0) {
    fprintf(stderr, "plansim: note: economy.growth_noise is not an input of the analysis: "
                    "its runs draw no growth shocks\n");
  }
  return check_inputs(sc, *u, method_of(a));
}

static int sensitivity(sens_args *a) {
  sim_scenario *sc;
  sim_engine *e;
  sim_uncertainty *u = NULL;
  sim_targets *ts = NULL;
  sa_result *r = NULL;
  int *outs = NULL, nouts = 0;
  sim_status st = cli_load(&a->cli, a->cli.files[0], &sc, &e);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  int status = load_parts(a, sc, e, &u, &ts);
  if (status == EXIT_DONE) {
    status = pick_outputs(a, e, &outs, &nouts);
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int threads = a->threads ? (int)a->threads : (int)(cores > 0 ? cores : 1);
  char buf[4096];
  const char *dir = cli_out_dir(&a->cli, sim_scenario_name(sc), "sensitivity", buf, sizeof buf);
  if (status == EXIT_DONE) {
    sa_options o = {method_of(a), a->n ? (long)a->n : method_of(a) == SA_SOBOL ? 4096 : 64, 4, threads,
                    (unsigned long)(a->seed >= 0 ? a->seed : u->seed)};
    cases_quantities q = {ts, outs, nouts, sim_scenario_end(sc) - sim_scenario_start(sc) + 1};
    st = sa_run(sc, u, &q, &o, &r);
    if (st == SIM_OK) {
      st = write_files(a, sc, r, u, e, dir, threads);
    }
    status = cli_exit_status(st);
  }
  if (status == EXIT_DONE && !a->cli.quiet) {
    print_summary(a, r, u, dir, threads);
  }
  if (status == EXIT_DONE && a->cli.plot) {
    status = cli_exit_status(sim_plot(dir, a->cli.quiet));
  }
  sa_free(r);
  free(outs);
  free(ts);
  free(u);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return status;
}

static int cmd_sensitivity_main(int argc, char **argv) {
  sens_args a = {.seed = -1};
  int status;
  if (!cli_parse(&cli_cmd_sensitivity, argc, argv, &a, &status)) {
    return status;
  }
  if (a.cli.nfiles != 1) {
    return fail_usage("takes one scenario file%s", "");
  }
  if (method_of(&a) < 0) {
    return fail_usage("--method takes sobol or morris (got %s)", a.method);
  }
  if (method_of(&a) == SA_SOBOL && a.n && !sobol_n_valid((long)a.n)) {
    char got[32];
    snprintf(got, sizeof got, "%lld", a.n);
    return fail_usage("-n must be a power of two for sobol (got %s)", got);
  }
  return sensitivity(&a);
}
