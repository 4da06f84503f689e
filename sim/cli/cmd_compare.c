/* cmd_compare.c — `plansim compare FILE FILE...`: reads its options and
 * hands the scenarios to compare.c, which runs them side by side. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/command.h"

/* compare's options: the shared ones, then its own. */
typedef struct {
  cli_options common; /* first: cli_parse fills it */
  bool strict;        /* --strict: exit 5 when a binding target is missed */
} compare_options;

static const cli_opt compare_opts[] = {CLI_OPT_OUT,   CLI_OPT_SET,
                                       CLI_OPT_QUIET, CLI_OPT_PLOT,
                                       CLI_OPT_FLAG("--strict", compare_options, strict),
                                       CLI_OPT_END};

static int cmd_compare_main(int argc, char **argv);

const cli_command cli_cmd_compare = {
    "compare", "plansim compare FILE FILE...  several scenarios side by side",
    cmd_compare_main, compare_opts};

static int cmd_compare_main(int argc, char **argv) {
  compare_options o = {.strict = false};
  int status;
  if (!cli_parse(&cli_cmd_compare, argc, argv, &o, &status)) {
    return status;
  }
  if (o.common.nfiles < 1) {
    fprintf(stderr, "plansim: compare takes one or more scenario files\n");
    return EXIT_USAGE;
  }
  return cli_compare(&o.common, o.strict);
}
