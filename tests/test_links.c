/* test_links.c — links between models (sim_layout_need): a model that reads
 * an output no model provides stops the engine at link time with a line that
 * names the reader, the output and what there is, never an out-of-bounds
 * read in a step.  Built with the engine but with its own registry (below)
 * in place of sim/core/registry.c, so that a test can rename an output. */
#include <math.h>
#include <string.h>

#include "core/diag.h"
#include "core/engine.h"
#include "core/registry.h"
#include "harness.h"

/* The output the reader asks for; each case sets it before building. */
static const char *wanted;

typedef struct {
  int x;
} reader_links;

static const sim_output provider_outputs[] = {
    {"stock", "t", "Stock", "存量", 0, INFINITY},
    {"flow", "t/yr", "Flow", "流量", -INFINITY, INFINITY},
};

static const sim_output reader_outputs[] = {
    {"copy", "t/yr", "Copy of the flow", "流量副本", -INFINITY, INFINITY},
};

static void reader_link(const void *params, void *links, const sim_layout *l, int first,
                        sim_diags *d) {
  (void)params;
  (void)first;
  ((reader_links *)links)->x = sim_layout_need(l, "reader", wanted, d);
}

/* Copies the linked output: a step that would read outside the run's
 * outputs if the engine built with x == -1. */
static void reader_step(const sim_step *s) {
  const reader_links *k = s->links;
  s->mine[0] = s->now[k->x];
}

static void provider_step(const sim_step *s) {
  s->mine[0] = 10 + s->t;
  s->mine[1] = 2 * s->t;
}

static const sim_model_type provider_model = {
    .name = "provider",
    .outputs = provider_outputs,
    .noutputs = 2,
    .step = {[SIM_PHASE_POTENTIAL] = provider_step},
};

static const sim_model_type reader_model = {
    .name = "reader",
    .outputs = reader_outputs,
    .noutputs = 1,
    .links_size = sizeof(reader_links),
    .link = reader_link,
    .step = {[SIM_PHASE_FOLLOW] = reader_step},
};

/* The test registry: what sim/core/registry.c defines, for two models. */
const sim_model_type *const sim_models[] = {&provider_model, &reader_model};
const int sim_nmodels = 2;

const sim_model_type *sim_model_find(const char *name) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (strcmp(sim_models[m]->name, name) == 0) {
      return sim_models[m];
    }
  }
  return NULL;
}

int sim_model_index(const sim_model_type *mt) {
  for (int m = 0; m < sim_nmodels; m++) {
    if (sim_models[m] == mt) {
      return m;
    }
  }
  return -1;
}

/* The models read no parameters. */
static const void *const params[2] = {NULL, NULL};

/* Builds an engine for 2021-2023 with the reader asking for `name`; returns
 * the status, and the diagnostics in d. */
static sim_status build(const char *name, sim_diags *d, sim_engine **e) {
  wanted = name;
  return sim_engine_alloc(2021, 2023, params, d, e);
}

/* A link that exists: the engine builds and the reader reads the flow. */
static void test_link_found(void) {
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  CHECK(build("provider.flow", d, &e) == SIM_OK);
  CHECK(sim_diags_count(d) == 0);
  CHECK(e && sim_engine_run(e, params) == SIM_OK);
  CHECK(e && sim_engine_value(e, "reader.copy", 2023) == 4);
  sim_engine_free(e);
  sim_diags_free(d);
}

/* The provider's output renamed ("flow" read as "flows"): refused, and the
 * line lists what the provider does have. */
static void test_output_renamed(void) {
  sim_diags *d = sim_diags_alloc();
  sim_engine *e = NULL;
  CHECK(build("provider.flows", d, &e) == SIM_ERR_INVALID);
  CHECK(e == NULL);
  CHECK(sim_diags_count(d) == 1);
  CHECK(sim_diags_count(d) == 1 &&
        strcmp(sim_diags_line(d, 0),
               "plansim: model reader reads output provider.flows, which model provider "
               "does not provide (its outputs: stock, flow)") == 0);
  sim_engine_free(e);
  sim_diags_free(d);
}

/* A name no model owns, or with no model part: the line lists the models. */
static void test_no_such_model(void) {
  const char *names[] = {"supplier.flow", "flow", "provide.flow"};
  for (int i = 0; i < 3; i++) {
    sim_diags *d = sim_diags_alloc();
    sim_engine *e = NULL;
    CHECK(build(names[i], d, &e) == SIM_ERR_INVALID);
    CHECK(e == NULL);
    char want[256];
    snprintf(want, sizeof want,
             "plansim: model reader reads output %s, but no model provides it (an "
             "output is named MODEL.OUTPUT; the models: provider, reader)",
             names[i]);
    CHECK(sim_diags_count(d) == 1 && strcmp(sim_diags_line(d, 0), want) == 0);
    sim_engine_free(e);
    sim_diags_free(d);
  }
}

int main(void) {
  test_link_found();
  test_output_renamed();
  test_no_such_model();
  return test_summary("test_links");
}
