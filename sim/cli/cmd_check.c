/* cmd_check.c — `plansim check FILE`: loads a scenario and runs it once
 * without writing anything, so that every problem a run would meet (a
 * setting, a broken bound, a target undefined on this run) is printed. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/command.h"

static const cli_opt check_opts[] = {CLI_OPT_SET, CLI_OPT_END};

static int cmd_check_main(int argc, char **argv);

const cli_command cli_cmd_check = {
    "check", "plansim check FILE            validate and run once; print every problem",
    cmd_check_main, check_opts};

/* Loads, runs and scores `file`; prints "ok" when nothing was wrong. */
static int check(const cli_options *o, const char *file) {
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts = NULL;
  sim_target_result r[SIM_MAX_LIST];
  sim_status st = cli_load(o, file, &sc, &e);
  if (st == SIM_OK) { /* the run itself: a bound it breaks, a target it leaves undefined */
    st = sim_engine_run(e, sim_scenario_params(sc));
    if (st == SIM_ERR_BOUND) {
      cli_print_violation(sim_scenario_name(sc), sim_engine_violation(e));
    } else if (st == SIM_OK) {
      st = cli_score(sc, e, &ts, r);
    }
  }
  if (st == SIM_OK) {
    printf("%s: ok — scenario %s, %d-%d, %d outputs\n", file, sim_scenario_name(sc),
           sim_scenario_start(sc), sim_scenario_end(sc), sim_engine_output_count(e));
  }
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return cli_exit_status(st);
}

static int cmd_check_main(int argc, char **argv) {
  cli_options o = {.nfiles = 0};
  int status;
  if (!cli_parse(&cli_cmd_check, argc, argv, &o, &status)) {
    return status;
  }
  if (o.nfiles != 1) {
    return cli_usage_error("check takes one scenario file");
  }
  return check(&o, o.files[0]);
}
