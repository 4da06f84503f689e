/* test_scenario.c — scenario loading: path forms, integers as reals,
 * inheritance (groups merge, paths and other values replace whole),
 * --set, comments beside settings, and file hashes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../models/economy.h"
#include "../models/water.h"
#include "fixture.h"
#include "harness.h"
#include "core/registry.h"

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  fputs(text, f);
  fclose(f);
}

static sim_scenario *load(const char *file, const char *const *sets, int nsets,
                          sim_status *st) {
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  *st = sim_scenario_load((sim_source){file, NULL}, sets, nsets, d, &sc);
  sim_diags_print(d, stdout);
  sim_diags_free(d);
  return sc;
}

static const void *params_of(const sim_scenario *sc, const char *model) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (strcmp(sim_models[m]->name, model) == 0) {
      return sim_scenario_params(sc)[m];
    }
  }
  return NULL;
}

static void path_forms(void) {
  static const char *const sets[] = {
      "economy.growth=[0.061, 0.052, 0.057, 0.049, 0.055, 0.053]",
      "economy.pop_growth={ base = 0.007; rate = -0.12; }",
      "water.cap={ from = 9317; to = 8123; }", "water.ecological=1021"};
  sim_scenario *sc;
  sim_status st;
  sim_engine *e = fixture_run(sets, 4, &sc, &st);
  CHECK(st == SIM_OK);
  const economy_params *ep = params_of(sc, "economy");
  const water_params *wp = params_of(sc, "water");
  CHECK(ep->growth.v[3] == 0.049);
  CHECK_REL(ep->pop_growth.v[4], 0.007 * pow(0.88, 4), 1e-15);
  CHECK_REL(wp->cap.v[2], 9317 + (8123 - 9317) * 2 / 5.0, 1e-15);
  CHECK(wp->ecological.v[5] == 1021.0); /* an integer, read as a real */
  sim_engine_free(e);
  sim_scenario_free(sc);
}

static void inheritance_and_overrides(void) {
  char dir[] = "/tmp/plansim-test-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  char base[256], child[256], sub[256];
  snprintf(base, sizeof base, "%s/base.cfg", dir);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(child, sizeof child, "%s/sub/child.cfg", dir);
  write_file(base, fixture_text);
  CHECK(mkdir(sub, 0777) == 0);
  write_file(child,
             "base = \"../base.cfg\";\n"
             "name = \"child\";\n"
             "water = { cap = { base = 9000.0; rate = -0.013; }; # assumption: tighter line\n"
             "  intensity = { industry = 9.71; }; };\n");
  static const char *const sets[] = {"economy.gdp0=701.3"};
  sim_status st;
  sim_scenario *sc = load(child, sets, 1, &st);
  CHECK(st == SIM_OK);
  if (!sc) {
    return;
  }
  const water_params *wp = params_of(sc, "water");
  const economy_params *ep = params_of(sc, "economy");
  CHECK(strcmp(sim_scenario_name(sc), "child") == 0);
  CHECK_REL(wp->cap.v[1], 9000.0 * (1 - 0.013), 1e-15);     /* path replaced whole */
  CHECK(wp->intensity_industry.v[0] == 9.71);               /* group merged ... */
  CHECK(wp->intensity_agriculture.v[0] == 231.0);           /* ... key by key */
  CHECK(wp->ecological.v[0] == 1021.0);                     /* inherited */
  CHECK(ep->gdp0 == 701.3);                                  /* --set last */
  CHECK(sim_scenario_file_count(sc) == 2);
  char cmd[512], want[65] = "";
  snprintf(cmd, sizeof cmd, "sha256sum %s", base);
  FILE *p = popen(cmd, "r");
  CHECK(p && fscanf(p, "%64s", want) == 1);
  pclose(p);
  CHECK(strcmp(sim_scenario_file(sc, 1), base) != 0); /* resolved from sub/ */
  CHECK(strcmp(sim_scenario_file_sha256(sc, 1), want) == 0);
  const char *note = sim_scenario_comment(sc, "water.cap");
  CHECK(note && strcmp(note, "assumption: tighter line") == 0);
  CHECK(sim_scenario_comment(sc, "economy.gdp0") == NULL);
  sim_scenario_free(sc);
  unlink(child);
  rmdir(sub);
  unlink(base);
  rmdir(dir);
}

int main(void) {
  path_forms();
  inheritance_and_overrides();
  return test_summary("test_scenario");
}
