/* cli.c — argument parsing, scenario loading shared by the commands, and
 * the run, check and describe commands. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/describe.h"
#include "core/outfile.h"
#include "plot/plot.h"
#include "report/report.h"
#include "report/scorecard.h"
#include "scenario/targets.h"

extern const char plansim_default_scenario[];
#define DEFAULT_SCENARIO_NAME "xincheng-2030.cfg (built in)"

static const char usage_text[] =
    "usage: plansim                       run the built-in default scenario\n"
    "       plansim run [FILE] [options]  one deterministic run\n"
    "       plansim check FILE            validate and run once; print every problem\n"
    "       plansim describe [MODEL]      parameters and outputs of the models\n"
    "       plansim compare FILE FILE...  several scenarios side by side\n"
    "       plansim batch FILE [-n N] [-j THREADS] [--seed S] [--method mc|lhs|qmc]\n"
    "       plansim sweep FILE --vary PATH=FROM:TO:STEP [--vary ...]\n"
    "       plansim plot DIR              figures of a run, compare, batch or sweep folder\n"
    "options: -o DIR, --set PATH=VALUE (repeatable), -q, --plot (also draw figures),\n"
    "         --strict (run, compare: exit 5 when a binding target is missed)\n"
    "exit status: 0 done, 2 usage or I/O error, 3 invalid scenario,\n"
    "             4 a run broke a model bound, 5 (--strict) a binding target missed\n";

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

static void on_interrupt(int sig) {
  (void)sig;
  cli_interrupted = 1;
}

void cli_catch_interrupt(struct sigaction *old) {
  struct sigaction sa = {.sa_handler = on_interrupt, .sa_flags = SA_RESTART};
  sigaction(SIGINT, &sa, old);
}

void cli_release_interrupt(const struct sigaction *old) {
  sigaction(SIGINT, old, NULL);
}

_Static_assert(CLI_MAX_SETS == 64 && CLI_MAX_VARIES == 8, "the limits in parse_options' text");

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "plansim: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s", usage_text);
  return EXIT_USAGE;
}

static bool is_number_option(const char *a) {
  return strcmp(a, "-n") == 0 || strcmp(a, "-j") == 0 || strcmp(a, "--seed") == 0;
}

/* Reads the value of -n, -j or --seed; false when it is not a whole
 * number in range. */
static bool number_option(cli_options *o, const char *a, const char *value) {
  char *end;
  long long x = strtoll(value, &end, 10);
  if (*value == '\0' || *end != '\0' || x < 0) {
    return false;
  }
  if (strcmp(a, "-n") == 0) {
    o->runs = (long)x;
    return x >= 1 && x <= 1000000000;
  }
  if (strcmp(a, "-j") == 0) {
    o->threads = (int)x;
    return x >= 1 && x <= 64;
  }
  o->seed = x;
  return x <= 2147483647;
}

/* Parses options after the command; returns 0 or an exit status. */
static int parse_options(int argc, char **argv, cli_options *o) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    bool has_next = i + 1 < argc;
    if (strcmp(a, "-o") == 0 && has_next) {
      o->out_dir = argv[++i];
    } else if (strcmp(a, "--set") == 0 && has_next && o->nsets < CLI_MAX_SETS) {
      o->sets[o->nsets++] = argv[++i];
    } else if (strncmp(a, "--set=", 6) == 0 && o->nsets < CLI_MAX_SETS) {
      o->sets[o->nsets++] = a + 6;
    } else if (((strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) &&
                o->nsets == CLI_MAX_SETS) ||
               (strcmp(a, "--vary") == 0 && o->nvaries == CLI_MAX_VARIES)) {
      return usage_error(a[2] == 's' ? "at most 64 --set%s" : "at most 8 --vary%s", "");
    } else if (strcmp(a, "-q") == 0) {
      o->quiet = true;
    } else if (strcmp(a, "--plot") == 0) {
      o->plot = true;
    } else if (has_next && is_number_option(a)) {
      if (!number_option(o, a, argv[++i])) {
        return usage_error(strcmp(a, "-n") == 0   ? "%s needs a whole number from 1 to 1000000000"
                           : strcmp(a, "-j") == 0 ? "%s needs a whole number from 1 to 64"
                                                  : "%s needs a whole number from 0 to 2147483647",
                           a);
      }
    } else if (strcmp(a, "--vary") == 0 && has_next && o->nvaries < CLI_MAX_VARIES) {
      o->varies[o->nvaries++] = argv[++i];
    } else if (strcmp(a, "--method") == 0 && has_next) {
      o->method = argv[++i];
    } else if (strcmp(a, "--strict") == 0) {
      o->strict = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown or incomplete option %s", a);
    } else if (o->nfiles < CLI_MAX_FILES) {
      o->files[o->nfiles++] = a;
    } else {
      return usage_error("too many files (%s)", a);
    }
  }
  return 0;
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
    src = (sim_source){DEFAULT_SCENARIO_NAME, plansim_default_scenario};
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

static sim_status write_run(const char *dir, const sim_scenario *sc, const sim_engine *e,
                            const sim_targets *ts, const sim_target_result *r,
                            const cli_options *o) {
  char why[512];
  sim_run_info info = {"run", cli_now() - o->started, -1, NULL};
  sim_status st = sim_mkdirs(dir, why, sizeof why);
  if (st == SIM_OK) {
    st = sim_write_trajectories(dir, e, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_variables(dir, e, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_inputs(dir, sc, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_scorecard(dir, sc, e, ts, r, why, sizeof why);
  }
  if (st == SIM_OK) {
    st = sim_write_run_json(dir, sc, info, why, sizeof why);
  }
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
  }
  return st;
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

/* The last year of a run in a few lines. */
static void print_summary(const sim_scenario *sc, const sim_engine *e, const char *dir) {
  int start = sim_engine_start(e), end = sim_engine_end(e);
  double gdp0 = sim_engine_value(e, "economy.gdp", start);
  double gdp = sim_engine_value(e, "economy.gdp", end);
  int binding = 0;
  for (int y = start + 1; y <= end; y++) {
    binding += sim_engine_value(e, "water.binding", y) > 0;
  }
  printf("%s — %s %s, %d-%d\n", sim_scenario_name(sc), sim_scenario_title(sc),
         sim_scenario_title_zh(sc), start, end);
  printf("  GDP %d                %12.2f 亿元  (%.2f %%/yr since %d)\n", end, gdp,
         (pow(gdp / gdp0, 1.0 / (end - start)) - 1) * 100, start);
  printf("  population             %12.2f 万人\n",
         sim_engine_value(e, "economy.population", end));
  int capacity = sim_layout_find(sim_engine_layout(e), "compute.capacity");
  printf("  compute capacity       %12.0f %s\n", sim_engine_value(e, "compute.capacity", end),
         sim_engine_output(e, capacity)->unit);
  /* what the red line counts: conventional water, and reclaimed water when
   * water.reclaimed_in_cap (MODEL.md section 5) */
  const config_setting_t *in_cap = sim_scenario_setting(sc, "water.reclaimed_in_cap");
  bool reclaimed = in_cap && config_setting_get_bool(in_cap);
  double counted = sim_engine_value(e, "water.use_conventional", end) +
                   (reclaimed ? sim_engine_value(e, "water.use_reclaimed", end) : 0);
  printf("  water on the red line  %12.1f / %.1f 万m³  (%s; the line binds in %d of %d "
         "years)\n",
         counted, sim_engine_value(e, "water.cap", end),
         reclaimed ? "conventional and reclaimed use" : "conventional use", binding,
         end - start);
  printf("  CO2 per 万元 GDP       %12.4f t   (%+.2f %% vs %d)\n",
         sim_engine_value(e, "carbon.intensity", end),
         (sim_engine_value(e, "carbon.intensity", end) /
              sim_engine_value(e, "carbon.intensity", start) -
          1) * 100,
         start);
  printf("  outputs in %s/ (scorecard.md holds the targets)\n", dir);
}

static int cmd_run(cli_options *o) {
  if (o->nfiles > 1) {
    return usage_error("run takes one scenario file (got %s more)", o->files[1]);
  }
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts = NULL;
  sim_target_result r[SIM_MAX_LIST];
  sim_status st = cli_load(o, o->nfiles ? o->files[0] : NULL, &sc, &e);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  st = sim_engine_run(e, sim_scenario_params(sc));
  char buf[4096];
  const char *dir = cli_out_dir(o, sim_scenario_name(sc), NULL, buf, sizeof buf);
  if (st == SIM_ERR_BOUND) {
    cli_print_violation(sim_scenario_name(sc), sim_engine_violation(e));
  } else {
    st = cli_score(sc, e, &ts, r);
  }
  if (st == SIM_OK) {
    st = write_run(dir, sc, e, ts, r, o);
  }
  if (st == SIM_OK && o->plot) {
    st = sim_plot(dir, true);
  }
  if (st == SIM_OK && !o->quiet) {
    print_summary(sc, e, dir);
    sim_print_targets(stdout, ts, r);
  }
  int status = cli_exit_status(st);
  if (st == SIM_OK && o->strict && cli_binding_missed(ts, r)) {
    status = EXIT_MISSED;
  }
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return status;
}

static int cmd_check(cli_options *o) {
  if (o->nfiles != 1) {
    return usage_error("check takes one scenario file%s", "");
  }
  sim_scenario *sc;
  sim_engine *e;
  sim_targets *ts = NULL;
  sim_target_result r[SIM_MAX_LIST];
  sim_status st = cli_load(o, o->files[0], &sc, &e);
  if (st == SIM_OK) { /* the run itself: a bound it breaks, a target it leaves undefined */
    st = sim_engine_run(e, sim_scenario_params(sc));
    if (st == SIM_ERR_BOUND) {
      cli_print_violation(sim_scenario_name(sc), sim_engine_violation(e));
    } else if (st == SIM_OK) {
      st = cli_score(sc, e, &ts, r);
    }
  }
  if (st == SIM_OK) {
    printf("%s: ok — scenario %s, %d-%d, %d outputs\n", o->files[0], sim_scenario_name(sc),
           sim_scenario_start(sc), sim_scenario_end(sc), sim_engine_output_count(e));
  }
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  return cli_exit_status(st);
}

static int cmd_describe(cli_options *o) {
  if (o->nfiles > 1) {
    return usage_error("describe takes at most one model name (got %s more)", o->files[1]);
  }
  return sim_describe(stdout, o->nfiles ? o->files[0] : NULL) == SIM_OK
             ? EXIT_DONE
             : usage_error("no model called %s (plansim describe lists them)", o->files[0]);
}

static int cmd_plot(cli_options *o) {
  if (o->nfiles != 1) {
    return usage_error("plot takes one folder (a run, compare, batch or sweep folder)%s", "");
  }
  return cli_exit_status(sim_plot(o->files[0], o->quiet));
}

typedef struct {
  const char *name;
  int (*fn)(cli_options *o);
  const char *takes; /* the options it takes */
} command;

static const command commands[] = {
    {"run", cmd_run, "-o --set -q --plot --strict"},
    {"check", cmd_check, "--set"},
    {"describe", cmd_describe, ""},
    {"compare", cli_compare, "-o --set -q --plot --strict"},
    {"batch", cli_batch, "-o --set -q --plot -n -j --seed --method"},
    {"sweep", cli_sweep, "-o --set -q --plot --vary"},
    {"plot", cmd_plot, "-q"},
};

/* The first option given that `cmd` does not take, or NULL. */
static const char *option_not_taken(const command *cmd, const cli_options *o) {
  const struct {
    const char *name;
    bool given;
  } given[] = {{"-o", o->out_dir != NULL}, {"--set", o->nsets > 0},   {"-q", o->quiet},
               {"--plot", o->plot},         {"--strict", o->strict},  {"-n", o->runs > 0},
               {"-j", o->threads > 0},      {"--seed", o->seed >= 0}, {"--method", o->method},
               {"--vary", o->nvaries > 0}};
  for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
    const char *at = given[i].given ? strstr(cmd->takes, given[i].name) : NULL;
    size_t len = strlen(given[i].name);
    bool taken = at && (at[len] == ' ' || at[len] == '\0');
    if (given[i].given && !taken) {
      return given[i].name;
    }
  }
  return NULL;
}

int plansim_main(int argc, char **argv) {
  cli_options o = {.started = cli_now(), .seed = -1};
  if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
    fputs(usage_text, stdout);
    return EXIT_DONE;
  }
  const command *cmd = &commands[0];
  int first = 1;
  if (argc > 1 && argv[1][0] != '-') {
    cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
      if (strcmp(argv[1], commands[i].name) == 0) {
        cmd = &commands[i];
      }
    }
    if (!cmd) {
      return usage_error("unknown command %s", argv[1]);
    }
    first = 2;
  }
  for (int i = first; first == 1 && i < argc; i++) { /* "plansim -q run x.cfg" */
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
      if (strcmp(argv[i], commands[k].name) == 0 && (i == 1 || strcmp(argv[i - 1], "-o"))) {
        return usage_error("the command goes first: plansim %s ... (options after it)",
                           argv[i]);
      }
    }
  }
  int status = parse_options(argc - first, argv + first, &o);
  const char *extra = status ? NULL : option_not_taken(cmd, &o);
  if (extra) {
    fprintf(stderr, "plansim: %s does not take %s (it takes %s)\n", cmd->name, extra,
            *cmd->takes ? cmd->takes : "no options");
    return EXIT_USAGE;
  }
  return status ? status : cmd->fn(&o);
}
