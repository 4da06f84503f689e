/* test_sources.c — every number in a shipped scenario says where it came
 * from: the comment on its line cites a seed (file or line), says how it
 * was derived, or marks it as an assumption.
 * usage: test_sources FILE... */
#define _GNU_SOURCE /* strcasestr */
#include <libconfig.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "scenario/load.h"

/* A seed file or line, a derivation, an assumption, or the model
 * contract's own default. */
static bool cites_source(const char *note) {
  return note && (strcasestr(note, "seed") || strcasestr(note, "assumption") ||
                  strcasestr(note, "derived") || strstr(note, ".txt") ||
                  strstr(note, "MODEL.md") || strncmp(note, "L", 1) == 0 ||
                  strstr(note, " L"));
}

/* Checks every number, boolean and array below s. */
static void check(const sim_scenario *sc, const config_setting_t *s, const char *path,
                  const char *file) {
  int type = config_setting_type(s);
  if (type == CONFIG_TYPE_GROUP || type == CONFIG_TYPE_LIST) {
    for (int i = 0; i < config_setting_length(s); i++) {
      char sub[512];
      check(sc, config_setting_get_elem(s, (unsigned)i),
            sim_setting_child_path(s, i, path, sub, sizeof sub), file);
    }
    return;
  }
  if (type == CONFIG_TYPE_STRING) {
    return;
  }
  const char *note = sim_scenario_comment(sc, path);
  if (!test_true(cites_source(note), path, sim_scenario_origin(sc, s).line)) {
    printf("  %s: %s has no source comment\n", file, path);
  }
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    sim_diags *d = sim_diags_alloc();
    sim_scenario *sc = NULL;
    if (sim_scenario_load((sim_source){argv[i], NULL}, NULL, 0, d, &sc) != SIM_OK) {
      sim_diags_print(d, stdout);
      test_true(false, argv[i], 0);
    } else {
      check(sc, config_setting_parent(sim_scenario_setting(sc, "time")), "", argv[i]);
    }
    sim_scenario_free(sc);
    sim_diags_free(d);
  }
  return test_summary("test_sources");
}
