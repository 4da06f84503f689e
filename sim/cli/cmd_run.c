/* cmd_run.c — `plansim run [FILE]` (and plansim with no command): one
 * deterministic run of a scenario, its files written to the output folder
 * and its last year and targets printed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
#include "plot/plot.h"
#include "report/report.h"
#include "report/scorecard.h"

/* run's options: the shared ones, then its own. */
typedef struct {
  cli_options common; /* first: cli_parse fills it */
  bool strict;        /* --strict: exit 5 when a binding target is missed */
} run_options;

static const cli_opt run_opts[] = {CLI_OPT_OUT,  CLI_OPT_SET,
                                   CLI_OPT_QUIET, CLI_OPT_PLOT,
                                   CLI_OPT_FLAG("--strict", run_options, strict), CLI_OPT_END};

static int cmd_run_main(int argc, char **argv);

const cli_command cli_cmd_run = {
    "run", "plansim run [FILE] [options]  one deterministic run", cmd_run_main, run_opts};

static sim_status write_run(const char *dir, const sim_scenario *sc, const sim_engine *e,
                            const sim_targets *ts, const sim_target_result *r,
                            const cli_options *o) {
  char why[512];
  sim_run_info info = {"run", cli_now() - o->started, -1, NULL};
  sim_outdir *od;
  sim_status st = sim_outdir_begin(dir, &od, why, sizeof why);
  const char *target = dir;
  dir = st == SIM_OK ? sim_outdir_path(od) : dir; /* written as one set, swapped in */
  if (st == SIM_OK) {
    st = sim_write_trajectories(dir, e, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_variables(dir, e, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_inputs(dir, sc, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_scorecard(dir, sc, e, ts, r, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_run_json(dir, sc, info, why, sizeof why);
  }
  if (st == SIM_OK) { /* read back from the CSV files just written */
    st = cli_write_xlsx(dir, sim_scenario_title_zh(sc), sim_scenario_title(sc), why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_outdir_commit(od, why, sizeof why);
  }
  if (st == SIM_OK && o->plot) {
    st = sim_plot(target, true); /* still under the folder's lock */
  } else if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  sim_outdir_end(od);
  return st;
}

/* The last year of a run in a few lines. */
static void print_summary(const sim_scenario *sc, const sim_engine *e, const char *dir) {
  int start = sim_engine_start(e), end = sim_engine_end(e);
  double gdp0 = sim_engine_value(e, "economy.gdp", start);
  double gdp = sim_engine_value(e, "economy.gdp", end);
  int binding = 0;
  for (int y = start + 1; y <= end; y++) {
    binding += sim_engine_value(e, "water.binding", y) > 0;
  }
  printf("%s — %s %s, %d-%d\n", sim_scenario_name(sc), sim_scenario_title(sc),
         sim_scenario_title_zh(sc), start, end);
  printf("  GDP %d                %12.2f 亿元  (%.2f %%/yr since %d)\n", end, gdp,
         (pow(gdp / gdp0, 1.0 / (end - start)) - 1) * 100, start);
  printf("  population             %12.2f 万人\n",
         sim_engine_value(e, "economy.population", end));
  int capacity = sim_layout_find(sim_engine_layout(e), "compute.capacity");
  printf("  compute capacity       %12.0f %s\n", sim_engine_value(e, "compute.capacity", end),
         sim_engine_output(e, capacity)->unit);
  /* what the red line counts: conventional water, and reclaimed water when
   * water.reclaimed_in_cap (MODEL.md section 5) */
  const config_setting_t *in_cap = sim_scenario_setting(sc, "water.reclaimed_in_cap");
  bool reclaimed = in_cap && config_setting_get_bool(in_cap);
  double counted = sim_engine_value(e, "water.use_conventional", end) +
                   (reclaimed ? sim_engine_value(e, "water.use_reclaimed", end) : 0);
  printf("  water on the red line  %12.1f / %.1f 万m³  (%s; the line binds in %d of %d "
         "years)\n",
         counted, sim_engine_value(e, "water.cap", end),
         reclaimed ? "conventional and reclaimed use" : "conventional use", binding,
         end - start);
  printf("  CO2 per 万元 GDP       %12.4f t   (%+.2f %% vs %d)\n",
         sim_engine_value(e, "carbon.intensity", end),
         (sim_engine_value(e, "carbon.intensity", end) /
              sim_engine_value(e, "carbon.intensity", start) -
          1) * 100,
         start);
  printf("  outputs in %s/ (scorecard.md holds the targets)\n", dir);
}

/* Runs o->files[0] (none: the built-in default scenario). */
static int run(const cli_options *o, bool strict) {
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts = NULL;
  sim_target_result r[SIM_MAX_LIST];
  sim_status st = cli_load(o, o->nfiles ? o->files[0] : NULL, &sc, &e);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  st = sim_engine_run(e, sim_scenario_params(sc));
  char buf[4096];
  const char *dir = cli_out_dir(o, sim_scenario_name(sc), NULL, buf, sizeof buf);
  if (st == SIM_ERR_BOUND) {
    cli_print_violation(sim_scenario_name(sc), sim_engine_violation(e));
  } else {
    st = cli_score(sc, e, &ts, r);
  }
  if (st == SIM_OK) {
    st = write_run(dir, sc, e, ts, r, o);
  }
  if (st == SIM_OK && !o->quiet) {
    print_summary(sc, e, dir);
    sim_print_targets(stdout, ts, r);
  }
  int status = cli_exit_status(st);
  if (st == SIM_OK && strict && cli_binding_missed(ts, r)) {
    status = EXIT_MISSED;
  }
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return status;
}

static int cmd_run_main(int argc, char **argv) {
  run_options o = {.strict = false};
  int status;
  if (!cli_parse(&cli_cmd_run, argc, argv, &o, &status)) {
    return status;
  }
  if (o.common.nfiles > 1) {
    return cli_usage_error("run takes one scenario file (got %s more)", o.common.files[1]);
  }
  return run(&o.common, o.strict);
}
