/* compare.c — `plansim compare FILE FILE...`: runs each scenario and holds
 * their targets side by side in compare.csv and compare.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/outfile.h"
#include "report/readable.h"
#include "report/xlsx.h"
#include "report/report.h"
#include "plot/plot.h"
#include "report/scorecard.h"

/* One scenario's outcome. */
typedef struct {
  const char *name;
  sim_scenario *sc;
  sim_targets *ts;
  sim_target_result r[SIM_MAX_LIST];
  sim_engine *e; /* the finished run, written once every scenario has run */
} outcome;

/* Writes dir/<scenario>/trajectories.csv, which the compare figures read. */
static sim_status write_scenario(const char *dir, const char *name, const sim_engine *e) {
  char sub[4400], why[512];
  snprintf(sub, sizeof sub, "%s/%s", dir, name);
  sim_status st = sim_mkdirs(sub, why, sizeof why);
  if (st == SIM_OK) {
    st = sim_write_trajectories(sub, e, why, sizeof why);
  }
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  return st;
}

/* 1 + the index of the scenario before k with k's name, or 0. */
static int named_before(const outcome *s, int k) {
  for (int j = 0; j < k; j++) {
    if (strcmp(s[j].name, s[k].name) == 0) {
      return j + 1;
    }
  }
  return 0;
}

/* Runs scenario k of o->files into s[k]; a name an earlier scenario has
 * is refused.  Nothing is written until every scenario has run. */
static sim_status run_one(const cli_options *o, int k, outcome *s) {
  sim_engine *e;
  outcome *out = &s[k];
  sim_status st = cli_load(o, o->files[k], &out->sc, &e);
  if (st != SIM_OK) {
    return st;
  }
  out->name = sim_scenario_name(out->sc);
  int same = named_before(s, k);
  if (same) {
    fprintf(stderr,
            "plansim: compare: %s and %s are both named \"%s\": the columns and folders "
            "are named after scenarios, so give each its own name (name = \"...\";)\n",
            o->files[same - 1], o->files[k], out->name);
    sim_engine_free(e);
    return SIM_ERR_USAGE;
  }
  st = sim_engine_run(e, sim_scenario_params(out->sc));
  if (st == SIM_ERR_BOUND) {
    cli_print_violation(out->name, sim_engine_violation(e));
  } else {
    st = cli_score(out->sc, e, &out->ts, out->r);
  }
  out->e = e;
  return st;
}

/* Index of target `id` in a scenario's targets, or -1. */
static int find_target(const sim_targets *ts, const char *id) {
  for (int i = 0; i < ts->n; i++) {
    if (strcmp(ts->item[i].id, id) == 0) {
      return i;
    }
  }
  return -1;
}

/* compare.csv: targets.csv's rows of every scenario, after its name. */
static void compare_csv(FILE *out, const outcome *s, int n) {
  fprintf(out, "scenario,%s\n", sim_target_row_columns);
  for (int k = 0; k < n; k++) {
    for (int i = 0; i < s[k].ts->n; i++) {
      sim_put_csv_text(out, s[k].name);
      fputc(',', out);
      sim_put_target_row(out, &s[k].ts->item[i], &s[k].r[i]);
      fputc('\n', out);
    }
  }
}

/* The table: targets (in order of first appearance) as rows, scenarios as
 * columns; `md` selects Markdown or plain text. */
static void compare_table(FILE *out, const outcome *s, int n, bool md) {
  char plan[128];
  fprintf(out, md ? "| target | attribute | basis | plan |" : "%-28s %-9s %-6s %-22s",
          "target", "attribute", "basis", "plan");
  for (int k = 0; k < n; k++) {
    fprintf(out, md ? " %s |" : " %-22.22s", s[k].name);
  }
  fputs(md ? "\n|---|---|---|---|" : "\n", out);
  for (int k = 0; md && k < n; k++) {
    fputs("---|", out);
  }
  fputs(md ? "\n" : "", out);
  for (int k = 0; k < n; k++) {
    for (int i = 0; i < s[k].ts->n; i++) {
      const sim_target *t = &s[k].ts->item[i];
      bool seen = false;
      for (int j = 0; j < k && !seen; j++) {
        seen = find_target(s[j].ts, t->id) >= 0;
      }
      if (seen) {
        continue;
      }
      sim_target_plan_text(t, plan, sizeof plan);
      if (md) {
        fprintf(out, "| %s %s | %s | %s | %s |", t->id, t->label_zh,
                sim_target_attributes[t->attribute], sim_basis_names[t->basis], plan);
      } else {
        fprintf(out, "%-28.28s %-9s %-6s %-22.22s", t->id, sim_target_attributes[t->attribute],
                sim_basis_names[t->basis], plan);
      }
      for (int j = 0; j < n; j++) {
        int at = find_target(s[j].ts, t->id);
        char cell[96] = "—", num[48];
        if (at >= 0) {
          snprintf(cell, sizeof cell, "%s %s",
                   sim_readable(s[j].r[at].result, false, num, sizeof num),
                   s[j].r[at].met ? (md ? "✅" : "met") : (md ? "❌" : "MISSED"));
        }
        fprintf(out, md ? " %s |" : " %-22s", cell);
      }
      fputc('\n', out);
    }
  }
}

static void compare_md(FILE *out, const outcome *s, int n) {
  fputs("# Scenario comparison 情景比较\n\n", out);
  compare_table(out, s, n, true);
}

static sim_status write_compare(const char *dir, const outcome *s, int n) {
  char why[512];
  sim_status st = SIM_OK;
  void (*writers[])(FILE *, const outcome *, int) = {compare_csv, compare_md};
  const char *names[] = {"compare.csv", "compare.md"};
  for (int w = 0; w < 2 && st == SIM_OK; w++) {
    sim_outfile *f = sim_outfile_open(dir, names[w], why, sizeof why);
    if (!f) {
      st = SIM_ERR_IO;
      break;
    }
    writers[w](sim_outfile_stream(f), s, n);
    st = sim_outfile_commit(f, why, sizeof why);
  }
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  return st;
}

/* Writes every scenario's trajectories and the comparison into folder
 * `target` as one set, then the figures when `plot`. */
static sim_status write_all(const char *target, const outcome *s, int n, bool plot) {
  char why[512];
  sim_outdir *od;
  sim_status st = sim_outdir_begin(target, &od, why, sizeof why);
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
    return st;
  }
  for (int k = 0; k < n && st == SIM_OK; k++) {
    st = write_scenario(sim_outdir_path(od), s[k].name, s[k].e);
  }
  if (st == SIM_OK) {
    st = write_compare(sim_outdir_path(od), s, n);
  }
  if (st == SIM_OK) { /* headed by nothing: the sheet says what it holds */
    st = sim_write_xlsx(sim_outdir_path(od), "", why, sizeof why);
    if (st != SIM_OK) {
      fprintf(stderr, "plansim: cannot write %s\n", why);
    }
  }
  if (st == SIM_OK && (st = sim_outdir_commit(od, why, sizeof why)) != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  if (st == SIM_OK && plot) {
    st = sim_plot(target, true); /* still under the folder's lock */
  }
  sim_outdir_end(od);
  return st;
}

int cli_compare(const cli_options *o, bool strict) {
  outcome *s = calloc((size_t)o->nfiles, sizeof *s);
  sim_status st = s ? SIM_OK : SIM_ERR_NOMEM;
  int done = 0;
  char buf[4096];
  const char *dir = cli_out_dir(o, "compare", NULL, buf, sizeof buf);
  for (; done < o->nfiles && st == SIM_OK; done++) {
    st = run_one(o, done, s);
  }
  if (st == SIM_OK) {
    st = write_all(dir, s, o->nfiles, o->plot);
  }
  if (st == SIM_OK && !o->quiet) {
    compare_table(stdout, s, o->nfiles, false);
  }
  int status = cli_exit_status(st);
  for (int k = 0; st == SIM_OK && strict && k < done; k++) {
    status = cli_binding_missed(s[k].ts, s[k].r) ? EXIT_MISSED : status;
  }
  for (int k = 0; s && k < done; k++) {
    free(s[k].ts);
    sim_engine_free(s[k].e);
    sim_scenario_free(s[k].sc);
  }
  free(s);
  return status;
}
