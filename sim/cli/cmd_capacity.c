/* cmd_capacity.c — `plansim capacity FILE [--set ...] [-o DIR] [--plot]`:
 * per year, how much population, irrigated land, industrial and services
 * output and data-centre capacity the water red line allows, everything
 * else as projected (capacity.csv, run.json; docs/capacity.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/capacity.h"
#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
#include "report/readable.h"
#include "plot/plot.h"
#include "report/report.h"

static const cli_opt capacity_opts[] = {CLI_OPT_OUT, CLI_OPT_SET, CLI_OPT_QUIET, CLI_OPT_PLOT,
                                        CLI_OPT_END};

static int cmd_capacity_main(int argc, char **argv);

const cli_command cli_cmd_capacity = {
    "capacity",
    "plansim capacity FILE         what the water red line allows, year by year (四水四定)",
    cmd_capacity_main, capacity_opts};

static void put_row(FILE *out, const capacity_row *r) {
  double headroom = r->allowed - r->projected;
  fprintf(out, "%d,%s,%s,", r->year, r->driver, r->unit);
  sim_put_number(out, r->projected);
  fputc(',', out);
  sim_put_number(out, r->allowed);
  fputc(',', out);
  sim_put_number(out, headroom);
  fputc(',', out);
  sim_put_number(out, r->projected != 0 ? headroom / r->projected * 100 : NAN);
  fputc('\n', out);
}

static sim_status write_capacity(const char *target, const sim_scenario *sc,
                                 const capacity_row *rows, int n, const cli_options *o) {
  char why[512];
  sim_outdir *od = NULL; /* the files as one set (outfile.h) */
  sim_status st = sim_outdir_begin(target, &od, why, sizeof why);
  const char *dir = st == SIM_OK ? sim_outdir_path(od) : target;
  sim_outfile *f = st == SIM_OK ? sim_outfile_open(dir, "capacity.csv", why, sizeof why) : NULL;
  if (f) {
    FILE *out = sim_outfile_stream(f);
    fputs("year,driver,unit,projected,allowed,headroom,headroom_pct\n", out);
    for (int k = 0; k < n; k++) {
      put_row(out, &rows[k]);
    }
    st = sim_outfile_commit(f, why, sizeof why);
  } else {
    st = SIM_ERR_IO;
  }
  if (st == SIM_OK) {
    sim_run_info info = {"capacity", cli_now() - o->started, -1, NULL};
    st = sim_write_run_json(dir, sc, info, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_outdir_commit(od, why, sizeof why);
  }
  sim_outdir_end(od);
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  return st;
}

/* The last year's rows as a table. */
static void print_capacity(const capacity_row *rows, int n, const char *dir) {
  int last = rows[n - 1].year;
  printf("what the water red line allows in %d (every other sector as projected):\n", last);
  printf("  %-18s %-7s %14s %14s %14s %9s\n", "driver", "unit", "projected", "allowed",
         "headroom", "%");
  for (int k = 0; k < n; k++) {
    const capacity_row *r = &rows[k];
    if (r->year == last) {
      double h = r->allowed - r->projected;
      char p[32], a[32], d[32];
      printf("  %-18s %-7s %14s %14s %14s %+8.1f%%\n", r->driver, r->unit,
             sim_readable(r->projected, false, p, sizeof p),
             sim_readable(r->allowed, false, a, sizeof a), sim_readable(h, true, d, sizeof d),
             h / r->projected * 100);
    }
  }
  printf("every year in %s/capacity.csv\n", dir);
}

static int cmd_capacity_main(int argc, char **argv) {
  cli_options o = {.nfiles = 0};
  int status;
  if (!cli_parse(&cli_cmd_capacity, argc, argv, &o, &status)) {
    return status;
  }
  if (o.nfiles != 1) {
    fprintf(stderr, "plansim: capacity takes one scenario file\n");
    return EXIT_USAGE;
  }
  sim_scenario *sc;
  sim_engine *e;
  sim_status st = cli_load(&o, o.files[0], &sc, &e);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  st = sim_engine_run(e, sim_scenario_params(sc));
  if (st == SIM_ERR_BOUND) {
    cli_print_violation(sim_scenario_name(sc), sim_engine_violation(e));
  }
  capacity_row *rows = NULL;
  int n = st == SIM_OK ? sim_capacity(sc, e, &rows) : 0;
  char buf[4096];
  const char *dir = cli_out_dir(&o, sim_scenario_name(sc), "capacity", buf, sizeof buf);
  if (st == SIM_OK) {
    st = n >= 0 ? write_capacity(dir, sc, rows, n, &o) : SIM_ERR_NOMEM;
  }
  if (st == SIM_OK && !o.quiet && n > 0) {
    print_capacity(rows, n, dir);
  }
  if (st == SIM_OK && o.plot) {
    st = sim_plot(dir, o.quiet);
  }
  free(rows);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return cli_exit_status(st);
}
