/* solve.c — the levers of `plansim solve` (PATH=LO:HI with the apply words
 * of uncertainty inputs) and the evaluator that runs many lever values side
 * by side on an engine's lanes.  The search itself is in solve_find.c. */
#include "analysis/solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"

/* The apply word after "PATH:", or -1. */
static int apply_word(const char *word, size_t len) {
  for (int k = 0; sim_applies[k]; k++) {
    if (strlen(sim_applies[k]) == len && strncmp(sim_applies[k], word, len) == 0) {
      return k;
    }
  }
  return -1;
}

/* Reads "LO:HI" (finite numbers, nothing after); false otherwise. */
static bool read_range(const char *text, double *lo, double *hi) {
  char *end;
  *lo = strtod(text, &end);
  if (end == text || *end != ':' || !isfinite(*lo)) {
    return false;
  }
  const char *second = end + 1;
  *hi = strtod(second, &end);
  return end != second && *end == '\0' && isfinite(*hi);
}

/* Splits PATH[:APPLY]=LO:HI; prints what is wrong and returns false. */
static bool split_lever(const char *text, solve_lever *l, FILE *err) {
  const char *eq = strchr(text, '=');
  const char *colon = eq ? memchr(text, ':', (size_t)(eq - text)) : NULL;
  const char *path_end = colon ? colon : eq;
  l->in.apply = SIM_APPLY_SET;
  if (colon) {
    l->in.apply = apply_word(colon + 1, (size_t)(eq - colon - 1));
  }
  if (!eq || path_end == text || l->in.apply < 0 || !read_range(eq + 1, &l->lo, &l->hi)) {
    fprintf(err,
            "plansim: --lever %s: expected PATH=LO:HI or PATH:APPLY=LO:HI (APPLY scale, shift "
            "or rate) with LO and HI numbers\n",
            text);
    return false;
  }
  if (!(l->lo < l->hi)) {
    fprintf(err, "plansim: --lever %s: LO must be less than HI (got %.10g and %.10g)\n", text,
            l->lo, l->hi);
    return false;
  }
  char *path = malloc((size_t)(path_end - text) + 1);
  if (path) {
    memcpy(path, text, (size_t)(path_end - text));
    path[path_end - text] = '\0';
  }
  l->in.path = path;
  return path != NULL;
}

sim_status solve_lever_parse(const char *text, const void *const *base, int years,
                             solve_lever *l, FILE *err) {
  memset(l, 0, sizeof *l);
  l->text = text;
  if (!split_lever(text, l, err)) {
    return SIM_ERR_USAGE;
  }
  if (!sim_input_resolve(&l->in)) {
    fprintf(err, "plansim: --lever %s: %s is not a number or path setting of a model "
                 "(plansim describe lists them)\n",
            text, l->in.path);
    return SIM_ERR_USAGE;
  }
  if (l->in.apply == SIM_APPLY_RATE && !l->in.is_path) {
    fprintf(err, "plansim: --lever %s: rate needs a path setting (one value per year); %s is a "
                 "number\n",
            text, l->in.path);
    return SIM_ERR_USAGE;
  }
  /* set, scale and shift are monotone in x: both ends inside keeps every
   * value between inside (uncertainty.c's reasoning for always_inside) */
  const double ends[2] = {l->lo, l->hi};
  for (int k = 0; k < 2; k++) {
    double value;
    int t = sim_input_outside(&l->in, ends[k], base, years, &value);
    if (t >= 0) {
      fprintf(err,
              "plansim: --lever %s: %s %s %.17g gives %.17g%s, outside the setting's bounds "
              "[%g, %g]\n",
              text, l->in.path, sim_applies[l->in.apply], ends[k], value,
              l->in.is_path ? " in a year" : "", l->in.lo, l->in.hi);
      return SIM_ERR_INVALID;
    }
  }
  return SIM_OK;
}

void solve_lever_clear(solve_lever *l) {
  free((char *)l->in.path);
  l->in.path = NULL;
}

struct solve_eval {
  const sim_targets *ts;
  solve_lever levers[SOLVE_MAX_LEVERS];
  int nlevers, start, years, count;
  const void *const *base;
  void *params[SIM_MAX_MODELS]; /* SIM_MAX_LANES copies of a lever's model */
  size_t stride[SIM_MAX_MODELS];
  sim_engine *engine;
  sim_target_result (*results)[SIM_MAX_LIST];
  long runs;
};

sim_status solve_eval_alloc(const sim_scenario *sc, const sim_targets *ts,
                            const solve_lever *levers, int nlevers, solve_eval **out) {
  solve_eval *ev = calloc(1, sizeof *ev);
  if (!ev) {
    return SIM_ERR_NOMEM;
  }
  *ev = (solve_eval){.ts = ts, .nlevers = nlevers, .start = sim_scenario_start(sc),
                     .base = sim_scenario_params(sc)};
  ev->years = sim_scenario_end(sc) - ev->start + 1;
  memcpy(ev->levers, levers, (size_t)nlevers * sizeof *levers);
  for (int j = 0; j < nlevers; j++) { /* only a lever's model differs between lanes */
    ev->stride[levers[j].in.model] = sim_models[levers[j].in.model]->params_size;
  }
  sim_status st = SIM_OK;
  for (int m = 0; m < sim_nmodels && st == SIM_OK; m++) {
    size_t size = sim_models[m]->params_size;
    int copies = ev->stride[m] ? SIM_MAX_LANES : 1;
    ev->params[m] = malloc((size_t)copies * size);
    for (int r = 0; ev->params[m] && r < copies; r++) {
      memcpy((char *)ev->params[m] + (size_t)r * size, ev->base[m], size);
    }
    st = ev->params[m] ? SIM_OK : SIM_ERR_NOMEM;
  }
  ev->results = malloc(SIM_MAX_LANES * sizeof *ev->results);
  sim_diags *d = sim_diags_alloc();
  if (st == SIM_OK && ev->results && d) {
    st = sim_engine_alloc_lanes(ev->start, ev->start + ev->years - 1,
                                (const void *const *)ev->params, SIM_MAX_LANES, d,
                                &ev->engine);
  } else {
    st = SIM_ERR_NOMEM;
  }
  sim_diags_free(d);
  if (st != SIM_OK) {
    solve_eval_free(ev);
    return st;
  }
  ev->count = sim_engine_output_count(ev->engine);
  *out = ev;
  return SIM_OK;
}

void solve_eval_free(solve_eval *ev) {
  if (!ev) {
    return;
  }
  for (int m = 0; m < SIM_MAX_MODELS; m++) {
    free(ev->params[m]);
  }
  free(ev->results);
  sim_engine_free(ev->engine);
  free(ev);
}

const solve_lever *solve_eval_lever(const solve_eval *ev, int j) {
  return &ev->levers[j];
}

int solve_eval_nlevers(const solve_eval *ev) {
  return ev->nlevers;
}

const sim_targets *solve_eval_targets(const solve_eval *ev) {
  return ev->ts;
}

long solve_eval_runs(const solve_eval *ev) {
  return ev->runs;
}

/* Lane r's parameter structs. */
static void lane_params(solve_eval *ev, int r, void **params) {
  for (int m = 0; m < sim_nmodels; m++) {
    params[m] = (char *)ev->params[m] + (size_t)r * ev->stride[m];
  }
}

/* Runs points [0, n) of x side by side (n <= SIM_MAX_LANES). */
static void eval_group(solve_eval *ev, const double *x, int n, double *metric) {
  uint64_t inside = 0;
  for (int r = 0; r < n; r++) {
    void *params[SIM_MAX_MODELS];
    lane_params(ev, r, params);
    bool ok = true;
    for (int j = 0; j < ev->nlevers; j++) {
      ok &= sim_input_apply(&ev->levers[j].in, x[r * ev->nlevers + j], params, ev->base,
                            ev->years);
    }
    inside |= (uint64_t)ok << r;
  }
  uint64_t passed = sim_engine_run_lanes(ev->engine, (const void *const *)ev->params,
                                         ev->stride, n) &
                    inside;
  ev->runs += n;
  int nt = ev->ts->n;
  sim_targets_eval_lanes(ev->ts, sim_engine_values(ev->engine), ev->count, n, n, ev->start,
                         ev->results);
  for (int r = 0; r < n; r++) {
    for (int i = 0; i < nt; i++) {
      metric[r * nt + i] = passed >> r & 1 ? ev->results[r][i].result : NAN;
    }
  }
}

void solve_eval_points(solve_eval *ev, const double *x, int n, double *metric) {
  for (int k = 0; k < n; k += SIM_MAX_LANES) {
    int group = n - k < SIM_MAX_LANES ? n - k : SIM_MAX_LANES;
    eval_group(ev, x + (size_t)k * (size_t)ev->nlevers, group,
               metric + (size_t)k * (size_t)ev->ts->n);
  }
}
