/* sweep.c — `plansim sweep FILE --vary PATH=FROM:TO:STEP ...`: a full grid
 * of runs over one or more settings, one row per grid point with the varied
 * values and every target's result and status (sweep.csv).  The points are
 * cases of the runner (run/runner.h): chunks of rows made on the workers,
 * written in point order; under mpirun, each rank a contiguous block of
 * them, its rows in a part file that rank 0 appends in rank order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/outfile.h"
#include "plot/plot.h"
#include "core/registry.h"
#include "run/ranks.h"
#include "run/runner.h"
#include "report/report.h"
#include "report/scorecard.h"
#include "scenario/uncertainty.h"

#define SWEEP_MAX_POINTS 1000000
#define SWEEP_CHUNK 64 /* points a chunk: rows written together */

typedef struct {
  sim_input in; /* path and where it lives; applied with "set" */
  double from, to, step;
  long count;
} axis;

/* Parses PATH=FROM:TO:STEP (finite numbers, FROM <= TO, STEP > 0, at most
 * SWEEP_MAX_POINTS values); prints what is wrong and returns false. */
static bool parse_axis(const char *text, axis *a) {
  char path[256];
  double to = NAN;
  int used = 0, end = 0;
  const char *eq = strchr(text, '=');
  memset(a, 0, sizeof *a);
  if (eq && eq - text < (int)sizeof path) {
    snprintf(path, sizeof path, "%.*s", (int)(eq - text), text);
    used = sscanf(eq + 1, "%lf:%lf:%lf %n", &a->from, &to, &a->step, &end);
  }
  if (used != 3 || eq[1 + end] != '\0' || !isfinite(a->from) || !isfinite(to) ||
      !isfinite(a->step) || !(a->step > 0) || to < a->from) {
    fprintf(
        stderr,
        "plansim: --vary %s: expected PATH=FROM:TO:STEP, finite numbers with FROM <= TO, "
        "STEP > 0\n",
        text);
    return false;
  }
  double count = floor((to - a->from) / a->step + 1e-9) + 1;
  if (count > SWEEP_MAX_POINTS) {
    fprintf(stderr, "plansim: --vary %s: more than %d values\n", text, SWEEP_MAX_POINTS);
    return false;
  }
  a->count = (long)count;
  a->to = to;
  a->in.path = strdup(path);
  a->in.apply = SIM_APPLY_SET;
  if (!a->in.path || !sim_input_resolve(&a->in)) {
    fprintf(stderr, "plansim: --vary %s: %s is not a number or path setting of a model\n",
            text, path);
    return false;
  }
  return true;
}

/* Value i of axis a: FROM + i STEP, the last one no further than TO
 * (FROM + (n - 1) STEP may round above it). */
static double axis_value(const axis *a, long i) {
  return fmin(a->from + (double)i * a->step, a->to);
}

/* True when every value of axis a is inside its setting's range (the
 * first and the last are its extremes); prints the first one outside. */
static bool axis_inside(const axis *a, const char *text) {
  double ends[2] = {a->from, axis_value(a, a->count - 1)};
  for (int k = 0; k < 2; k++) {
    if (!(ends[k] >= a->in.lo && ends[k] <= a->in.hi)) {
      fprintf(stderr, "plansim: --vary %s: %s = %.17g is outside its range [%g, %g]\n",
              text, a->in.path, ends[k], a->in.lo, a->in.hi);
      return false;
    }
  }
  return true;
}

/* One worker's own parameters and engine. */
typedef struct {
  void *params[SIM_MAX_MODELS];
  sim_engine *e;
} sweep_worker;

/* One chunk's rows, made by open_memstream. */
typedef struct {
  char *text;
  size_t len;
  bool lost; /* out of memory: the rows are missing */
} sweep_rows;

typedef struct {
  sim_scenario *sc;
  sim_engine *e; /* cli_load's, worker 0's engine */
  sim_targets *ts;
  axis axes[CLI_MAX_VARIES];
  int naxes;
  long points, done; /* done: the points written (fewer after Ctrl-C) */
  int nworkers;
  sweep_worker workers[SIM_RUNNER_MAX_THREADS];
  sweep_rows rows[2 * SIM_RUNNER_MAX_THREADS];
  FILE *out;
  bool lost; /* a chunk's rows found no memory */
} sweep;

static void header(FILE *out, const sweep *s) {
  fputs("point", out);
  for (int a = 0; a < s->naxes; a++) {
    fputc(',', out);
    sim_put_csv_text(out, s->axes[a].in.path);
  }
  for (int i = 0; i < s->ts->n; i++) {
    fprintf(out, ",%s,%s_status", s->ts->item[i].id, s->ts->item[i].id);
  }
  fputs(",all_binding,run\n", out);
}

/* Runs grid point p (the first axis varies slowest) on worker w and
 * writes its row. */
static void run_point(FILE *out, const sweep *s, sweep_worker *w, long p) {
  const void *const *base = sim_scenario_params(s->sc);
  int years = sim_scenario_end(s->sc) - sim_scenario_start(s->sc) + 1;
  long rest = p;
  double value[CLI_MAX_VARIES];
  for (int a = s->naxes - 1; a >= 0; a--) {
    value[a] = axis_value(&s->axes[a], rest % s->axes[a].count);
    rest /= s->axes[a].count;
  }
  fprintf(out, "%ld", p);
  for (int a = 0; a < s->naxes; a++) {
    sim_input_apply(&s->axes[a].in, value[a], w->params, base, years);
    fputc(',', out);
    sim_put_number(out, value[a]);
  }
  sim_status st = sim_engine_run(w->e, (const void *const *)w->params);
  sim_target_result r[SIM_MAX_LIST];
  bool all = true;
  if (st == SIM_OK) {
    sim_targets_eval(s->ts, sim_engine_values(w->e), sim_engine_output_count(w->e),
                     sim_scenario_start(s->sc), r);
  }
  for (int i = 0; i < s->ts->n; i++) {
    fputc(',', out);
    if (st == SIM_OK) {
      sim_put_number(out, r[i].result);
      all &= r[i].met || s->ts->item[i].attribute != 0;
    }
    fprintf(out, ",%s",
            st != SIM_OK         ? ""
            : isnan(r[i].result) ? "undefined" /* a growth over a zero series */
            : r[i].met           ? "met"
                                 : "missed");
  }
  fprintf(out, ",%s,%s\n",
          st != SIM_OK ? ""
          : all        ? "met"
                       : "missed",
          st == SIM_OK ? "ok" : "failed");
}

/* The runner's run: the rows of points [first, last) into slot `at`. */
static void run_rows(void *ctx, int k, int at, long first, long last) {
  sweep *s = ctx;
  sweep_rows *r = &s->rows[at];
  FILE *out = open_memstream(&r->text, &r->len);
  r->lost = !out;
  for (long p = first; out && p < last; p++) {
    run_point(out, s, &s->workers[k], p);
  }
  if (out && fclose(out) != 0) {
    r->lost = true;
  }
}

/* The runner's merge: the rows into sweep.csv, in point order. */
static void merge_rows(void *ctx, int at, long first, long last) {
  sweep *s = ctx;
  sweep_rows *r = &s->rows[at];
  (void)first;
  s->lost |= r->lost;
  if (!r->lost) {
    fwrite(r->text, 1, r->len, s->out);
  }
  free(r->text);
  r->text = NULL;
  s->done = last;
}

/* This rank's block of points on the runner (every point with one rank):
 * whole chunks, contiguous, in rank order; s->done is the end of the
 * prefix written, *last the block's end. */
static void run_points(sweep *s, FILE *out, long *last) {
  long first, end;
  sim_ranks_block((s->points + SWEEP_CHUNK - 1) / SWEEP_CHUNK, sim_ranks_rank(), &first, &end);
  first *= SWEEP_CHUNK;
  *last = end * SWEEP_CHUNK < s->points ? end * SWEEP_CHUNK : s->points;
  first = first < *last ? first : *last;
  sim_runner_plan plan = {first, *last, SWEEP_CHUNK, s->nworkers, &cli_interrupted};
  sim_runner_ops ops = {run_rows, merge_rows, s};
  s->out = out;
  s->done = first;
  sim_runner_run(&plan, &ops);
}

/* targets.csv: what each target of sweep.csv asks (its results are there),
 * with its labels, so that figures name it in words and draw its plan. */
static void targets_csv(FILE *out, const sweep *s) {
  fprintf(out, "%s,label,label_zh,source\n", sim_target_columns);
  for (int i = 0; i < s->ts->n; i++) {
    const sim_target *t = &s->ts->item[i];
    sim_put_target_head(out, t);
    const char *labels[] = {t->label, t->label_zh, t->source};
    for (int k = 0; k < 3; k++) {
      fputc(',', out);
      sim_put_csv_text(out, labels[k]);
    }
    fputc('\n', out);
  }
}

/* The parameter-table row of a varied setting (for its unit and labels). */
static const sim_param *axis_param(const axis *a) {
  const sim_model_type *mt = sim_models[a->in.model];
  const char *key = strchr(a->in.path, '.') + 1;
  for (int i = 0; i < mt->nparams; i++) {
    if (strcmp(mt->params[i].key, key) == 0) {
      return &mt->params[i];
    }
  }
  return NULL;
}

/* variables.csv: the varied settings, then every output, as a run writes
 * them: the units and labels of sweep.csv's axes and targets. */
static void variables_csv(FILE *out, const sweep *s) {
  fputs("name,model,unit,label,label_zh\n", out);
  for (int a = 0; a < s->naxes; a++) {
    const sim_param *p = axis_param(&s->axes[a]);
    const char *unit = p && p->unit ? p->unit : "";
    const char *fields[] = {s->axes[a].in.path, sim_models[s->axes[a].in.model]->name,
                            strcmp(unit, "unit") == 0 ? "" : unit, p ? p->label : "",
                            p ? p->label_zh : ""};
    for (int k = 0; k < 5; k++) {
      if (k) {
        fputc(',', out);
      }
      sim_put_csv_text(out, fields[k]);
    }
    fputc('\n', out);
  }
  sim_put_output_variables(out, s->e);
}

static sim_status write_table(const char *dir, const char *name,
                              void (*fn)(FILE *, const sweep *), const sweep *s,
                              char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(dir, name, why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  fn(sim_outfile_stream(f), s);
  return sim_outfile_commit(f, why, size);
}

static void part_path(const char *dir, int r, char *path, size_t size) {
  snprintf(path, size, "%s/.sweep.csv.rank%d", dir, r);
}

/* Under mpirun: rank 0 appends the other ranks' rows (their part files)
 * in rank order, up to and including the first rank cut short by a
 * signal, so sweep.csv is a prefix of the grid; s->done becomes its end.
 * Rank > 0 has closed its part.  False when rows were lost. */
static bool join_ranks(sweep *s, long last, FILE *out, const char *dir) {
  int rank = sim_ranks_rank(), count = sim_ranks_count();
  long cut = -sim_ranks_max(-(s->done < last ? rank : count));
  bool lost = sim_ranks_max(s->lost) != 0;
  size_t lens[1];
  long *done = rank == 0 ? malloc((size_t)count * sizeof *done) : NULL;
  size_t *sizes = rank == 0 ? malloc((size_t)count * sizeof *sizes) : lens;
  long *all = sim_ranks_gather(&s->done, sizeof s->done, sizes ? sizes : lens);
  for (int r = 1; rank == 0 && r < count; r++) {
    char path[4200], buf[1 << 16];
    part_path(dir, r, path, sizeof path);
    FILE *in = r <= cut ? fopen(path, "r") : NULL;
    size_t n;
    lost |= r <= cut && !in;
    while (in && (n = fread(buf, 1, sizeof buf, in)) > 0) {
      lost |= fwrite(buf, 1, n, out) != n;
    }
    if (in) {
      fclose(in);
    }
    unlink(path);
  }
  if (rank == 0 && all) {
    s->done = all[cut < count ? cut : count - 1];
  }
  lost |= rank == 0 && !all;
  free(all);
  free(done);
  if (rank == 0) {
    free(sizes);
  }
  return !lost;
}

/* Writes sweep.csv and run.json into folder `target` as one set.  Under
 * mpirun rank 0 does; the other ranks write their rows into part files in
 * rank 0's staging folder, which it joins in rank order. */
static sim_status write_sweep(sweep *s, const char *target, const cli_options *o) {
  char why[512], stage[4096] = "";
  sim_outdir *od = NULL;
  bool speaks = sim_ranks_rank() == 0;
  sim_status st = speaks ? sim_outdir_begin(target, &od, why, sizeof why) : SIM_OK;
  if (od) {
    snprintf(stage, sizeof stage, "%s", sim_outdir_path(od));
  }
  sim_ranks_share_text(stage, sizeof stage);
  if (!speaks) {
    char path[4200];
    long last;
    if (!stage[0]) {
      return SIM_ERR_IO; /* rank 0 could not make its folder, and said why */
    }
    part_path(stage, sim_ranks_rank(), path, sizeof path);
    FILE *part = fopen(path, "w");
    s->lost |= !part;
    run_points(s, part ? part : fopen("/dev/null", "w"), &last);
    s->lost |= !s->out || fclose(s->out) != 0;
    join_ranks(s, last, NULL, stage);
    return SIM_OK;
  }
  const char *dir = st == SIM_OK ? stage : target;
  sim_outfile *f = st == SIM_OK ? sim_outfile_open(dir, "sweep.csv", why, sizeof why) : NULL;
  s->done = 0;
  if (f) {
    cli_saved_signals old;
    long last;
    cli_catch_interrupt(&old);
    header(sim_outfile_stream(f), s);
    run_points(s, sim_outfile_stream(f), &last);
    cli_release_interrupt(&old);
    if (sim_ranks_count() > 1 && !join_ranks(s, last, sim_outfile_stream(f), dir)) {
      s->lost = true;
    }
    if (s->lost) {
      sim_outfile_abort(f);
      fprintf(stderr, "plansim: out of memory: rows of sweep.csv lost\n");
      sim_outdir_end(od);
      return SIM_ERR_NOMEM;
    }
    st = sim_outfile_commit(f, why, sizeof why);
  } else {
    st = SIM_ERR_IO;
  }
  if (st == SIM_OK) {
    char extra[128];
    snprintf(extra, sizeof extra,
             "  \"points\": %ld,\n  \"points_done\": %ld,\n  \"partial\": %s,\n",
             s->points, s->done, s->done < s->points ? "true" : "false");
    sim_run_info info = {"sweep", cli_now() - o->started, -1, extra};
    st = sim_write_run_json(dir, s->sc, info, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = write_table(dir, "targets.csv", targets_csv, s, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = write_table(dir, "variables.csv", variables_csv, s, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_outdir_commit(od, why, sizeof why);
  }
  if (st == SIM_OK && !o->quiet) {
    printf("sweep of %ld runs written to %s/sweep.csv\n", s->done, target);
  }
  if (st == SIM_OK && s->done < s->points) {
    fprintf(stderr,
            "plansim: interrupted; sweep.csv holds the first %ld of %ld points "
            "(run.json: partial)\n",
            s->done, s->points);
  }
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  if (st == SIM_OK && o->plot) {
    st = sim_plot(target, o->quiet); /* still under the folder's lock */
  }
  sim_outdir_end(od);
  return st;
}

/* Worker k's parameters (the scenario's) and engine (worker 0: cli_load's). */
static sim_status setup_worker(sweep *s, int k, sim_diags *d) {
  sweep_worker *w = &s->workers[k];
  const void *const *base = sim_scenario_params(s->sc);
  for (int m = 0; m < sim_nmodels; m++) {
    if (!(w->params[m] = malloc(sim_models[m]->params_size))) {
      return SIM_ERR_NOMEM;
    }
    memcpy(w->params[m], base[m], sim_models[m]->params_size);
  }
  if (k == 0) {
    w->e = s->e;
    return SIM_OK;
  }
  int start = sim_scenario_start(s->sc);
  return sim_engine_alloc(start, sim_scenario_end(s->sc), base, d, &w->e);
}

static sim_status setup(sweep *s, const char *const *varies, int nvaries) {
  s->points = 1;
  for (int a = 0; a < nvaries; a++) {
    if (!parse_axis(varies[a], &s->axes[s->naxes++])) {
      return SIM_ERR_USAGE;
    }
    if (!axis_inside(&s->axes[a], varies[a])) {
      return SIM_ERR_INVALID;
    }
    for (int b = 0; b < a; b++) {
      if (strcmp(s->axes[b].in.path, s->axes[a].in.path) == 0) {
        fprintf(stderr, "plansim: --vary %s: %s is already varied by --vary %s\n",
                varies[a], s->axes[a].in.path, varies[b]);
        return SIM_ERR_USAGE;
      }
    }
    s->points *= s->axes[a].count;
    if (s->points > SWEEP_MAX_POINTS) {
      fprintf(stderr, "plansim: the grid has more than %d points\n", SWEEP_MAX_POINTS);
      return SIM_ERR_USAGE;
    }
  }
  sim_diags *d = sim_diags_alloc();
  sim_status st = sim_targets_load(s->sc, s->e, d, &s->ts);
  /* one worker until sweep takes -j: the rows are the same with more */
  s->nworkers = 1;
  for (int k = 0; st == SIM_OK && k < s->nworkers; k++) {
    st = setup_worker(s, k, d);
  }
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  return st;
}

int cli_sweep(const cli_options *o, const char *const *varies, int nvaries) {
  sweep s;
  memset(&s, 0, sizeof s);
  sim_status st = cli_load(o, o->files[0], &s.sc, &s.e);
  if (st == SIM_OK) {
    st = setup(&s, varies, nvaries);
  }
  char buf[4096];
  const char *dir =
      st == SIM_OK ? cli_out_dir(o, sim_scenario_name(s.sc), "sweep", buf, sizeof buf)
                   : NULL;
  if (st == SIM_OK) {
    st = write_sweep(&s, dir, o);
  }
  for (int a = 0; a < s.naxes; a++) {
    free((char *)s.axes[a].in.path);
  }
  for (int k = 0; k < s.nworkers; k++) {
    for (int m = 0; m < sim_nmodels; m++) {
      free(s.workers[k].params[m]);
    }
    if (k > 0) {
      sim_engine_free(s.workers[k].e);
    }
  }
  free(s.ts);
  sim_engine_free(s.e);
  sim_scenario_free(s.sc);
  return st == SIM_OK && cli_interrupted ? cli_interrupt_status() : cli_exit_status(st);
}
