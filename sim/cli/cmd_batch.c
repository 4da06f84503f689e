/* cmd_batch.c — `plansim batch FILE`: reads the uncertainty group, applies
 * the command-line overrides, stops cleanly on Ctrl-C and prints what the
 * batch covered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/batch.h"
#include "cli/cli.h"
#include "core/outfile.h"
#include "cli/command.h"
#include "plot/plot.h"
#include "run/ranks.h"

/* batch's options: the shared ones, then its own; 0 (-1 for the seed)
 * where the scenario's uncertainty group decides. */
typedef struct {
  cli_options common; /* first: cli_parse fills it */
  long long runs;     /* -n */
  long long threads;  /* -j; 0: all cores */
  long long seed;     /* --seed */
  const char *method; /* --method mc|lhs|qmc */
  const char *samples; /* --samples csv|none */
} batch_cli_options;

static const cli_opt batch_opts[] = {
    CLI_OPT_OUT,
    CLI_OPT_SET,
    CLI_OPT_QUIET,
    CLI_OPT_PLOT,
    CLI_OPT_WHOLE("-n", batch_cli_options, runs, 1, 1000000000),
    CLI_OPT_WHOLE("-j", batch_cli_options, threads, 1, 64),
    CLI_OPT_WHOLE("--seed", batch_cli_options, seed, 0, 2147483647),
    CLI_OPT_TEXT("--method", batch_cli_options, method),
    CLI_OPT_TEXT("--samples", batch_cli_options, samples),
    CLI_OPT_END};

static int cmd_batch_main(int argc, char **argv);

const cli_command cli_cmd_batch = {
    "batch", "plansim batch FILE [-n N] [-j THREADS] [--seed S] [--method mc|lhs|qmc] [--samples csv|none]",
    cmd_batch_main, batch_opts};

static int method_index(const char *name) {
  for (int m = 0; sim_methods[m]; m++) {
    if (strcmp(sim_methods[m], name) == 0) {
      return m;
    }
  }
  return -1;
}

/* The batch's settings: the scenario's, then the command line's. */
static int batch_settings(const batch_cli_options *o, const sim_uncertainty *u,
                          const sim_scenario *sc, batch_options *b, char *dir, size_t size) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  b->runs = (int)(o->runs ? o->runs : u->samples);
  b->threads = o->threads ? (int)o->threads : (int)(cores > 0 ? cores : 1);
  b->seed = o->seed >= 0 ? o->seed : u->seed;
  b->method = o->method ? method_index(o->method) : u->method;
  b->dir = cli_out_dir(&o->common, sim_scenario_name(sc), "batch", dir, size);
  b->progress = !o->common.quiet && isatty(STDERR_FILENO);
  b->stop = &cli_interrupted;
  b->summary = !o->common.quiet;
  if (b->method < 0) {
    fprintf(stderr, "plansim: --method takes mc, lhs or qmc (got %s)\n", o->method);
    return EXIT_USAGE;
  }
  if (sim_ranks_rank() > 0) { /* under mpirun, rank 0 speaks */
    b->progress = b->summary = false;
  }
  b->no_samples = o->samples && strcmp(o->samples, "none") == 0;
  if (o->samples && !b->no_samples && strcmp(o->samples, "csv") != 0) {
    fprintf(stderr, "plansim: --samples takes csv or none (got %s)\n", o->samples);
    return EXIT_USAGE;
  }
  return EXIT_DONE;
}

static void print_batch(const char *dir, const batch_options *b) {
  printf("batch of %d runs (%s, seed %lld, %d threads) written to %s/\n", b->runs,
         sim_methods[b->method], b->seed, b->threads, dir);
  printf("  summary.csv, targets.csv (p_met), %srun.json\n",
         b->no_samples ? "" : "samples.csv, ");
}

/* Runs the batch of scenario o->common.files[0]. */
static int batch(const batch_cli_options *o) {
  sim_scenario *sc;
  sim_engine *e;
  sim_uncertainty *u = NULL;
  sim_status st = cli_load(&o->common, o->common.files[0], &sc, &e);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  sim_engine_free(e);
  sim_diags *d = sim_diags_alloc();
  st = sim_uncertainty_load(sc, d, &u);
  sim_diags_print(d, stderr);
  sim_diags_free(d);
  batch_options b;
  char dir[4096];
  int status = st == SIM_OK ? batch_settings(o, u, sc, &b, dir, sizeof dir) : cli_exit_status(st);
  sim_outdir *od = NULL;
  char why[512], stage[4096] = "";
  const char *target = status == EXIT_DONE ? b.dir : NULL;
  bool speaks = sim_ranks_rank() == 0; /* under mpirun, rank 0 writes and speaks */
  if (status == EXIT_DONE && speaks &&
      (st = sim_outdir_begin(target, &od, why, sizeof why)) != SIM_OK) {
    fprintf(stderr, "plansim: cannot write %s\n", why);
    status = cli_exit_status(st);
  }
  if (od) {
    snprintf(stage, sizeof stage, "%s", sim_outdir_path(od));
  }
  /* under mpirun every rank writes into rank 0's staging folder (its
   * samples.csv part), or none goes on */
  sim_ranks_share_text(stage, sizeof stage);
  if (status == EXIT_DONE && !stage[0]) {
    status = EXIT_USAGE; /* rank 0 could not make its folder, and said why */
  }
  if (status == EXIT_DONE) { /* every file into the staging folder, swapped in at the end */
    cli_saved_signals old;
    b.dir = stage;
    cli_catch_interrupt(&old);
    st = sim_batch_run(sc, u, &b);
    cli_release_interrupt(&old);
    if (st == SIM_OK && speaks) { /* the workbook of what the CSV files hold, partial or not */
      st = cli_write_xlsx(b.dir, sim_scenario_title_zh(sc), sim_scenario_title(sc), why,
                          sizeof why);
      if (st != SIM_OK) {
        fprintf(stderr, "plansim: cannot write %s\n", why);
      }
    }
    b.dir = target;
    if (st == SIM_OK && od && (st = sim_outdir_commit(od, why, sizeof why)) != SIM_OK) {
      fprintf(stderr, "plansim: cannot write %s\n", why);
    }
    status = cli_exit_status(st);
    if (cli_interrupted && st == SIM_OK && speaks) {
      fprintf(stderr, "plansim: interrupted; the files cover the runs done (run.json: partial)\n");
      status = cli_interrupt_status();
    }
  }
  if (status == EXIT_DONE && !o->common.quiet && !cli_interrupted && speaks) {
    print_batch(b.dir, &b);
  }
  if (status == EXIT_DONE && o->common.plot && speaks) {
    status = cli_exit_status(sim_plot(b.dir, o->common.quiet));
  }
  sim_outdir_end(od);
  free(u);
  sim_scenario_free(sc);
  return status;
}

static int cmd_batch_main(int argc, char **argv) {
  batch_cli_options o = {.seed = -1};
  int status;
  if (!cli_parse(&cli_cmd_batch, argc, argv, &o, &status)) {
    return status;
  }
  if (o.common.nfiles != 1) {
    fprintf(stderr, "plansim: batch takes one scenario file\n");
    return EXIT_USAGE;
  }
  return batch(&o);
}
