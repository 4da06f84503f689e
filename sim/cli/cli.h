/* cli.h — the command line of INTERFACE.md section 1: options shared by
 * every command and the commands themselves. */
#ifndef PLANSIM_CLI_H
#define PLANSIM_CLI_H

#include <signal.h>
#include <stdbool.h>

#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"

#define CLI_MAX_SETS 64
#define CLI_MAX_VARIES 8
#define CLI_MAX_FILES 64

/* Exit statuses (INTERFACE.md section 1). */
enum {
  EXIT_DONE = 0,
  EXIT_USAGE = 2,
  EXIT_SCENARIO = 3,
  EXIT_BOUND = 4,
  EXIT_MISSED = 5
};

typedef struct {
  const char *files[CLI_MAX_FILES]; /* positional arguments */
  int nfiles;
  const char *sets[CLI_MAX_SETS];
  int nsets;
  const char *out_dir; /* -o; NULL: plansim-out/<scenario name> */
  bool quiet, plot, strict;
  long runs;          /* batch -n; 0: the scenario's samples */
  int threads;        /* batch -j; 0: all cores */
  long long seed;     /* batch --seed; -1: the scenario's seed */
  const char *method; /* batch --method; NULL: the scenario's */
  const char *varies[CLI_MAX_VARIES]; /* sweep --vary PATH=FROM:TO:STEP */
  int nvaries;
  double started; /* monotonic seconds at start */
} cli_options;

/* Set by Ctrl-C between cli_catch_interrupt and cli_release_interrupt,
 * which then does not end the program: a long command stops cleanly. */
extern volatile sig_atomic_t cli_interrupted;
void cli_catch_interrupt(struct sigaction *old);
void cli_release_interrupt(const struct sigaction *old);

/* True when a binding target of ts is missed in results r (--strict). */
bool cli_binding_missed(const sim_targets *ts, const sim_target_result *r);

/* Runs plansim with its arguments; returns the exit status. */
int plansim_main(int argc, char **argv);

/* Exit status for a status code. */
int cli_exit_status(sim_status st);

/* Loads scenario `file` (NULL: the built-in default) with the --set
 * overrides and builds an engine for it; prints problems to stderr.
 * Returns SIM_OK with both owned by the caller. */
sim_status cli_load(const cli_options *o, const char *file, sim_scenario **sc,
                    sim_engine **e);

/* Evaluates the targets of a finished run into r (SIM_MAX_LIST entries);
 * prints problems (a target undefined on this run) to stderr.  The caller
 * owns *ts (free()). */
sim_status cli_score(sim_scenario *sc, const sim_engine *e, sim_targets **ts,
                     sim_target_result *r);

/* Output folder: -o, else plansim-out/<name>, or plansim-out/<name>/<sub>
 * when sub is not NULL (a batch's or a sweep's beside the run's files);
 * may use buf. */
const char *cli_out_dir(const cli_options *o, const char *name, const char *sub, char *buf,
                        size_t size);

/* plansim batch FILE (batch_cli.c). */
int cli_batch(cli_options *o);

/* plansim sweep FILE --vary ... (sweep.c). */
int cli_sweep(cli_options *o);

/* plansim compare FILE FILE... (compare.c). */
int cli_compare(cli_options *o);

/* Prints why a run stopped at a model bound. */
void cli_print_violation(const char *scenario, const sim_violation *v);

/* Monotonic clock in seconds. */
double cli_now(void);

#endif
