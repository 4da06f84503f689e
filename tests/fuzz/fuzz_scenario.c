/* fuzz_scenario.c — a libFuzzer harness of the scenario loader: each input
 * is written as a scenario file and taken through what `plansim check`
 * does (load with its bases and --set, build the engine, run once, load
 * and score the targets, load the uncertainty group).  An input whose
 * first line starts with "--set " gives that line as a --set instead.
 * Built by -DPLANSIM_FUZZ=ON with clang; README "Fuzzing" says how to run
 * it. */
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/engine.h"
#include "scenario/load.h"
#include "scenario/scenario.h"
#include "scenario/targets.h"
#include "scenario/uncertainty.h"

/* The file each input is written to: T/in/input.cfg in a scratch folder
 * T where the shipped and test scenarios' bases resolve (../scenarios/
 * minimal.cfg, minimal.cfg, xincheng-2030.cfg), so that inputs grown from
 * them keep reaching their bases. */
static char root[64], path[128];

static void remove_scratch(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  if (system(cmd) != 0) {
    fprintf(stderr, "fuzz_scenario: could not remove %s\n", root);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  gsl_set_error_handler_off(); /* as plansim's main: a GSL failure is a status */
  char link[160];
  snprintf(root, sizeof root, "/tmp/plansim-fuzz-XXXXXX");
  if (!mkdtemp(root)) {
    perror("mkdtemp");
    exit(1);
  }
  snprintf(link, sizeof link, "%s/scenarios", root);
  int failed = symlink(PLANSIM_SOURCE_DIR "/tests/scenarios", link);
  snprintf(link, sizeof link, "%s/in", root);
  failed |= mkdir(link, 0777);
  snprintf(link, sizeof link, "%s/in/minimal.cfg", root);
  failed |= symlink(PLANSIM_SOURCE_DIR "/tests/scenarios/minimal.cfg", link);
  snprintf(link, sizeof link, "%s/in/xincheng-2030.cfg", root);
  failed |= symlink(PLANSIM_SOURCE_DIR "/scenarios/xincheng-2030.cfg", link);
  if (failed) {
    perror("fuzz_scenario: scratch folder");
    exit(1);
  }
  snprintf(path, sizeof path, "%s/in/input.cfg", root);
  atexit(remove_scratch);
  return 0;
}

/* What plansim check does with a scenario that loads. */
static void check(sim_scenario *sc, sim_diags *d) {
  sim_engine *e = NULL;
  if (sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                       sim_scenario_params(sc), d, &e) != SIM_OK) {
    return;
  }
  if (sim_engine_run(e, sim_scenario_params(sc)) == SIM_OK) {
    sim_targets *ts = NULL;
    sim_target_result r[SIM_MAX_LIST];
    if (sim_targets_load(sc, e, d, &ts) == SIM_OK) {
      sim_targets_eval(ts, sim_engine_values(e), sim_engine_output_count(e),
                       sim_engine_start(e), r);
    }
    free(ts);
  }
  sim_engine_free(e);
  sim_uncertainty *u = NULL;
  if (sim_uncertainty_load(sc, d, &u) == SIM_OK) {
    free(u);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char set[4096];
  const char *sets[1] = {set};
  int nsets = 0;
  if (size > 6 && memcmp(data, "--set ", 6) == 0) { /* a --set line, then the file */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t len = (size_t)((nl ? nl : data + size) - data) - 6;
    if (len >= sizeof set || memchr(data + 6, '\0', len)) {
      return 0;
    }
    memcpy(set, data + 6, len);
    set[len] = '\0';
    nsets = 1;
    size -= nl ? (size_t)(nl + 1 - data) : size;
    data = nl ? nl + 1 : data + size;
  }
  FILE *f = fopen(path, "wb");
  if (!f) {
    return 0;
  }
  fwrite(data, 1, size, f);
  fclose(f);
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  if (d && sim_scenario_load((sim_source){path, NULL}, sets, nsets, d, &sc) == SIM_OK) {
    check(sc, d);
  }
  sim_scenario_free(sc);
  sim_diags_free(d);
  return 0;
}
