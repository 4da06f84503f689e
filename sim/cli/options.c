/* options.c — reads a command's arguments against its table of options
 * (options.h).  An option that only another command takes is read like
 * the others (its value checked) and refused once every argument is read,
 * in the order of the commands' tables, so the messages and their order
 * are the ones plansim gave when one parser held every option. */
#include "cli/options.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"

enum { HELP = -1 }; /* read_argument's status after --help: stop, exit 0 */

/* Distinct options of other commands one command line can hold: plansim
 * has 10 option names in all, so this bounds nothing real. */
#define MAX_OTHERS 64

/* The options of other commands met so far, and how often each (a list's
 * limit counts them too). */
typedef struct {
  const char *name[MAX_OTHERS];
  int times[MAX_OTHERS];
  int n;
} others;

/* The option in table `opts` (NULL-ended; NULL for none) that argument `a`
 * names, or NULL.  "--set=V" names --set. */
static const cli_opt *find(const cli_opt *opts, const char *a) {
  for (; opts && opts->name; opts++) {
    size_t len = strlen(opts->name);
    if (strncmp(a, opts->name, len) == 0 && (a[len] == '\0' || (opts->joined && a[len] == '='))) {
      return opts;
    }
  }
  return NULL;
}

/* The option `a` names in any command's table, or NULL. */
static const cli_opt *find_anywhere(const char *a) {
  const cli_opt *opt = NULL;
  for (int c = 0; cli_commands[c] && !opt; c++) {
    opt = find(cli_commands[c]->opts, a);
  }
  return opt;
}

/* How often option `name` of another command came before (0 if new);
 * counts this one. */
static int count_other(others *seen, const char *name) {
  for (int k = 0; k < seen->n; k++) {
    if (strcmp(seen->name[k], name) == 0) {
      return seen->times[k]++;
    }
  }
  if (seen->n < MAX_OTHERS) {
    seen->name[seen->n] = name;
    seen->times[seen->n++] = 1;
  }
  return 0;
}

/* Stores a checked value (x for CLI_WHOLE) where `opt` says in `into`. */
static void store(const cli_opt *opt, void *into, const char *value, long long x) {
  char *at = (char *)into + opt->at;
  switch (opt->kind) {
  case CLI_FLAG:
    *(bool *)at = true;
    break;
  case CLI_TEXT:
    *(const char **)at = value;
    break;
  case CLI_WHOLE:
    *(long long *)at = x;
    break;
  case CLI_LIST: {
    int *n = (int *)((char *)into + opt->count);
    ((const char **)at)[(*n)++] = value;
    break;
  }
  }
}

/* True when `text` is a whole number from min to max, in *x. */
static bool whole(const char *text, long long min, long long max, long long *x) {
  char *end;
  *x = strtoll(text, &end, 10);
  return *text != '\0' && *end == '\0' && *x >= min && *x <= max;
}

/* Reads option `opt` at argv[*i] and its value, moving *i past it; `times`:
 * how often it came before.  Stores it in `into`, or only checks it when
 * into is NULL (another command's option).  Returns 0 or an exit status. */
static int read_option(const cli_opt *opt, int *i, int argc, char **argv, void *into,
                       int times) {
  const char *a = argv[*i], *value = NULL;
  long long x = 0;
  if (opt->kind == CLI_LIST && times >= opt->max) { /* before the value: it was always so */
    return cli_usage_error("at most %lld %s", opt->max, opt->name);
  }
  if (opt->kind != CLI_FLAG) {
    size_t len = strlen(opt->name);
    if (a[len] == '=') {
      value = a + len + 1;
    } else if (*i + 1 < argc) {
      value = argv[++*i];
    } else {
      return cli_usage_error("unknown or incomplete option %s", a);
    }
  }
  if (opt->kind == CLI_WHOLE && !whole(value, opt->min, opt->max, &x)) {
    return cli_usage_error("%s needs a whole number from %lld to %lld", a, opt->min, opt->max);
  }
  if (into) {
    store(opt, into, value, x);
  }
  return EXIT_DONE;
}

/* How many values list option `opt` holds in `into` (0 for the others). */
static int taken_times(const cli_opt *opt, const void *into) {
  return opt->kind == CLI_LIST ? *(const int *)((const char *)into + opt->count) : 0;
}

/* Reads argument argv[*i] (and an option's value): an option of cmd's,
 * --help, another command's option, or a file.  Returns 0, HELP or an
 * exit status. */
static int read_argument(const cli_command *cmd, int *i, int argc, char **argv, void *into,
                         others *seen) {
  const char *a = argv[*i];
  const cli_opt *opt = find(cmd->opts, a);
  if (opt) {
    return read_option(opt, i, argc, argv, into, taken_times(opt, into));
  }
  if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
    cli_command_usage(stdout, cmd);
    return HELP;
  }
  if ((opt = find_anywhere(a))) {
    return read_option(opt, i, argc, argv, NULL, count_other(seen, opt->name));
  }
  if (a[0] == '-' && a[1] != '\0') { /* "-" alone is a file name, as it always was */
    return cli_usage_error("unknown or incomplete option %s", a);
  }
  cli_options *o = into;
  if (o->nfiles == CLI_MAX_FILES) {
    return cli_usage_error("too many files (%s)", a);
  }
  o->files[o->nfiles++] = a;
  return EXIT_DONE;
}

/* True when option `name` of another command was given. */
static bool given(const others *seen, const char *name) {
  for (int k = 0; k < seen->n; k++) {
    if (strcmp(seen->name[k], name) == 0) {
      return true;
    }
  }
  return false;
}

/* "plansim: batch does not take --strict (it takes -o --set ...)" */
static int refuse(const cli_command *cmd, const char *name) {
  fprintf(stderr, "plansim: %s does not take %s (it takes", cmd->name, name);
  for (const cli_opt *t = cmd->opts; t && t->name; t++) {
    fprintf(stderr, " %s", t->name);
  }
  fputs(cmd->opts && cmd->opts->name ? ")\n" : " no options)\n", stderr);
  return EXIT_USAGE;
}

/* Refuses the first option given that cmd does not take, in the order of
 * the commands' tables (not of the arguments); returns 0 when there is
 * none. */
static int refuse_others(const cli_command *cmd, const others *seen) {
  for (int c = 0; cli_commands[c] && seen->n; c++) {
    for (const cli_opt *opt = cli_commands[c]->opts; opt && opt->name; opt++) {
      if (given(seen, opt->name)) {
        return refuse(cmd, opt->name);
      }
    }
  }
  return EXIT_DONE;
}

bool cli_parse(const cli_command *cmd, int argc, char **argv, void *into, int *status) {
  others seen = {.n = 0};
  ((cli_options *)into)->started = cli_now();
  *status = EXIT_DONE;
  for (int i = 1; i < argc && *status == EXIT_DONE; i++) {
    *status = read_argument(cmd, &i, argc, argv, into, &seen);
  }
  if (*status == EXIT_DONE) {
    *status = refuse_others(cmd, &seen);
  }
  if (*status == HELP) {
    *status = EXIT_DONE;
    return false;
  }
  return *status == EXIT_DONE;
}
