/* lanes.c — a worker's lanes: parameter copies, the fast-path engine and
 * the one-lane engine that runs refused lanes again. */
#include "run/lanes.h"

#include <stdlib.h>
#include <string.h>

#include "core/registry.h"

struct sim_lanes {
  void *params[SIM_MAX_MODELS]; /* per model one struct a lane, or one (stride 0) */
  size_t stride[SIM_MAX_MODELS];
  sim_engine *engine; /* SIM_LANES lanes */
  sim_engine *single; /* one lane: refused lanes again */
};

sim_lanes *sim_lanes_alloc(int start, int end, const void *const *base,
                           const bool varies[SIM_MAX_MODELS]) {
  sim_lanes *l = calloc(1, sizeof *l);
  if (!l) {
    return NULL;
  }
  /* A copy per lane only for the models a batch varies: the others' one
   * struct (stride 0) serves every lane, and SIM_LANES copies of a struct
   * of year paths would crowd the cache for nothing. */
  for (int m = 0; m < sim_nmodels; m++) {
    size_t size = sim_models[m]->params_size;
    int copies = varies[m] ? SIM_LANES : 1;
    l->stride[m] = varies[m] ? size : 0;
    l->params[m] = malloc((size_t)copies * size);
    if (!l->params[m]) {
      goto fail;
    }
    for (int r = 0; r < copies; r++) {
      memcpy((char *)l->params[m] + r * size, base[m], size);
    }
  }
  sim_diags *d = sim_diags_alloc();
  const void *const *params = (const void *const *)l->params;
  sim_status st = sim_engine_alloc_lanes(start, end, params, SIM_LANES, d, &l->engine);
  if (st == SIM_OK) {
    st = sim_engine_alloc(start, end, params, d, &l->single);
  }
  /* nothing to print: the scenario's own engine was built from these
   * parameters and linked without a problem */
  sim_diags_free(d);
  if (st != SIM_OK) {
    goto fail;
  }
  return l;
fail:
  sim_lanes_free(l);
  return NULL;
}

void sim_lanes_free(sim_lanes *l) {
  if (!l) {
    return;
  }
  for (int m = 0; m < sim_nmodels; m++) {
    free(l->params[m]);
  }
  sim_engine_free(l->engine);
  sim_engine_free(l->single);
  free(l);
}

void sim_lanes_params(const sim_lanes *l, int r, void **out) {
  for (int m = 0; m < sim_nmodels; m++) {
    out[m] = (char *)l->params[m] + (size_t)r * l->stride[m];
  }
}

size_t sim_lanes_stride(const sim_lanes *l, int m) {
  return l->stride[m];
}

sim_engine *sim_lanes_engine(const sim_lanes *l) {
  return l->engine;
}

uint64_t sim_lanes_run(sim_lanes *l, int n, uint64_t skip, uint64_t *passed,
                       sim_lanes_failure *failed, void *ctx) {
  uint64_t fast =
      sim_engine_run_lanes(l->engine, (const void *const *)l->params, l->stride, n) &
      ~skip;
  uint64_t ok = fast;
  for (int r = 0; r < n; r++) {
    if (fast >> r & 1) {
      continue;
    }
    /* Refused by the fast check: run alone, which records where it broke
     * (the fast check records nothing) or finds it an ok run whose frozen
     * series moved (the caller's concern: passed says which). */
    const sim_violation *v = skip >> r & 1 ? NULL : sim_lanes_run_alone(l, r);
    if (!(skip >> r & 1) && !v) {
      ok |= (uint64_t)1 << r;
      continue;
    }
    failed(ctx, r, v);
  }
  *passed = fast;
  return ok;
}

const sim_violation *sim_lanes_run_alone(sim_lanes *l, int r) {
  void *params[SIM_MAX_MODELS];
  sim_lanes_params(l, r, params);
  sim_status st = sim_engine_run(l->single, (const void *const *)params);
  return st == SIM_OK ? NULL : sim_engine_violation(l->single);
}
