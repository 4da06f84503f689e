/* cmd_plot.c — `plansim plot DIR`: draws the figures of a folder a run,
 * compare, batch or sweep wrote (plot/plot.c picks them by its files). */
#include "cli/cli.h"
#include "cli/command.h"
#include "plot/plot.h"

static const cli_opt plot_opts[] = {CLI_OPT_QUIET, CLI_OPT_END};

static int cmd_plot_main(int argc, char **argv);

const cli_command cli_cmd_plot = {
    "plot", "plansim plot DIR              figures of a run, compare, batch, sweep, solve,\n"
    "                              capacity, sensitivity or discover folder",
    cmd_plot_main, plot_opts};

static int cmd_plot_main(int argc, char **argv) {
  cli_options o = {.nfiles = 0};
  int status;
  if (!cli_parse(&cli_cmd_plot, argc, argv, &o, &status)) {
    return status;
  }
  if (o.nfiles != 1) {
    return cli_usage_error("plot takes one folder (a run, compare, batch or sweep folder)");
  }
  return cli_exit_status(sim_plot(o.files[0], o.quiet));
}
