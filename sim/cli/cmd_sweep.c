/* cmd_sweep.c — `plansim sweep FILE --vary PATH=FROM:TO:STEP ...`: reads
 * its options and hands the grid to sweep.c, which runs it. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/command.h"

/* sweep's options: the shared ones, then its own. */
typedef struct {
  cli_options common; /* first: cli_parse fills it */
  const char *varies[CLI_MAX_VARIES]; /* --vary PATH=FROM:TO:STEP, read by sweep.c */
  int nvaries;
} sweep_options;

static const cli_opt sweep_opts[] = {CLI_OPT_OUT,   CLI_OPT_SET,
                                     CLI_OPT_QUIET, CLI_OPT_PLOT,
                                     CLI_OPT_LIST("--vary", sweep_options, varies, nvaries),
                                     CLI_OPT_END};

static int cmd_sweep_main(int argc, char **argv);

const cli_command cli_cmd_sweep = {
    "sweep", "plansim sweep FILE --vary PATH=FROM:TO:STEP [--vary ...]", cmd_sweep_main,
    sweep_opts};

static int cmd_sweep_main(int argc, char **argv) {
  sweep_options o = {.nvaries = 0};
  int status;
  if (!cli_parse(&cli_cmd_sweep, argc, argv, &o, &status)) {
    return status;
  }
  if (o.common.nfiles != 1 || o.nvaries == 0) {
    fprintf(stderr, "plansim: sweep takes one scenario file and at least one --vary\n");
    return EXIT_USAGE;
  }
  return cli_sweep(&o.common, o.varies, o.nvaries);
}
