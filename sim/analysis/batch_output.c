/* batch_output.c — the files of a batch: samples.csv (streamed in run
 * order), summary.csv, targets.csv with p_met, variables.csv (the outputs'
 * units and labels, as a run's) and run.json. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/batch_internal.h"
#include "report/report.h"
#include "run/ranks.h"
#include "report/scorecard.h"

sim_status batch_open_samples(batch *b, sim_outfile **f, char *why, size_t size) {
  sim_status st = sim_mkdirs(b->opts->dir, why, size);
  if (st == SIM_OK && b->opts->no_samples) { /* an earlier batch's rows would mislead */
    char old[4096];
    snprintf(old, sizeof old, "%s/samples.csv", b->opts->dir);
    unlink(old);
  }
  if (st != SIM_OK || b->opts->no_samples) {
    return st;
  }
  *f = sim_outfile_open(b->opts->dir, "samples.csv", why, size);
  return *f ? SIM_OK : SIM_ERR_IO;
}

/* Exact percentiles of the series first, first + step, ... from the
 * stored runs. */
typedef struct {
  const batch *b;
  const double *q;
  int nq, first, step;
  double *pct;
  bool ok;
} percentile_job;

/* Series s's percentiles from its ok pilot runs, gathered in col. */
static void percentiles_of(const batch *b, int s, const percentile_job *j, double *col) {
  const double *v = pilot_values(b, s);
  double *p = j->pct + (size_t)s * (size_t)j->nq;
  int n = 0;
  for (long run = 0; run < b->pilot; run++) {
    col[n] = v[run];
    n += b->acc.pilot_ok[run]; /* a run that broke a bound is not in the statistics */
  }
  if (b->tot.total.min[s] == b->tot.total.max[s]) { /* one value: every percentile is it */
    for (int k = 0; k < j->nq; k++) {
      p[k] = n > 0 ? b->tot.total.min[s] : NAN;
    }
    return;
  }
  percentiles_unsorted(col, n, j->q, j->nq, p);
}

static void *exact_job(void *arg) {
  percentile_job *j = arg;
  double *col = malloc((size_t)j->b->pilot * sizeof(double));
  j->ok = col != NULL;
  for (int s = j->first; col && s < j->b->series; s += j->step) {
    percentiles_of(j->b, s, j, col);
  }
  free(col);
  return NULL;
}

/* Exact percentiles, the series shared among the batch's threads; false
 * when out of memory. */
static bool exact_percentiles(const batch *b, const double *q, int nq, double *pct) {
  percentile_job jobs[BATCH_MAX_THREADS];
  int n = b->nworkers;
  for (int k = 0; k < n; k++) {
    jobs[k] = (percentile_job){b, q, nq, k, n, pct, false};
  }
  sim_runner_on_threads(n, exact_job, jobs, sizeof jobs[0]);
  bool ok = true;
  for (int k = 0; k < n; k++) {
    ok &= jobs[k].ok;
  }
  return ok;
}

/* Percentiles of every series: exact in a small batch (b->exact), else
 * from the merged histograms; false when out of memory. */
static bool all_percentiles(const batch *b, const double *q, int nq, double *pct) {
  if (b->exact) {
    return exact_percentiles(b, q, nq, pct);
  }
  for (int s = 0; s < b->series; s++) {
    percentiles_histogram(series_histogram(b, s), BATCH_BINS, b->acc.lo[s],
                          1 / b->acc.inv_width[s], b->tot.total.min[s], b->tot.total.max[s],
                          (uint64_t)b->tot.ok, q, nq, pct + s * nq);
  }
  return true;
}

/* Adds every worker's histogram into worker 0's (integer sums: the order
 * does not matter). */
static void summary(FILE *out, const batch *b) {
  fputs("year,var,mean,sd,min,p05,p25,p50,p75,p95,max,runs\n", out);
  for (int t = 0; t < b->years; t++) {
    for (int i = 0; i < b->outputs; i++) {
      int s = t * b->outputs + i;
      moments w = moment_set_get(&b->tot.total, s);
      double mean, sd;
      moments_result(&w, (double)b->tot.ok, b->acc.shift[s], &mean, &sd);
      const double *p = b->pct + (size_t)s * 5;
      fprintf(out, "%d,", b->start + t);
      sim_put_csv_text(out, sim_engine_output(b->layout, i)->name);
      const double cells[] = {mean, sd, w.min, p[0], p[1], p[2], p[3], p[4], w.max};
      for (int k = 0; k < 9; k++) {
        fputc(',', out);
        sim_put_number(out, b->tot.ok > 0 ? cells[k] : NAN);
      }
      fprintf(out, ",%ld\n", b->tot.ok);
    }
  }
}

/* True when target i's p_met is no finding: its output is a path given in
 * the scenario that no sampled input touches, the same in every run. */
static bool untouched_path(const batch *b, int i) {
  const sim_target *t = &b->ts->item[i];
  return t->basis == SIM_BASIS_PATH &&
         !sim_uncertainty_touches(b->u, sim_engine_output(b->layout, t->var_index)->model);
}

static void targets(FILE *out, const batch *b) {
  fprintf(out, "%s,result,gap,status,label,label_zh,source,p_met,p_met_note\n",
          sim_target_columns);
  for (int i = 0; i < b->ts->n; i++) {
    const sim_target *t = &b->ts->item[i];
    sim_put_target_head(out, t);
    fputs(",,,,", out);
    const char *labels[] = {t->label, t->label_zh, t->source};
    for (int k = 0; k < 3; k++) {
      sim_put_csv_text(out, labels[k]);
      fputc(',', out);
    }
    sim_put_number(out, b->tot.ok ? (double)b->tot.met[i] / (double)b->tot.ok : NAN);
    fputs(untouched_path(b, i) ? ",untouched path\n" : ",\n", out);
  }
  fputs("all_binding,binding,,,,,,,,,,,,,every binding target at "
        "once,所有约束性指标同时达成,,",
        out);
  sim_put_number(out, b->tot.ok ? (double)b->tot.all_binding / (double)b->tot.ok : NAN);
  fputs(",\n", out);
}

typedef void (*batch_writer)(FILE *out, const batch *b);

static sim_status write_batch_file(const batch *b, const char *name, batch_writer fn,
                                   char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(b->opts->dir, name, why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  fn(sim_outfile_stream(f), b);
  return sim_outfile_commit(f, why, size);
}

/* run.json members of a batch beyond those of a run. */
static void batch_json(FILE *out, const batch *b, long done) {
  char how[128] = "exact";
  if (!b->exact) {
    snprintf(how, sizeof how,
             "histogram of %d bins over the range of the first %ld runs widened by half",
             BATCH_BINS, done < b->pilot ? done : b->pilot);
  }
  fprintf(out,
          "  \"method\": \"%s\",\n  \"runs_requested\": %d,\n  \"runs_done\": %ld,\n"
          "  \"runs_ok\": %ld,\n  \"runs_failed\": %ld,\n  \"threads\": %d,\n  \"partial\": "
          "%s,\n"
          "  \"percentiles\": \"%s\",\n  \"failures\": [",
          sim_methods[b->opts->method], b->opts->runs, done, b->tot.ok, b->tot.failed,
          b->nworkers, done < b->opts->runs ? "true" : "false", how);
  for (int i = 0; i < b->tot.nfailures; i++) {
    fputs(i ? ", " : "", out);
    sim_put_json_text(out, b->tot.failures[i]);
  }
  fprintf(out, "],\n%s", b->opts->no_samples ? "  \"samples\": \"none\",\n" : "");
  samples_json(b, out);
  if (sim_ranks_job()) { /* under mpirun: threads is per rank */
    fprintf(out,
            "  \"ranks\": %d,\n  \"ranks_wait_seconds\": %.6f,\n"
            "  \"ranks_merge_seconds\": %.6f,\n",
            b->ranks.count, b->ranks.wait, b->ranks.merge);
  }
}

/* The terminal summary: runs, time, and the share of runs meeting each
 * target, binding (约束性) first, then every binding target together. */
static void print_summary(const batch *b, double seconds) {
  long done = b->tot.ok + b->tot.failed;
  char plan[128];
  printf("%ld runs in %.2f s (%.0f runs/s); %ld failed%s\n", done, seconds,
         done / fmax(seconds, 1e-9), b->tot.failed,
         b->tot.failed ? " (a model bound broken, or an input outside its setting's range: "
                     "run.json has the first reasons)"
                   : "");
  if (b->tot.failed) {
    printf("  P(met) below is the share of the %ld runs that did not fail\n", b->tot.ok);
  }
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < b->ts->n; i++) {
      const sim_target *t = &b->ts->item[i];
      if (t->attribute == pass) {
        printf("  %-8s P(met) %5.3f  %-6s %-28.28s plan %-24s %s%s\n",
               pass ? "expected" : "binding", b->tot.ok ? (double)b->tot.met[i] / b->tot.ok : NAN,
               sim_basis_names[t->basis], t->id, sim_target_plan_text(t, plan, sizeof plan),
               t->label_zh, untouched_path(b, i) ? " (a path no input touches: no finding)" : "");
      }
    }
  }
  printf("  every binding target at once: P(met) %5.3f\n",
         b->tot.ok ? (double)b->tot.all_binding / b->tot.ok : NAN);
}

sim_status batch_finish(batch *b, sim_outfile *samples, char *why, size_t size) {
  static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
  b->pct = malloc((size_t)b->series * 5 * sizeof(double));
  if (!b->pct || !all_percentiles(b, q, 5, b->pct)) { /* before any file is kept */
    sim_outfile_abort(samples);
    snprintf(why, size, "the batch's files: out of memory");
    return SIM_ERR_NOMEM;
  }
  sim_status st = samples ? sim_outfile_commit(samples, why, size) : SIM_OK;
  if (st == SIM_OK) {
    st = write_batch_file(b, "summary.csv", summary, why, size);
  }
  if (st == SIM_OK) {
    st = write_batch_file(b, "targets.csv", targets, why, size);
  }
  if (st == SIM_OK) { /* the units and labels of summary.csv's outputs */
    st = sim_write_variables(b->opts->dir, b->layout, why, size);
  }
  char *extra = NULL;
  size_t len = 0;
  FILE *json = open_memstream(&extra, &len);
  if (json) {
    batch_json(json, b, b->tot.ok + b->tot.failed);
  }
  if (!json || fclose(json) != 0) {
    snprintf(why, size, "run.json: out of memory");
    st = st == SIM_OK ? SIM_ERR_NOMEM : st;
  }
  sim_run_info info = {"batch", batch_clock() - b->started_wall, b->opts->seed, extra};
  if (st == SIM_OK) {
    st = sim_write_run_json(b->opts->dir, b->sc, info, why, size);
  }
  free(extra);
  if (st == SIM_OK && b->opts->summary) {
    print_summary(b, info.wall_seconds);
  }
  return st;
}
