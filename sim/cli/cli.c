/* cli.c — what the commands share: loading a scenario with its --set
 * overrides, scoring a run, exit statuses, the output folder, Ctrl-C. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "scenario/load.h"
#include "report/xlsx.h"
#include "scenario/targets.h"

extern const char plansim_default_scenario[];

double cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int cli_exit_status(sim_status st) {
  switch (st) {
  case SIM_OK:
    return EXIT_DONE;
  case SIM_ERR_SYNTAX:
  case SIM_ERR_INVALID:
    return EXIT_SCENARIO;
  case SIM_ERR_BOUND:
    return EXIT_BOUND;
  default:
    return EXIT_USAGE;
  }
}

volatile sig_atomic_t cli_interrupted;

/* The signals that stop a long command cleanly: Ctrl-C, kill's default
 * and a closed terminal (SIGKILL cannot be caught: outfile.h's next
 * writer cleans what it leaves). */
static const int stop_signals[CLI_STOP_SIGNALS] = {SIGINT, SIGTERM, SIGHUP};

static void on_interrupt(int sig) {
  cli_interrupted = sig;
}

void cli_catch_interrupt(cli_saved_signals *old) {
  struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESTART};
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < CLI_STOP_SIGNALS; i++) {
    sigaction(stop_signals[i], &sa, &old->old[i]);
  }
}

void cli_release_interrupt(const cli_saved_signals *old) {
  for (int i = 0; i < CLI_STOP_SIGNALS; i++) {
    sigaction(stop_signals[i], &old->old[i], NULL);
  }
}

int cli_interrupt_status(void) {
  return cli_interrupted ? 128 + cli_interrupted : EXIT_DONE;
}

sim_status cli_load(const cli_options *o, const char *file, sim_scenario **sc,
                    sim_engine **e) {
  sim_diags *d = sim_diags_alloc();
  *sc = NULL;
  *e = NULL;
  if (!d) {
    return SIM_ERR_NOMEM;
  }
  sim_source src = {file, NULL};
  if (!file) {
    src = (sim_source){CLI_DEFAULT_SCENARIO_NAME, plansim_default_scenario};
  }
  sim_status st = sim_scenario_load(src, o->sets, o->nsets, d, sc);
  if (st == SIM_OK) {
    st = sim_engine_alloc(sim_scenario_start(*sc), sim_scenario_end(*sc),
                          sim_scenario_params(*sc), d, e);
  }
  sim_diags_print(d, stderr);
  if (st == SIM_ERR_NOMEM) {
    fprintf(stderr, "plansim: out of memory\n");
  }
  sim_diags_free(d);
  if (st != SIM_OK) {
    sim_scenario_free(*sc);
    *sc = NULL;
  }
  return st;
}

void cli_print_violation(const char *scenario, const sim_violation *v) {
  fprintf(stderr,
          "plansim: %s: run stopped in year %d: model %s, variable %s = %.17g breaks the "
          "bound %s",
          scenario, v->year, v->model, v->variable, v->value, v->rule);
  if (v->bound == v->bound) {
    fprintf(stderr, " (bound %.17g)", v->bound);
  }
  fputc('\n', stderr);
}

const char *cli_out_dir(const cli_options *o, const char *name, const char *sub, char *buf,
                        size_t size) {
  if (o->out_dir) {
    return o->out_dir;
  }
  snprintf(buf, size, "plansim-out/%s%s%s", name, sub ? "/" : "", sub ? sub : "");
  return buf;
}

/* True when a growth of series `name` over target t's years is defined. */
static bool growth_defined(const sim_engine *e, const char *name, const sim_target *t) {
  return sim_growth_defined(sim_engine_value(e, name, t->from),
                            sim_engine_value(e, name, t->to));
}

/* Evaluates the targets of a finished run; a target undefined on this
 * run (a growth from a value not above zero, a reduction from zero) is a
 * scenario error. */
sim_status cli_score(sim_scenario *sc, const sim_engine *e, sim_targets **ts,
                     sim_target_result *r) {
  sim_diags *d = sim_diags_alloc();
  sim_status st = d ? sim_targets_load(sc, e, d, ts) : SIM_ERR_NOMEM;
  if (st == SIM_OK) {
    int bad = sim_targets_eval(*ts, sim_engine_values(e), sim_engine_output_count(e),
                               sim_engine_start(e), r);
    if (bad >= 0) {
      const sim_target *t = &(*ts)->item[bad];
      char path[64];
      snprintf(path, sizeof path, "targets.[%d]", bad);
      /* the series at fault: the ref of a synced target when var has no fault */
      const char *series = t->ref && growth_defined(e, t->var, t) ? t->ref : t->var;
      sim_diag_where(d, sim_scenario_origin(sc, sim_scenario_setting(sc, path)), path,
                     NULL, "%s of %s over %d..%d is undefined: %s is %g in %d and %g in %d",
                     sim_target_kinds[t->kind], t->var, t->from, t->to, series,
                     sim_engine_value(e, series, t->from), t->from,
                     sim_engine_value(e, series, t->to), t->to);
      st = SIM_ERR_INVALID;
    }
  }
  if (d) {
    sim_diags_print(d, stderr);
  }
  sim_diags_free(d);
  return st;
}

sim_status cli_write_xlsx(const char *dir, const char *zh, const char *en, char *why,
                          size_t size) {
  char title[1024];
  snprintf(title, sizeof title, "%s%s%s", zh, *zh && *en ? " " : "", en);
  return sim_write_xlsx(dir, title, why, size);
}

/* True when a binding target was missed. */
bool cli_binding_missed(const sim_targets *ts, const sim_target_result *r) {
  for (int i = 0; i < ts->n; i++) {
    if (ts->item[i].attribute == 0 && !r[i].met) {
      return true;
    }
  }
  return false;
}

