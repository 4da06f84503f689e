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
#include "core/outfile.h"
#include "plot/plot.h"
#include "report/report.h"

static const char usage[] =
    "usage: plansim sensitivity FILE [--method sobol|morris] [-n N] [-j THREADS] [--seed S]\n"
    "                           [--outputs a,b,c] [-o DIR] [--set PATH=VALUE] [-q] [--plot]\n"
    "  Sobol indices (S1, ST, 95 % bootstrap half-widths) or Morris screening (mu*, its\n"
    "  95 % half-width, sigma) of every target's result and met indicator, of\n"
    "  met:all_binding and of every output in every year (--outputs: only these),\n"
    "  over the scenario's uncertainty inputs.  -n: base samples for sobol (a power of\n"
    "  two, default 4096; N (d + 2) runs), trajectories for morris (default 64, on 4\n"
    "  levels; r (d + 1) runs).  Writes sensitivity.csv and run.json in DIR (default\n"
    "  plansim-out/<scenario>/sensitivity).\n";

typedef struct {
  cli_options cli;      /* file, --set, -o, -q, --plot for cli_load and cli_out_dir */
  int method;           /* SA_SOBOL, SA_MORRIS */
  long n;               /* -n; 0: the method's default */
  int threads;          /* -j; 0: every core */
  long long seed;       /* --seed; -1: the scenario's */
  const char *outputs;  /* --outputs */
} sens_args;

static int fail_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "plansim: sensitivity: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(plansim sensitivity --help shows the options)\n");
  return EXIT_USAGE;
}

/* A whole number in [lo, hi] from text; false otherwise. */
static bool whole(const char *text, long long lo, long long hi, long long *out) {
  char *end;
  long long v = strtoll(text, &end, 10);
  *out = v;
  return *text && *end == '\0' && v >= lo && v <= hi;
}

/* Reads one option at argv[*i]; returns 0 or an exit status. */
static int option(int argc, char **argv, int *i, sens_args *a) {
  const char *o = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;
  long long x;
  if (strcmp(o, "-q") == 0 || strcmp(o, "--plot") == 0) {
    *(o[1] == 'q' ? &a->cli.quiet : &a->cli.plot) = true;
    return 0;
  }
  if (!v) {
    return fail_usage("%s needs a value", o);
  }
  (*i)++;
  if (strcmp(o, "--method") == 0) {
    a->method = strcmp(v, "sobol") == 0 ? SA_SOBOL : strcmp(v, "morris") == 0 ? SA_MORRIS : -1;
    return a->method < 0 ? fail_usage("--method takes sobol or morris (got %s)", v) : 0;
  }
  if (strcmp(o, "-n") == 0) {
    a->n = whole(v, 2, 1 << 24, &x) ? (long)x : -1;
    return a->n < 0 ? fail_usage("-n needs a whole number from 2 to 16777216 (got %s)", v) : 0;
  }
  if (strcmp(o, "-j") == 0) {
    a->threads = whole(v, 1, 64, &x) ? (int)x : -1;
    return a->threads < 0 ? fail_usage("-j needs a whole number from 1 to 64 (got %s)", v) : 0;
  }
  if (strcmp(o, "--seed") == 0) {
    a->seed = whole(v, 0, 2147483647, &x) ? x : -2;
    return a->seed < -1 ? fail_usage("--seed needs a whole number from 0 to 2147483647 (got %s)", v) : 0;
  }
  if (strcmp(o, "--outputs") == 0) {
    a->outputs = v;
  } else if (strcmp(o, "-o") == 0) {
    a->cli.out_dir = v;
  } else if (strcmp(o, "--set") == 0 && a->cli.nsets < CLI_MAX_SETS) {
    a->cli.sets[a->cli.nsets++] = v;
  } else {
    return fail_usage("unknown or incomplete option %s", o);
  }
  return 0;
}

static int parse(int argc, char **argv, sens_args *a) {
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      int st = option(argc, argv, &i, a);
      if (st) {
        return st;
      }
    } else if (a->cli.nfiles == 0) {
      a->cli.files[a->cli.nfiles++] = argv[i];
    } else {
      return fail_usage("takes one scenario file (got %s more)", argv[i]);
    }
  }
  return a->cli.nfiles == 1 ? 0 : fail_usage("needs a scenario file%s", "");
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
         a->method == SA_SOBOL ? "sobol" : "morris", a->method == SA_SOBOL ? "N" : "r",
         r->n, r->runs, r->run_seconds, r->runs / fmax(r->run_seconds, 1e-9), threads, dir);
  if (r->failures.failed) {
    printf("  %ld runs failed (%s): quantities they leave undefined have no indices\n",
           r->failures.failed, r->failures.first);
  }
  printf("  what moves each binding target's result (%s):\n",
         a->method == SA_SOBOL ? "total index ST, first-order S1" : "mu*, sigma");
  for (int k = 0; k < r->q.ts->n; k++) {
    if (r->q.ts->item[k].attribute == 0) {
      finding(r, u, a->method, k);
    }
  }
  finding(r, u, a->method, -1);
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
  bool sobol = a->method == SA_SOBOL;
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

static sim_status write_files(const sens_args *a, const sim_scenario *sc, const sa_result *r,
                              const sim_uncertainty *u, const sim_engine *e, const char *dir,
                              int threads) {
  char why[512];
  sim_status st = sim_mkdirs(dir, why, sizeof why);
  if (st == SIM_OK) {
    st = sa_write_csv(dir, r, u, e, a->method, why, sizeof why);
  }
  char *extra = st == SIM_OK ? json_extra(a, r, u, e, threads) : NULL;
  if (st == SIM_OK) {
    long long seed = a->seed >= 0 ? a->seed : u->seed;
    sim_run_info info = {"sensitivity", cli_now() - a->cli.started, seed, extra};
    st = extra ? sim_write_run_json(dir, sc, info, why, sizeof why) : SIM_ERR_NOMEM;
  }
  free(extra);
  if (st == SIM_ERR_IO) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
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
  return check_inputs(sc, *u, a->method);
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
  int threads = a->threads ? a->threads : (int)(cores > 0 ? cores : 1);
  char buf[4096];
  const char *dir = cli_out_dir(&a->cli, sim_scenario_name(sc), "sensitivity", buf, sizeof buf);
  if (status == EXIT_DONE) {
    sa_options o = {a->method, a->n ? a->n : a->method == SA_SOBOL ? 4096 : 64, 4, threads,
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

int cmd_sensitivity_main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage, stdout);
    return EXIT_DONE;
  }
  sens_args a = {.cli = {.started = cli_now(), .seed = -1}, .seed = -1};
  int status = parse(argc, argv, &a);
  if (status) {
    return status;
  }
  if (a.method == SA_SOBOL && a.n && !sobol_n_valid(a.n)) {
    char got[32];
    snprintf(got, sizeof got, "%ld", a.n);
    return fail_usage("-n must be a power of two for sobol (got %s)", got);
  }
  return sensitivity(&a);
}
