/* cmd_solve.c — `plansim solve FILE --target ID --lever LEVER [--lever
 * LEVER]` and `--all-binding`: the lever values where targets turn from
 * met to missed, written to solve.csv (frontier.csv with two levers),
 * scan.csv and run.json (docs/solve.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/solve.h"
#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
#include "core/registry.h"
#include "plot/plot.h"
#include "report/report.h"

#define SOLVE_POINTS 256 /* scan points along a lever */
#define FRONTIER_POINTS 41 /* grid of the first lever for a frontier */
#define MAX_INTERVALS 32

/* solve's options: the shared ones, then its own. */
typedef struct {
  cli_options o; /* first: cli_parse fills it */
  const char *target;
  const char *lever_text[SOLVE_MAX_LEVERS]; /* --lever, at most two */
  int nlevers;
  long long points, grid; /* --points, --grid */
  bool all_binding;
} solve_args;

static const cli_opt solve_opts[] = {
    CLI_OPT_OUT,
    CLI_OPT_SET,
    CLI_OPT_QUIET,
    CLI_OPT_PLOT,
    CLI_OPT_TEXT("--target", solve_args, target),
    CLI_OPT_LIST("--lever", solve_args, lever_text, nlevers),
    CLI_OPT_FLAG("--all-binding", solve_args, all_binding),
    CLI_OPT_WHOLE("--points", solve_args, points, 2, 100000),
    CLI_OPT_WHOLE("--grid", solve_args, grid, 2, 100000),
    CLI_OPT_END};

static int cmd_solve_main(int argc, char **argv);

const cli_command cli_cmd_solve = {
    "solve",
    "plansim solve FILE --target ID --lever LEVER [--lever LEVER] [--points N] [--grid N]\n"
    "plansim solve FILE --all-binding --lever LEVER   the lever values that meet targets\n"
    "  LEVER: PATH=LO:HI or PATH:APPLY=LO:HI, APPLY scale, shift or rate (a path from its\n"
    "  base-year value at LO..HI per year); two levers: the target's frontier",
    cmd_solve_main, solve_opts};

/* The checks cli_parse cannot make; 0 or an exit status. */
static int check_args(const solve_args *a) {
  if (a->o.nfiles != 1 || a->nlevers == 0 || (!a->target) == !a->all_binding) {
    return cli_usage_error("solve needs one FILE, --lever and one of --target or "
                           "--all-binding");
  }
  if (a->all_binding && a->nlevers != 1) {
    return cli_usage_error("solve --all-binding takes one --lever");
  }
  return 0;
}

/* Everything a solve holds. */
typedef struct {
  solve_args a;
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts;
  solve_lever levers[SOLVE_MAX_LEVERS];
  int nparsed;
  solve_eval *ev;
  int target;
  char dir[4096];
} solver;

static int target_index(const sim_targets *ts, const char *id) {
  for (int i = 0; i < ts->n; i++) {
    if (strcmp(ts->item[i].id, id) == 0) {
      return i;
    }
  }
  return -1;
}

static sim_status unknown_target(const sim_targets *ts, const char *id) {
  fprintf(stderr, "plansim: solve: --target %s: no such target; the scenario's are:", id);
  for (int i = 0; i < ts->n; i++) {
    fprintf(stderr, "%s %s", i ? "," : "", ts->item[i].id);
  }
  fputs(ts->n ? "\n" : " none\n", stderr);
  return SIM_ERR_USAGE;
}

static bool has_binding(const sim_targets *ts) {
  for (int i = 0; i < ts->n; i++) {
    if (ts->item[i].attribute == 0) {
      return true;
    }
  }
  return false;
}

/* Loads the scenario, its targets and levers, and the evaluator. */
static sim_status setup(solver *s) {
  sim_status st = cli_load(&s->a.o, s->a.o.files[0], &s->sc, &s->e);
  if (st != SIM_OK) {
    return st;
  }
  sim_diags *d = sim_diags_alloc();
  st = d ? sim_targets_load(s->sc, s->e, d, &s->ts) : SIM_ERR_NOMEM;
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  int years = sim_scenario_end(s->sc) - sim_scenario_start(s->sc) + 1;
  for (int j = 0; st == SIM_OK && j < s->a.nlevers; j++, s->nparsed++) {
    st = solve_lever_parse(s->a.lever_text[j], sim_scenario_params(s->sc), years,
                           &s->levers[j], stderr);
  }
  if (st == SIM_OK && s->a.target && (s->target = target_index(s->ts, s->a.target)) < 0) {
    st = unknown_target(s->ts, s->a.target);
  }
  if (st == SIM_OK && s->a.all_binding && !has_binding(s->ts)) {
    fprintf(stderr, "plansim: solve: --all-binding: %s has no binding target (attribute = "
                    "\"binding\")\n",
            s->a.o.files[0]);
    st = SIM_ERR_INVALID;
  }
  if (st == SIM_OK) {
    st = solve_eval_alloc(s->sc, s->ts, s->levers, s->a.nlevers, &s->ev);
  }
  return st;
}


/* The rows of one target along lever l: its boundaries, or one row saying
 * it is met or missed everywhere. */
static void solve_rows(FILE *out, const sim_target *t, const solve_lever *l,
                       const solve_result *r) {
  double th[2];
  int nth = solve_thresholds(t, th);
  for (int k = 0; k < (r->n ? r->n : 1); k++) {
    sim_put_csv_text(out, t->id);
    fputc(',', out);
    sim_put_csv_text(out, l->in.path);
    fprintf(out, ",%s,", sim_applies[l->in.apply]);
    sim_put_number(out, l->lo);
    fputc(',', out);
    sim_put_number(out, l->hi);
    if (r->n) {
      const solve_crossing *c = &r->item[k];
      fprintf(out, ",%d,", k + 1);
      sim_put_number(out, c->value);
      fputc(',', out);
      sim_put_number(out, c->metric);
      fputc(',', out);
      sim_put_number(out, c->threshold);
      fprintf(out, ",%s,boundary\n", c->met_side > 0 ? "above" : "below");
    } else {
      fputs(",,,,", out);
      sim_put_number(out, nth == 2 ? NAN : th[0]);
      fprintf(out, ",,%s\n", r->met_at_lo == 1 ? "met_everywhere" : "missed_everywhere");
    }
  }
}

/* Prints one target's answer. */
static void print_result(const sim_target *t, const solve_lever *l, const solve_result *r) {
  printf("%s (%s %s of %s, %s %g):\n", t->id, t->attribute ? "expected" : "binding",
         sim_target_kinds[t->kind], t->var, sim_target_ops[t->op], t->value);
  if (r->n == 0) {
    printf("  %s everywhere in %s %s [%.10g, %.10g]\n", r->met_at_lo == 1 ? "met" : "missed",
           l->in.path, sim_applies[l->in.apply], l->lo, l->hi);
  }
  for (int k = 0; k < r->n; k++) {
    const solve_crossing *c = &r->item[k];
    printf("  boundary %d: %s %s %.10g (metric %.10g, threshold %g); met %s\n", k + 1,
           l->in.path, sim_applies[l->in.apply], c->value, c->metric, c->threshold,
           c->met_side > 0 ? "above" : "below");
  }
  if (r->points_failed) {
    printf("  (%d scan points left out: the run broke a model bound or the metric is "
           "undefined)\n",
           r->points_failed);
  }
}

/* scan.csv: the target's metric along the lever (for the figure). */
static sim_status write_scan(solver *s, const int *targets, int ntargets, char *why,
                             size_t size) {
  int n = (int)s->a.points, nt = s->ts->n;
  const solve_lever *l = &s->levers[0];
  double *x = malloc((size_t)n * sizeof *x), *m = malloc((size_t)n * (size_t)nt * sizeof *m);
  sim_outfile *f = x && m ? sim_outfile_open(s->dir, "scan.csv", why, size) : NULL;
  if (f) {
    FILE *out = sim_outfile_stream(f);
    for (int k = 0; k < n; k++) {
      x[k] = k == n - 1 ? l->hi : l->lo + (l->hi - l->lo) * k / (n - 1);
    }
    solve_eval_points(s->ev, x, n, m);
    fputs("target,value,metric,met\n", out);
    for (int i = 0; i < ntargets; i++) {
      const sim_target *t = &s->ts->item[targets[i]];
      for (int k = 0; k < n; k++) {
        double metric = m[(size_t)k * (size_t)nt + (size_t)targets[i]];
        sim_put_csv_text(out, t->id);
        fputc(',', out);
        sim_put_number(out, x[k]);
        fputc(',', out);
        sim_put_number(out, metric);
        fprintf(out, ",%s\n", isnan(metric) ? "" : sim_target_met(t, metric) ? "1" : "0");
      }
    }
  }
  free(x);
  free(m);
  return f ? sim_outfile_commit(f, why, size) : SIM_ERR_IO;
}

/* One lever: each target asked about (the one, or every binding one). */
static sim_status one_lever(solver *s, FILE *out, int *targets, int *ntargets) {
  *ntargets = 0;
  for (int i = 0; i < s->ts->n; i++) {
    if (s->a.all_binding ? s->ts->item[i].attribute == 0 : i == s->target) {
      targets[(*ntargets)++] = i;
    }
  }
  for (int k = 0; k < *ntargets; k++) {
    solve_result r;
    sim_status st = solve_target(s->ev, targets[k], 0, NULL, (int)s->a.points, &r);
    if (st != SIM_OK) {
      return st;
    }
    solve_rows(out, &s->ts->item[targets[k]], &s->levers[0], &r);
    if (!s->a.o.quiet) {
      print_result(&s->ts->item[targets[k]], &s->levers[0], &r);
    }
  }
  return SIM_OK;
}

/* The plan's own position on lever l: the setting's first projected
 * value for set (its only one for a number), 1 for scale, 0 for shift,
 * the path's average rate for rate. */
static double plan_value(const solver *s, const solve_lever *l) {
  const double *v = (const double *)((const char *)sim_scenario_params(s->sc)[l->in.model] +
                                     l->in.offset);
  int years = sim_scenario_end(s->sc) - sim_scenario_start(s->sc) + 1;
  return l->in.apply == SIM_APPLY_SCALE   ? 1
         : l->in.apply == SIM_APPLY_SHIFT ? 0
         : l->in.apply == SIM_APPLY_RATE  ? pow(v[years - 1] / v[0], 1.0 / (years - 1)) - 1
         : l->in.is_path && years > 1     ? v[1]
                                          : v[0];
}

/* --all-binding: the intervals where every binding target is met. */
static sim_status print_intervals(solver *s, char *json, size_t size) {
  double ends[2 * MAX_INTERVALS];
  int limit[2 * MAX_INTERVALS];
  const solve_lever *l = &s->levers[0];
  int n = solve_all_binding(s->ev, (int)s->a.points, ends, limit, MAX_INTERVALS);
  if (n < 0) {
    return SIM_ERR_NOMEM;
  }
  double plan = plan_value(s, l);
  size_t used = (size_t)snprintf(json, size, "  \"intervals\": [");
  if (!s->a.o.quiet) {
    printf("every binding target met along %s %s [%.10g, %.10g] (plan: %.10g):%s\n",
           l->in.path, sim_applies[l->in.apply], l->lo, l->hi, plan, n ? "" : " nowhere");
  }
  for (int k = 0; k < n; k++) {
    double a = ends[2 * k], b = ends[2 * k + 1];
    double least = plan >= a && plan <= b ? plan : fabs(plan - a) <= fabs(plan - b) ? a : b;
    if (!s->a.o.quiet) {
      printf("  [%.10g, %.10g]  ends: %s / %s; least effort: %.10g%s\n", a, b,
             limit[2 * k] >= 0 ? s->ts->item[limit[2 * k]].id : "range",
             limit[2 * k + 1] >= 0 ? s->ts->item[limit[2 * k + 1]].id : "range", least,
             least == plan ? " (the plan's value)" : "");
    }
    if (used < size) {
      used += (size_t)snprintf(json + used, size - used, "%s[%.17g, %.17g, %.17g]",
                               k ? ", " : "", a, b, least);
    }
  }
  if (used < size) {
    snprintf(json + used, size - used, "],\n");
  }
  return SIM_OK;
}

/* Two levers: for a grid of the first, the boundary values of the second. */
static sim_status frontier(solver *s, FILE *out) {
  const solve_lever *l1 = &s->levers[0], *l2 = &s->levers[1];
  fputs("lever1,value1,lever2,value2,status\n", out);
  for (int g = 0; g < (int)s->a.grid; g++) {
    double fixed[2] = {g == (int)s->a.grid - 1 ? l1->hi
                                          : l1->lo + (l1->hi - l1->lo) * g / ((int)s->a.grid - 1),
                       0};
    solve_result r;
    sim_status st = solve_target(s->ev, s->target, 1, fixed, (int)s->a.points, &r);
    if (st != SIM_OK) {
      return st;
    }
    for (int k = 0; k < (r.n ? r.n : 1); k++) {
      sim_put_csv_text(out, l1->in.path);
      fputc(',', out);
      sim_put_number(out, fixed[0]);
      fputc(',', out);
      sim_put_csv_text(out, l2->in.path);
      fputc(',', out);
      sim_put_number(out, r.n ? r.item[k].value : NAN);
      fprintf(out, ",%s\n", !r.n                        ? (r.met_at_lo == 1 ? "met_everywhere"
                                                                           : "missed_everywhere")
                            : r.item[k].met_side > 0 ? "boundary_met_above"
                                                     : "boundary_met_below");
    }
  }
  return SIM_OK;
}

/* Writes one of solve.csv / frontier.csv with fn. */
static sim_status write_table(solver *s, const char *name, int *targets, int *ntargets,
                              char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(s->dir, name, why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(f);
  sim_status st;
  if (s->a.nlevers == 2) {
    targets[0] = s->target;
    *ntargets = 1;
    st = frontier(s, out);
  } else {
    fputs("target,lever,apply,lo,hi,crossing,value,metric,threshold,met_side,status\n", out);
    st = one_lever(s, out, targets, ntargets);
  }
  if (st != SIM_OK) {
    sim_outfile_abort(f);
    return st;
  }
  return sim_outfile_commit(f, why, size);
}

static sim_status write_solve(solver *s) {
  char why[512], json[4096] = "", extra[8192];
  int targets[SIM_MAX_LIST], ntargets = 0;
  char target[sizeof s->dir];
  sim_outdir *od = NULL; /* the files as one set (outfile.h): s->dir is the staging folder */
  snprintf(target, sizeof target, "%s", s->dir);
  sim_status st = sim_outdir_begin(target, &od, why, sizeof why);
  if (st == SIM_OK) {
    snprintf(s->dir, sizeof s->dir, "%s", sim_outdir_path(od));
    st = write_table(s, s->a.nlevers == 2 ? "frontier.csv" : "solve.csv", targets, &ntargets,
                     why, sizeof why);
  }
  if (st == SIM_OK && s->a.all_binding) {
    st = print_intervals(s, json, sizeof json);
  }
  if (st == SIM_OK && s->a.nlevers == 1) {
    st = write_scan(s, targets, ntargets, why, sizeof why);
  }
  if (st == SIM_OK) {
    snprintf(extra, sizeof extra,
             "  \"target\": \"%s\",\n  \"levers\": [\"%s\"%s%s%s],\n  \"points\": %d,\n"
             "%s  \"runs\": %ld,\n",
             s->a.all_binding ? "(all binding)" : s->a.target, s->a.lever_text[0],
             s->a.nlevers == 2 ? ", \"" : "", s->a.nlevers == 2 ? s->a.lever_text[1] : "",
             s->a.nlevers == 2 ? "\"" : "", (int)s->a.points, json, solve_eval_runs(s->ev));
    sim_run_info info = {"solve", cli_now() - s->a.o.started, -1, extra};
    st = sim_write_run_json(s->dir, s->sc, info, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_outdir_commit(od, why, sizeof why);
  }
  sim_outdir_end(od);
  snprintf(s->dir, sizeof s->dir, "%s", target);
  if (st == SIM_ERR_IO) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  return st;
}

static int cmd_solve_main(int argc, char **argv) {
  solver s;
  memset(&s, 0, sizeof s);
  s.a.points = SOLVE_POINTS;
  s.a.grid = FRONTIER_POINTS;
  int status;
  if (!cli_parse(&cli_cmd_solve, argc, argv, &s.a, &status)) {
    return status;
  }
  if ((status = check_args(&s.a)) != 0) {
    return status;
  }
  sim_status st = setup(&s);
  if (st == SIM_OK) {
    char buf[4096];
    snprintf(s.dir, sizeof s.dir, "%s",
             cli_out_dir(&s.a.o, sim_scenario_name(s.sc), "solve", buf, sizeof buf));
    st = write_solve(&s);
  }
  if (st == SIM_OK && !s.a.o.quiet) {
    printf("written to %s/ (%s, run.json; %ld runs)\n", s.dir,
           s.a.nlevers == 2 ? "frontier.csv" : "solve.csv, scan.csv", solve_eval_runs(s.ev));
  }
  if (st == SIM_OK && s.a.o.plot) {
    st = sim_plot(s.dir, s.a.o.quiet);
  }
  for (int j = 0; j < s.nparsed; j++) {
    solve_lever_clear(&s.levers[j]);
  }
  solve_eval_free(s.ev);
  free(s.ts);
  sim_engine_free(s.e);
  sim_scenario_free(s.sc);
  return cli_exit_status(st);
}
