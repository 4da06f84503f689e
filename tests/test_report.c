/* test_report.c — what the reports tell a reader: numbers rounded for
 * people (sim_readable), and each target's basis, read off the output it
 * is about (a model's result, a path given in the scenario, or a follower
 * tied to another output). */
#include <math.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "report/readable.h"
#include "report/scorecard.h"
#include "scenario/targets.h"

static bool reads(double x, bool sign, const char *want) {
  char buf[64];
  sim_readable(x, sign, buf, sizeof buf);
  if (strcmp(buf, want) != 0) {
    printf("  %.17g read as \"%s\", expected \"%s\"\n", x, buf, want);
    return false;
  }
  return true;
}

static void readable(void) {
  CHECK(reads(-6.2e-15, true, "0")); /* a rounding residue is 0 */
  CHECK(reads(-7.105e-15, false, "0"));
  CHECK(reads(407912.4, false, "407,912")); /* not 4.0791e+05 */
  CHECK(reads(-1234567.0, true, "-1,234,567"));
  CHECK(reads(7912.3, true, "+7912"));
  CHECK(reads(9999.7, false, "10,000"));
  CHECK(reads(13.8517, false, "13.85"));
  CHECK(reads(-4.14826, true, "-4.148"));
  CHECK(reads(0.57104, false, "0.571"));
  CHECK(reads(80.0, false, "80"));
  CHECK(reads(1.234e-5, false, "0.00001234")); /* no exponent */
  CHECK(reads(0.25, true, "+0.25"));
  CHECK(reads(NAN, false, "—"));
}

/* The fixture with one indicator of each form and a target on each, and
 * targets on a model result, a model's echoed path and a follower of GDP. */
static const char extra[] =
    "indicators = (\n"
    "  { name = \"drawn\"; value = { from = 23.0; to = 34.0; }; },\n"
    "  { name = \"curve\"; logistic = { base = 3.31; rate = 0.225; ceiling = 50.0; }; "
    "},\n"
    "  { name = \"tied\"; follow = { of = \"economy.gdp\"; base = 100.0; elasticity = "
    "0.91; "
    "}; }\n"
    ");\n"
    "targets = (\n"
    "  { id = \"a\"; var = \"indicators.drawn\"; kind = \"level\"; op = \">=\"; value = "
    "34.0; "
    "attribute = \"expected\"; },\n"
    "  { id = \"b\"; var = \"indicators.curve\"; kind = \"level\"; op = \">=\"; value = "
    "8.0; "
    "attribute = \"expected\"; },\n"
    "  { id = \"c\"; var = \"indicators.tied\"; kind = \"growth\"; op = \">=\"; value = "
    "1.0; "
    "attribute = \"expected\"; },\n"
    "  { id = \"d\"; var = \"economy.gdp\"; kind = \"growth\"; op = \">=\"; value = 1.0; "
    "attribute = \"expected\"; },\n"
    "  { id = \"e\"; var = \"carbon.grid_ef\"; kind = \"level\"; op = \"<=\"; value = "
    "1.0; "
    "attribute = \"binding\"; },\n"
    "  { id = \"f\"; var = \"economy.income\"; kind = \"growth\"; op = \">=\"; value = "
    "99.0; "
    "attribute = \"expected\"; },\n"
    "  { id = \"g\"; var = \"carbon.intensity\"; kind = \"reduction\"; op = \">=\"; "
    "value = "
    "99.0; attribute = \"binding\"; }\n"
    ");\n";

static void basis(void) {
  char *text = malloc(sizeof fixture_text + sizeof extra);
  strcpy(text, fixture_text);
  strcat(text, extra);
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_engine *e = NULL;
  sim_targets *ts = NULL;
  bool loaded =
      sim_scenario_load((sim_source){"fixture.cfg", text}, NULL, 0, d, &sc) == SIM_OK &&
      sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                       sim_scenario_params(sc), d, &e) == SIM_OK &&
      sim_engine_run(e, sim_scenario_params(sc)) == SIM_OK &&
      sim_targets_load(sc, e, d, &ts) == SIM_OK;
  sim_diags_print(d, stdout);
  if (CHECK(loaded)) {
    const int want[] = {SIM_BASIS_PATH,  SIM_BASIS_PATH, SIM_BASIS_FOLLOW,
                        SIM_BASIS_MODEL, SIM_BASIS_PATH, SIM_BASIS_FOLLOW,
                        SIM_BASIS_MODEL};
    for (int i = 0; i < ts->n; i++) {
      if (!CHECK(ts->item[i].basis == want[i])) {
        printf("  target %s: basis %s\n", ts->item[i].id,
               sim_basis_names[ts->item[i].basis]);
      }
    }
    sim_target_result r[SIM_MAX_LIST];
    sim_targets_eval(ts, sim_engine_values(e), sim_engine_output_count(e),
                     sim_engine_start(e), r);
    char line[256];
    sim_basis_summary(ts, r, line, sizeof line);
    /* d met (the fixture grows), g missed (no 99 % cut) */
    CHECK(strncmp(
              line, "2 of 7 targets are model results; 1 of them met (3 rest on a path",
              strlen(
                  "2 of 7 targets are model results; 1 of them met (3 rest on a path")) ==
          0);
    CHECK(strstr(line, "2 follow another output") != NULL);
  }
  free(ts);
  sim_engine_free(e);
  sim_scenario_free(sc);
  sim_diags_free(d);
  free(text);
}

int main(void) {
  readable();
  basis();
  return test_summary("test_report");
}
