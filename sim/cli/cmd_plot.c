/* cmd_plot.c — `plansim plot DIR`: draws the figures of a folder a run,
 * compare, batch or sweep wrote (plot/plot.c picks them by its files). */
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "core/outfile.h"
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
  /* under the folder's lock, so that no command swaps it meanwhile */
  struct stat sb;
  sim_outdir *od = NULL;
  char why[512];
  if (stat(o.files[0], &sb) == 0 && S_ISDIR(sb.st_mode) &&
      sim_outdir_lock(o.files[0], &od, why, sizeof why) != SIM_OK) {
    fprintf(stderr, "plansim: cannot plot %s\n", why);
    return EXIT_USAGE;
  }
  status = cli_exit_status(sim_plot(o.files[0], o.quiet));
  sim_outdir_end(od);
  return status;
}
