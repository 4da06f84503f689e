/* commands.c — the table of plansim's commands, the usage text their
 * lines make, and plansim_main, which picks the command to run.  A new
 * command is one line in COMMANDS below (and its file, cmd_<name>.c). */
#include "cli/command.h"

#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"

/* Every command, in the order of the usage text; the first one runs when
 * plansim is given no command.  X(name) stands for cli_cmd_<name>. */
#define COMMANDS(X)                                                                            \
  X(run)                                                                                       \
  X(check)                                                                                     \
  X(describe)                                                                                  \
  X(compare)                                                                                   \
  X(batch)                                                                                     \
  X(sweep)                                                                                     \
  X(solve)                                                                                     \
  X(capacity)                                                                                  \
  X(sensitivity)                                                                               \
  X(discover)                                                                                  \
  X(plot)                                                                                      \
  X(serve)

#define DECLARE(name) extern const cli_command cli_cmd_##name;
#define LIST(name) &cli_cmd_##name,
COMMANDS(DECLARE)
const cli_command *const cli_commands[] = {COMMANDS(LIST) NULL};

static const char usage_default[] =
    "plansim                       run the built-in default scenario\n";

static const char usage_footer[] =
    "options: -o DIR, --set PATH=VALUE (repeatable), -q, --plot (also draw figures),\n"
    "         --strict (run, compare: exit 5 when a binding target is missed)\n"
    "exit status: 0 done, 2 usage or I/O error, 3 invalid scenario,\n"
    "             4 a run broke a model bound, 5 (--strict) a binding target missed,\n"
    "             130/143/129 a batch or sweep stopped by SIGINT/SIGTERM/SIGHUP (files partial)\n";

/* Prints usage lines `text`, the first after `first`, the others indented
 * under it. */
static void put_lines(FILE *out, const char *text, const char *first) {
  const char *line = text;
  fputs(first, out);
  for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
    fprintf(out, "%.*s\n       ", (int)(nl - line), line);
  }
  fprintf(out, "%s\n", line);
}

void cli_usage(FILE *out) {
  fputs("usage: ", out);
  fputs(usage_default, out);
  for (int c = 0; cli_commands[c]; c++) {
    put_lines(out, cli_commands[c]->usage, "       ");
  }
  fputs(usage_footer, out);
}

void cli_command_usage(FILE *out, const cli_command *cmd) {
  put_lines(out, cmd->usage, "usage: ");
  fputs(usage_footer, out);
}

int cli_usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("plansim: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  cli_usage(stderr);
  return EXIT_USAGE;
}

/* The command called `name`, or NULL. */
static const cli_command *find_command(const char *name) {
  for (int c = 0; cli_commands[c]; c++) {
    if (strcmp(name, cli_commands[c]->name) == 0) {
      return cli_commands[c];
    }
  }
  return NULL;
}

/* plansim -h, --help or help [COMMAND]: the usage text, or the command's. */
static int help(int argc, char **argv) {
  const cli_command *cmd = argc > 2 ? find_command(argv[2]) : NULL;
  if (cmd) {
    cli_command_usage(stdout, cmd);
  } else {
    cli_usage(stdout);
  }
  return EXIT_DONE;
}

/* A command named after an option ("plansim -q run x.cfg"), which plansim
 * would otherwise read as a file of the default command; NULL if none.
 * The value of -o may be called like a command. */
static const char *command_after_options(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (find_command(argv[i]) && (i == 1 || strcmp(argv[i - 1], "-o") != 0)) {
      return argv[i];
    }
  }
  return NULL;
}

int plansim_main(int argc, char **argv) {
  if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
                   strcmp(argv[1], "help") == 0)) {
    return help(argc, argv);
  }
  if (argc > 1 && argv[1][0] != '-') {
    const cli_command *cmd = find_command(argv[1]);
    return cmd ? cmd->main(argc - 1, argv + 1) : cli_usage_error("unknown command %s", argv[1]);
  }
  const char *late = command_after_options(argc, argv);
  if (late) {
    return cli_usage_error("the command goes first: plansim %s ... (options after it)", late);
  }
  /* No command: the first one, with its name where the program's was (a
   * command reads argv, never writes it). */
  argv[0] = (char *)cli_commands[0]->name;
  return cli_commands[0]->main(argc, argv);
}
