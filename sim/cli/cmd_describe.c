/* cmd_describe.c — `plansim describe [MODEL]`: the parameters and outputs
 * of one model or of all (report/describe.c prints them). */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "report/describe.h"

static const cli_opt describe_opts[] = {CLI_OPT_END};

static int cmd_describe_main(int argc, char **argv);

const cli_command cli_cmd_describe = {
    "describe", "plansim describe [MODEL]      parameters and outputs of the models",
    cmd_describe_main, describe_opts};

static int cmd_describe_main(int argc, char **argv) {
  cli_options o = {.nfiles = 0};
  int status;
  if (!cli_parse(&cli_cmd_describe, argc, argv, &o, &status)) {
    return status;
  }
  if (o.nfiles > 1) {
    return cli_usage_error("describe takes at most one model name (got %s more)", o.files[1]);
  }
  return sim_describe(stdout, o.nfiles ? o.files[0] : NULL) == SIM_OK
             ? EXIT_DONE
             : cli_usage_error("no model called %s (plansim describe lists them)", o.files[0]);
}
