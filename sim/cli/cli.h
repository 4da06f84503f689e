/* cli.h — what the commands share (INTERFACE.md section 1): exit
 * statuses, loading a scenario with its --set overrides, scoring a run,
 * the output folder, Ctrl-C.  The commands themselves are files
 * cmd_<name>.c (command.h); their options are read by options.h. */
#ifndef PLANSIM_CLI_H
#define PLANSIM_CLI_H

#include <signal.h>
#include <stdbool.h>

#include "cli/options.h"
#include "core/engine.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"

#define CLI_MAX_VARIES 8 /* sweep --vary */
/* The name messages give the scenario compiled into the program. */
#define CLI_DEFAULT_SCENARIO_NAME "xincheng-2030.cfg (built in)"

/* Exit statuses (INTERFACE.md section 1). */
enum {
  EXIT_DONE = 0,
  EXIT_USAGE = 2,
  EXIT_SCENARIO = 3,
  EXIT_BOUND = 4,
  EXIT_MISSED = 5
};

/* Set to the signal's number by SIGINT, SIGTERM or SIGHUP between
 * cli_catch_interrupt and cli_release_interrupt, which then do not end the
 * program: a long command stops cleanly, its files complete and marked
 * partial. */
#define CLI_STOP_SIGNALS 3
typedef struct {
  struct sigaction old[CLI_STOP_SIGNALS];
} cli_saved_signals;
extern volatile sig_atomic_t cli_interrupted;
void cli_catch_interrupt(cli_saved_signals *old);
void cli_release_interrupt(const cli_saved_signals *old);

/* The exit status of a command stopped by a signal, as shells report one:
 * 128 + its number (130 SIGINT, 143 SIGTERM, 129 SIGHUP); 0 when none
 * came. */
int cli_interrupt_status(void);

/* True when a binding target of ts is missed in results r (--strict). */
bool cli_binding_missed(const sim_targets *ts, const sim_target_result *r);

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

/* Sweeps scenario o->files[0] over the grid of `varies` (1 to
 * CLI_MAX_VARIES texts PATH=FROM:TO:STEP); the work of plansim sweep
 * (sweep.c).  Returns the exit status. */
int cli_sweep(const cli_options *o, const char *const *varies, int nvaries);

/* Runs scenarios o->files (one or more) side by side; with `strict` a
 * missed binding target exits 5.  The work of plansim compare
 * (compare.c).  Returns the exit status. */
int cli_compare(const cli_options *o, bool strict);

/* Prints why a run stopped at a model bound. */
void cli_print_violation(const char *scenario, const sim_violation *v);

/* Monotonic clock in seconds. */
double cli_now(void);

/* Writes dir/scorecard.xlsx from the folder's files, headed "zh en" (both
 * may be ""; report/xlsx.h); why says what failed. */
sim_status cli_write_xlsx(const char *dir, const char *zh, const char *en, char *why,
                          size_t size);

#endif
