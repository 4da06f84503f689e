/* options.h — the option parser the commands share.  A command declares
 * the options it takes in a table (name, kind, where the value goes) and
 * cli_parse reads its arguments against it, so that every command refuses
 * the same things with the same messages. */
#ifndef PLANSIM_OPTIONS_H
#define PLANSIM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_MAX_SETS 64
#define CLI_MAX_FILES 64

/* What every command's options begin with: its files and the options
 * several commands share.  cli_load and cli_out_dir read these. */
typedef struct {
  const char *files[CLI_MAX_FILES]; /* positional arguments */
  int nfiles;
  const char *sets[CLI_MAX_SETS]; /* --set PATH=VALUE */
  int nsets;
  const char *out_dir; /* -o; NULL: plansim-out/<scenario name> */
  bool quiet, plot;    /* -q, --plot */
  double started;      /* monotonic seconds when the arguments were read */
} cli_options;

typedef enum {
  CLI_FLAG,  /* no value: a bool set to true */
  CLI_TEXT,  /* a value, the last one given: a const char * */
  CLI_WHOLE, /* a whole number from min to max: a long long */
  CLI_LIST   /* repeatable, at most max values: const char *[] and an int count */
} cli_kind;

/* One option a command takes.  Only CLI_FLAG takes no value; the others
 * take the next argument (or, when joined, NAME=VALUE in one). */
typedef struct {
  const char *name;   /* as typed: "-n", "--set" */
  cli_kind kind;
  size_t at;          /* offset of the value in the command's options */
  size_t count;       /* CLI_LIST: offset of the number of values */
  long long min, max; /* CLI_WHOLE: the range; CLI_LIST: max = the most values */
  bool joined;        /* also NAME=VALUE (only --set, as plansim always had) */
} cli_opt;

/* Table entries for an option stored in field F of the command's options
 * struct T (which begins with a cli_options). */
#define CLI_OPT_FLAG(NAME, T, F) {NAME, CLI_FLAG, offsetof(T, F)}
#define CLI_OPT_TEXT(NAME, T, F) {NAME, CLI_TEXT, offsetof(T, F)}
#define CLI_OPT_WHOLE(NAME, T, F, MIN, MAX) {NAME, CLI_WHOLE, offsetof(T, F), 0, MIN, MAX}
#define CLI_OPT_LIST(NAME, T, F, N)                                                            \
  {NAME, CLI_LIST, offsetof(T, F), offsetof(T, N), 0, sizeof((T *)0)->F / sizeof *((T *)0)->F}
#define CLI_OPT_END {NULL}

/* The options in cli_options, for any command's table. */
#define CLI_OPT_OUT CLI_OPT_TEXT("-o", cli_options, out_dir)
#define CLI_OPT_SET                                                                            \
  {"--set", CLI_LIST, offsetof(cli_options, sets), offsetof(cli_options, nsets), 0,          \
   CLI_MAX_SETS, true}
#define CLI_OPT_QUIET CLI_OPT_FLAG("-q", cli_options, quiet)
#define CLI_OPT_PLOT CLI_OPT_FLAG("--plot", cli_options, plot)

struct cli_command;

/* Reads the arguments after command `cmd` (argv[0] is its name) into
 * `into`, a zero-initialised struct that begins with a cli_options (any
 * defaults already set): cmd->opts say where each option goes, the other
 * arguments are its files.  Refuses, with the message on stderr, an unknown
 * option, a missing or out-of-range value, and an option only another
 * command takes ("batch does not take --strict").  Returns true when the
 * command is to run; false with *status the exit status to return (0 after
 * printing its usage for --help or -h). */
bool cli_parse(const struct cli_command *cmd, int argc, char **argv, void *into, int *status);

#endif
