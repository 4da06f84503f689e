/* cmd_discover.c — `plansim discover BATCHDIR`: which region of the
 * sampled inputs holds the runs that miss (or meet) a target, found with
 * PRIM; discover.csv, trajectory.csv, run.json, and a summary that reads
 * like a finding. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/discover.h"
#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
#include "plot/plot.h"

/* discover's options: the shared ones, then its own. */
typedef struct {
  cli_options cli;     /* first: cli_parse fills it; files[0] is the batch folder */
  const char *target;  /* --target ID|all_binding */
  bool missed, met;    /* --missed (the default), --met */
  const char *density; /* --min-density D */
  const char *batch, *out;
  bool quiet, plot;
  double min_density;
  double started;
} disc_args;

static const cli_opt disc_opts[] = {
    CLI_OPT_OUT,
    CLI_OPT_QUIET,
    CLI_OPT_PLOT,
    CLI_OPT_TEXT("--target", disc_args, target),
    CLI_OPT_FLAG("--missed", disc_args, missed),
    CLI_OPT_FLAG("--met", disc_args, met),
    CLI_OPT_TEXT("--min-density", disc_args, density),
    CLI_OPT_END};

static int cmd_discover_main(int argc, char **argv);

const cli_command cli_cmd_discover = {
    "discover",
    "plansim discover BATCHDIR [--target ID|all_binding] [--missed|--met] [--min-density D]\n"
    "plansim discover BATCHDIR ...  where in the inputs a target is missed (PRIM)",
    cmd_discover_main, disc_opts};

static int fail_usage(const char *fmt, const char *arg) {
  fprintf(stderr, "plansim: discover: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(plansim discover --help shows the options)\n");
  return EXIT_USAGE;
}

/* The targets to explain: --target's, else every binding target some run
 * misses (--met: meets) and all_binding; their indices in k[]. */
static int pick_targets(const disc_args *a, const discover_batch *b, bool *coi, int *k,
                        int *n) {
  *n = 0;
  if (a->target) {
    k[0] = discover_target(b, a->target);
    if (k[0] < 0) {
      fprintf(stderr, "plansim: discover: no target called %s in %s/targets.csv (its "
                      "targets: ", a->target, a->batch);
      for (int t = 0; t < b->ts.n; t++) {
        fprintf(stderr, "%s, ", b->ts.item[t].id);
      }
      fprintf(stderr, "%s)\n", DISCOVER_ALL_BINDING);
      return EXIT_USAGE;
    }
    *n = 1;
    return 0;
  }
  for (int t = 0; t <= b->ts.n; t++) { /* binding targets some run misses */
    bool binding = t == b->ts.n || b->ts.item[t].attribute == 0;
    if (binding && (t == b->ts.n || discover_cases(b, t, false, coi) > 0)) {
      k[(*n)++] = t;
    }
  }
  return 0;
}

/* "water.cap < 0.985 and compute.growth > 1.41": the chosen box's limits
 * on the inputs it restricts. */
static void print_box(const discover_batch *b, const prim_result *r) {
  int shown = 0;
  for (int j = 0; j < b->d; j++) {
    size_t at = (size_t)r->chosen * (size_t)b->d + (size_t)j;
    bool lo = r->lower[at] > r->lo0[j], hi = r->upper[at] < r->hi0[j];
    if (!lo && !hi) {
      continue;
    }
    printf("%s%s", shown++ ? " and " : "", b->input[j]);
    if (lo && hi) {
      printf(" in [%.4g, %.4g]", r->lower[at], r->upper[at]);
    } else {
      printf(lo ? " >= %.4g" : " <= %.4g", lo ? r->lower[at] : r->upper[at]);
    }
  }
}

static void print_finding(const disc_args *a, const discover_batch *b,
                          const discover_finding *f) {
  const char *what = f->met ? "met" : "missed";
  if (f->cases == 0 || f->cases == b->n) {
    printf("  %s is %s in %s of the %ld runs: no region of the inputs to find\n", f->target,
           what, f->cases ? "every one" : "none", b->n);
    return;
  }
  const prim_result *r = f->box;
  const prim_point *p = &r->point[r->chosen];
  if (p->restricted == 0) {
    printf("  %s is %s in %.0f %% of all runs, already a density of at least %.2f: a "
           "higher --min-density finds a region\n",
           f->target, what, 100 * p->density, a->min_density);
    return;
  }
  printf("  %s is %s in %.0f %% of the runs with ", f->target, what, 100 * p->density);
  print_box(b, r);
  printf(" (coverage %.2f, %.0f %% of all runs)%s\n", p->coverage, 100 * p->mass,
         r->reached ? "" : "; no box reaches --min-density: the densest shown");
}

static sim_status write_run_json(const disc_args *a, const discover_batch *b, int nf,
                                 const discover_finding *f, const char *dir, char *why,
                                 size_t size) {
  sim_outfile *o = sim_outfile_open(dir, "run.json", why, size);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fprintf(out, "{\n  \"program\": \"plansim\",\n  \"version\": \"%s\",\n", PLANSIM_VERSION);
  fputs("  \"command\": \"discover\",\n  \"batch\": ", out);
  sim_put_json_text(out, a->batch);
  fprintf(out, ",\n  \"runs\": %ld,\n  \"runs_failed\": %ld,\n  \"case\": \"%s\",\n", b->n,
          b->failed, a->met ? "met" : "missed");
  fprintf(out, "  \"peel_alpha\": 0.05,\n  \"paste_alpha\": 0.05,\n  \"mass_min\": 0.05,\n"
               "  \"min_density\": %.17g,\n  \"targets\": [", a->min_density);
  for (int i = 0; i < nf; i++) {
    fputs(i ? ", " : "", out);
    sim_put_json_text(out, f[i].target);
  }
  /* the sampled range of each input (PRIM's first box), which discover.csv
   * gives only for inputs a box leaves unrestricted; the figures read it */
  fputs("],\n  \"ranges\": {", out);
  for (int j = 0; j < b->d; j++) {
    double lo = INFINITY, hi = -INFINITY;
    for (long i = 0; i < b->n; i++) {
      lo = fmin(lo, b->x[(size_t)i * (size_t)b->d + (size_t)j]);
      hi = fmax(hi, b->x[(size_t)i * (size_t)b->d + (size_t)j]);
    }
    fputs(j ? ",\n    " : "\n    ", out);
    sim_put_json_text(out, b->input[j]);
    fprintf(out, ": [%.17g, %.17g]", lo, hi);
  }
  fprintf(out, "\n  },\n  \"wall_seconds\": %.6f\n}\n", cli_now() - a->started);
  return sim_outfile_commit(o, why, size);
}

/* Runs PRIM for each target picked; f[i].box owned by the caller. */
static sim_status find_boxes(const disc_args *a, const discover_batch *b, bool *coi,
                             const int *k, int n, discover_finding *f) {
  prim_options o = {0.05, 0.05, 0.05, a->min_density};
  for (int i = 0; i < n; i++) {
    f[i] = (discover_finding){k[i] == b->ts.n ? DISCOVER_ALL_BINDING : b->ts.item[k[i]].id,
                              a->met, discover_cases(b, k[i], a->met, coi), NULL};
    if (f[i].cases > 0) {
      sim_status st = prim_find(b->x, coi, b->n, b->d, &o, &f[i].box);
      if (st != SIM_OK) {
        return st;
      }
    }
  }
  return SIM_OK;
}

static int discover(const disc_args *a) {
  discover_batch b;
  sim_status st = discover_batch_read(a->batch, &b);
  bool *coi = st == SIM_OK ? malloc((size_t)b.n * sizeof *coi) : NULL;
  int k[SIM_MAX_LIST + 1], n = 0;
  discover_finding f[SIM_MAX_LIST + 1] = {{0}};
  int status = st != SIM_OK ? cli_exit_status(st) : coi ? pick_targets(a, &b, coi, k, &n) : EXIT_USAGE;
  char dir[4096], why[4600] = "";
  snprintf(dir, sizeof dir, "%s", a->out ? a->out : "");
  if (!a->out) {
    snprintf(dir, sizeof dir, "%s/discover", a->batch);
  }
  if (status == EXIT_DONE) {
    st = find_boxes(a, &b, coi, k, n, f);
    sim_outdir *od = NULL; /* the set staged beside dir and swapped in */
    if (st == SIM_OK) {
      st = sim_outdir_begin(dir, &od, why, sizeof why);
    }
    if (st == SIM_OK) {
      st = discover_write(sim_outdir_path(od), &b, f, n, why, sizeof why);
    }
    if (st == SIM_OK) {
      st = write_run_json(a, &b, n, f, sim_outdir_path(od), why, sizeof why);
    }
    if (st == SIM_OK) {
      st = sim_outdir_commit(od, why, sizeof why);
    }
    if (st == SIM_ERR_IO) {
      fprintf(stderr, "plansim: cannot write %s\n", why);
    }
    sim_outdir_end(od);
    status = cli_exit_status(st);
  }
  if (status == EXIT_DONE && !a->quiet) {
    printf("discover: PRIM on %ld runs of %s (%ld failed runs left out), boxes of density "
           ">= %.2f, written to %s/\n", b.n, a->batch, b.failed, a->min_density, dir);
    for (int i = 0; i < n; i++) {
      print_finding(a, &b, &f[i]);
    }
  }
  if (status == EXIT_DONE && a->plot) {
    status = cli_exit_status(sim_plot(dir, a->quiet));
  }
  for (int i = 0; i < n; i++) {
    prim_free(f[i].box);
  }
  free(coi);
  discover_batch_free(&b);
  return status;
}

static int cmd_discover_main(int argc, char **argv) {
  disc_args a = {0};
  int status;
  if (!cli_parse(&cli_cmd_discover, argc, argv, &a, &status)) {
    return status;
  }
  if (a.cli.nfiles != 1) {
    return fail_usage("takes one batch folder%s", "");
  }
  if (a.missed && a.met) {
    return fail_usage("takes --missed or --met, not both%s", "");
  }
  a.batch = a.cli.files[0];
  a.out = a.cli.out_dir;
  a.quiet = a.cli.quiet;
  a.plot = a.cli.plot;
  a.started = a.cli.started;
  a.min_density = 0.8;
  if (a.density) {
    char *end;
    a.min_density = strtod(a.density, &end);
    if (!*a.density || *end || !(a.min_density > 0 && a.min_density <= 1)) {
      return fail_usage("--min-density needs a number above 0 and at most 1 (got %s)",
                        a.density);
    }
  }
  return discover(&a);
}
