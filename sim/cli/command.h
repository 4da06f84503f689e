/* command.h — what a plansim command is.  Each command is one file,
 * sim/cli/cmd_<name>.c, that defines a `const cli_command cli_cmd_<name>`
 * and parses its own arguments (cli/options.h); commands.c lists them.
 * Adding a command: that file, a line in commands.c, a line in
 * CMakeLists.txt (docs/commands.md). */
#ifndef PLANSIM_COMMAND_H
#define PLANSIM_COMMAND_H

#include <stdio.h>

#include "cli/options.h"

typedef struct cli_command {
  const char *name;
  /* Its lines of the usage text, '\n' between them, each starting
   * "plansim <name>"; the description aligned with the other commands'. */
  const char *usage;
  /* Runs the command; argv[0] is the command's name, argv[1..] what
   * followed it.  Returns the exit status. */
  int (*main)(int argc, char **argv);
  /* The options it takes, ending in {NULL}; NULL if it reads its own
   * arguments.  Other commands refuse these as "not taken" rather than
   * as unknown. */
  const cli_opt *opts;
} cli_command;

/* Every command, in the order of the usage text, ending in NULL; the
 * first runs when plansim is given no command (commands.c). */
extern const cli_command *const cli_commands[];

/* The usage text: every command's lines, the options, the exit statuses. */
void cli_usage(FILE *out);

/* One command's usage lines, then the options and exit statuses. */
void cli_command_usage(FILE *out, const cli_command *cmd);

/* Prints "plansim: " and the message (printf's fmt and arguments), then
 * the usage text, on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs plansim with its arguments; returns the exit status. */
int plansim_main(int argc, char **argv);

#endif
