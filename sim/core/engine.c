/* engine.c — the engine handle: output layout, model links and the year
 * loop of MODEL.md section 2 with the checks of section 9, for one run or
 * for a batch's runs side by side in lanes (sim.h). */
#include "core/engine.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernels.h"
#include "core/registry.h"

struct sim_layout {
  sim_layout_entry *entry;
  int count;
};

/* One step function of a year, in the order run_year calls them. */
typedef struct {
  sim_step_fn fn;
  int model;
} step_call;

struct sim_engine {
  int start, n;
  sim_layout layout;
  int first[SIM_MAX_MODELS];   /* first output of each model */
  void *links[SIM_MAX_MODELS]; /* per model, links_size bytes */
  int lanes, lanes_max;        /* runs side by side now, and room for */
  double *values;    /* (n + 1) * count * lanes: values[(t * count + i) * lanes + r] */
  double *lo, *hi;   /* count each: the layout's bounds, flat for a year's check */
  kern_bounds check; /* every year's: what sim_engine_run_lanes checks against */
  sim_step *steps;   /* (n + 1) * sim_nmodels: the step arguments of every year */
  step_call calls[SIM_NPHASES * SIM_MAX_MODELS]; /* every non-NULL step, phase by phase */
  int ncalls;
  int checked[SIM_MAX_MODELS]; /* the models with a check, in registry order */
  int nchecked;
  int done; /* years computed */
  sim_violation violation;
};

int sim_layout_find(const sim_layout *l, const char *name) {
  for (int i = 0; i < l->count; i++) {
    if (strcmp(l->entry[i].name, name) == 0) {
      return i;
    }
  }
  return -1;
}

/* Appends `word` to the list in buf (", " between words), or "..." once
 * the list would no longer fit: a diagnostic line holds about 500 bytes. */
static void list_word(char *buf, size_t size, const char *word) {
  size_t used = strlen(buf);
  if (used >= 3 && strcmp(buf + used - 3, "...") == 0) {
    return;
  }
  const char *sep = used ? ", " : "";
  if (used + strlen(sep) + strlen(word) + 5 < size) {
    snprintf(buf + used, size - used, "%s%s", sep, word);
  } else {
    snprintf(buf + used, size - used, "%s...", sep);
  }
}

/* The registry index of the model `name` ("economy.gdp") belongs to, or -1. */
static int owner_of(const char *name) {
  const char *dot = strchr(name, '.');
  size_t len = dot ? (size_t)(dot - name) : 0;
  for (int m = 0; len && m < sim_nmodels; m++) {
    if (strlen(sim_models[m]->name) == len &&
        strncmp(sim_models[m]->name, name, len) == 0) {
      return m;
    }
  }
  return -1;
}

/* A missing link is a defect of the models, not of the scenario, so the
 * line names no setting: it says who asked, for what, and what there is
 * (the owner's outputs, or the models when no model owns the name). */
int sim_layout_need(const sim_layout *l, const char *model, const char *name,
                    sim_diags *d) {
  int i = sim_layout_find(l, name);
  if (i >= 0) {
    return i;
  }
  char have[320] = "";
  int m = owner_of(name);
  if (m >= 0) {
    size_t skip = strlen(sim_models[m]->name) + 1;
    for (int j = 0; j < l->count; j++) {
      if (l->entry[j].model == m) {
        list_word(have, sizeof have, l->entry[j].name + skip);
      }
    }
    sim_diag_where(d, (sim_origin){"plansim", 0}, NULL, NULL,
                   "model %s reads output %s, which model %s does not provide (its "
                   "outputs: %s)",
                   model, name, sim_models[m]->name, have);
  } else {
    for (int j = 0; j < sim_nmodels; j++) {
      list_word(have, sizeof have, sim_models[j]->name);
    }
    sim_diag_where(d, (sim_origin){"plansim", 0}, NULL, NULL,
                   "model %s reads output %s, but no model provides it (an output is "
                   "named MODEL.OUTPUT; the models: %s)",
                   model, name, have);
  }
  return -1;
}

/* Number of outputs model m has with these parameters. */
static int model_output_count(int m, const void *params) {
  const sim_model_type *mt = sim_models[m];
  return mt->noutputs + (mt->count_extra ? mt->count_extra(params) : 0);
}

/* Fills entry e with output i of model m under the name "model.output". */
static sim_status describe_output(int m, const void *params, int i, sim_layout_entry *e) {
  const sim_model_type *mt = sim_models[m];
  sim_output o;
  if (i < mt->noutputs) {
    o = mt->outputs[i];
    o.unit = mt->output_unit ? mt->output_unit(params, i) : o.unit;
  } else {
    mt->extra_output(params, i - mt->noutputs, &o);
  }
  size_t len = strlen(mt->name) + strlen(o.name) + 2;
  char *name = malloc(len);
  if (!name) {
    return SIM_ERR_NOMEM;
  }
  snprintf(name, len, "%s.%s", mt->name, o.name);
  *e = (sim_layout_entry){name, o.unit, o.label, o.label_zh, o.lo, o.hi, m, o.basis};
  return SIM_OK;
}

static sim_status build_layout(sim_engine *e, const void *const *params) {
  int count = 0;
  for (int m = 0; m < sim_nmodels; m++) {
    e->first[m] = count;
    count += model_output_count(m, params[m]);
  }
  e->layout.entry = calloc((size_t)count, sizeof(sim_layout_entry));
  if (!e->layout.entry) {
    return SIM_ERR_NOMEM;
  }
  for (int m = 0; m < sim_nmodels; m++) {
    int k = model_output_count(m, params[m]);
    for (int i = 0; i < k; i++) {
      sim_status st = describe_output(m, params[m], i, &e->layout.entry[e->layout.count]);
      if (st != SIM_OK) {
        return st;
      }
      e->layout.count++;
    }
  }
  return SIM_OK;
}

/* Every model links before the verdict, so that all missing links are
 * reported at once; the engine is refused after, never a step run with an
 * index of -1. */
static sim_status link_models(sim_engine *e, const void *const *params, sim_diags *d) {
  int before = sim_diags_count(d);
  for (int m = 0; m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    /* at least a byte: calloc(0) may return NULL, read as out of memory */
    e->links[m] = calloc(1, mt->links_size ? mt->links_size : 1);
    if (!e->links[m]) {
      return SIM_ERR_NOMEM;
    }
    if (mt->link) {
      mt->link(params[m], e->links[m], &e->layout, e->first[m], d);
    }
  }
  return sim_diags_count(d) > before ? SIM_ERR_INVALID : SIM_OK;
}

/* Copies every output's bounds into two flat arrays for kern_inside,
 * narrowed to finite numbers: inside them means finite and inside the
 * bounds.  first_breach still reads the layout's own bounds. */
static sim_status flatten_bounds(sim_engine *e) {
  size_t count = (size_t)e->layout.count;
  e->lo = malloc((count ? count : 1) * sizeof(double));
  e->hi = malloc((count ? count : 1) * sizeof(double));
  if (!e->lo || !e->hi) {
    return SIM_ERR_NOMEM;
  }
  for (size_t i = 0; i < count; i++) {
    e->lo[i] = fmax(e->layout.entry[i].lo, -DBL_MAX);
    e->hi[i] = fmin(e->layout.entry[i].hi, DBL_MAX);
  }
  return SIM_OK;
}

/* The fast check's bounds: every year's outputs' (flatten_bounds). */
static sim_status default_check(sim_engine *e) {
  int series = (e->n + 1) * e->layout.count;
  double *lo = malloc(((size_t)series + 1) * sizeof(double));
  double *hi = malloc(((size_t)series + 1) * sizeof(double));
  bool ok = lo && hi && kern_bounds_alloc(&e->check, series);
  if (ok) {
    sim_engine_bounds(e, lo, hi);
    kern_bounds_set(&e->check, lo, hi, series);
  }
  free(lo);
  free(hi);
  return ok ? SIM_OK : SIM_ERR_NOMEM;
}

/* The step functions of a year in the order of MODEL.md section 2 (phase
 * by phase, models in registry order), without the NULL ones; the models
 * with checks. */
static void list_calls(sim_engine *e) {
  e->ncalls = 0;
  for (int phase = 0; phase < SIM_NPHASES; phase++) {
    for (int m = 0; m < sim_nmodels; m++) {
      if (sim_models[m]->step[phase]) {
        e->calls[e->ncalls++] = (step_call){sim_models[m]->step[phase], m};
      }
    }
  }
  e->nchecked = 0;
  for (int m = 0; m < sim_nmodels; m++) {
    if (sim_models[m]->check) {
      e->checked[e->nchecked++] = m;
    }
  }
}

/* The step arguments of model m in year t with the current lanes, without
 * the parameters (the run sets those).  Made once per lane count and kept
 * in e->steps, so that a year of a run costs the calls, not their set-up. */
static sim_step step_args(const sim_engine *e, int m, int t) {
  size_t row = (size_t)e->layout.count * (size_t)e->lanes,
         first = (size_t)e->first[m] * (size_t)e->lanes;
  double *now = e->values + (size_t)t * row;
  const double *prev = t > 0 ? now - row : NULL;
  return (sim_step){.t = t,
                    .year = e->start + t,
                    .n = e->n,
                    .lanes = e->lanes,
                    .links = e->links[m],
                    .now = now,
                    .prev = prev,
                    .mine = now + first,
                    .mine_prev = prev ? prev + first : NULL};
}

/* Lays the values out for `lanes` runs side by side: the step arguments
 * of every year.  They do not change from run to run. */
static void set_lanes(sim_engine *e, int lanes) {
  e->lanes = lanes;
  for (int t = 0; t <= e->n; t++) {
    for (int m = 0; m < sim_nmodels; m++) {
      e->steps[t * sim_nmodels + m] = step_args(e, m, t);
    }
  }
}

sim_status sim_engine_alloc(int start, int end, const void *const *params, sim_diags *d,
                            sim_engine **out) {
  return sim_engine_alloc_lanes(start, end, params, 1, d, out);
}

sim_status sim_engine_alloc_lanes(int start, int end, const void *const *params,
                                  int lanes, sim_diags *d, sim_engine **out) {
  *out = NULL;
  if (end <= start || end - start >= SIM_MAX_YEARS || sim_nmodels > SIM_MAX_MODELS ||
      lanes < 1 || lanes > SIM_MAX_LANES) {
    return SIM_ERR_INVALID;
  }
  sim_engine *e = calloc(1, sizeof *e);
  if (!e) {
    return SIM_ERR_NOMEM;
  }
  e->start = start;
  e->n = end - start;
  e->lanes_max = lanes;
  sim_status st = build_layout(e, params);
  if (st == SIM_OK) {
    st = link_models(e, params, d);
  }
  if (st == SIM_OK) {
    e->values = calloc((size_t)(e->n + 1) * (size_t)e->layout.count * (size_t)lanes,
                       sizeof(double));
    e->steps = malloc((size_t)(e->n + 1) * (size_t)sim_nmodels * sizeof(sim_step));
    st = e->values && e->steps ? SIM_OK : SIM_ERR_NOMEM;
  }
  if (st == SIM_OK) {
    st = flatten_bounds(e);
  }
  if (st == SIM_OK) {
    st = default_check(e);
  }
  if (st == SIM_OK) {
    set_lanes(e, 1);
    list_calls(e);
  }
  if (st != SIM_OK) {
    sim_engine_free(e);
    return st;
  }
  *out = e;
  return SIM_OK;
}

void sim_engine_free(sim_engine *e) {
  if (!e) {
    return;
  }
  for (int i = 0; i < e->layout.count; i++) {
    free((char *)e->layout.entry[i].name);
  }
  free(e->layout.entry);
  for (int m = 0; m < sim_nmodels; m++) {
    free(e->links[m]);
  }
  free(e->values);
  free(e->lo);
  free(e->hi);
  kern_bounds_free(&e->check);
  free(e->steps);
  free(e);
}

static sim_status breach(sim_engine *e, int t, int i, double value, double bound,
                         const char *rule) {
  const sim_layout_entry *o = &e->layout.entry[i];
  e->violation = (sim_violation){
      e->start + t, sim_models[o->model]->name, o->name, value, bound, rule};
  return SIM_ERR_BOUND;
}

/* The first output of year t that is not finite or outside its bounds,
 * reported in the order of MODEL.md section 9: output by output, finite
 * first, then the lower bound, then the upper one. */
static sim_status first_breach(sim_engine *e, int t) {
  const double *now = e->values + (size_t)t * (size_t)e->layout.count;
  for (int i = 0; i < e->layout.count; i++) {
    const sim_layout_entry *o = &e->layout.entry[i];
    double v = now[i];
    if (!isfinite(v)) {
      return breach(e, t, i, v, NAN, "must be finite");
    }
    if (v < o->lo) {
      return breach(e, t, i, v, o->lo, ">= lower bound");
    }
    if (v > o->hi) {
      return breach(e, t, i, v, o->hi, "<= upper bound");
    }
  }
  return SIM_OK;
}

/* The checks models add to those of MODEL.md section 9, in registry order.
 * s[m] is model m's step. */
static sim_status model_checks(sim_engine *e, int t, const sim_step *s) {
  for (int i = 0; i < e->nchecked; i++) {
    int m = e->checked[i];
    sim_breach b;
    if (sim_models[m]->check(&s[m], &b) & 1) {
      return breach(e, t, b.output, b.value, b.bound, b.rule);
    }
  }
  return SIM_OK;
}

/* The lanes that break a check models add, in any year. */
static uint64_t lanes_breaking_checks(const sim_engine *e) {
  uint64_t broke = 0;
  for (int t = 0; t <= e->n; t++) {
    for (int i = 0; i < e->nchecked; i++) {
      int m = e->checked[i];
      sim_breach b;
      broke |= sim_models[m]->check(&e->steps[t * sim_nmodels + m], &b);
    }
  }
  return broke;
}

/* MODEL.md section 9: every output finite and inside its bounds, then the
 * checks models add. */
static sim_status check_year(sim_engine *e, int t, const sim_step *s) {
  const double *now = e->values + (size_t)t * (size_t)e->layout.count;
  /* lo and hi are the bounds narrowed to finite numbers (flatten_bounds),
   * so being inside also rejects infinities; NaN is never inside */
  if (!kern_inside(now, e->lo, e->hi, e->layout.count)) {
    return first_breach(e, t);
  }
  return model_checks(e, t, s);
}

/* Every step function of year t, with this run's parameters (lanes
 * strides[m] bytes apart; NULL for a run alone).  Returns the year's step
 * arguments. */
static const sim_step *compute_year(sim_engine *e, int t, const void *const *params,
                                    const size_t *strides) {
  sim_step *s = e->steps + t * sim_nmodels;
  for (int m = 0; m < sim_nmodels; m++) {
    s[m].params = params[m];
    s[m].stride = strides ? strides[m] : 0;
  }
  for (int i = 0; i < e->ncalls; i++) {
    e->calls[i].fn(&s[e->calls[i].model]);
  }
  e->done = t + 1;
  return s;
}

static sim_status run_year(sim_engine *e, int t, const void *const *params) {
  return check_year(e, t, compute_year(e, t, params, NULL));
}

sim_status sim_engine_begin(sim_engine *e, const void *const *params) {
  if (e->lanes != 1) {
    set_lanes(e, 1);
  }
  e->done = 0;
  return run_year(e, 0, params);
}

/* SIM_ERR_USAGE rather than a write past the values: a step before
 * sim_engine_begin or after the last year is the caller's mistake. */
sim_status sim_engine_step(sim_engine *e, const void *const *params) {
  if (e->done == 0 || e->done > e->n) {
    return SIM_ERR_USAGE;
  }
  return run_year(e, e->done, params);
}

sim_status sim_engine_run(sim_engine *e, const void *const *params) {
  sim_status st = sim_engine_begin(e, params);
  while (st == SIM_OK && e->done <= e->n) {
    st = run_year(e, e->done, params);
  }
  return st;
}

void sim_engine_set_check(sim_engine *e, const double *lo, const double *hi) {
  kern_bounds_set(&e->check, lo, hi, (e->n + 1) * e->layout.count);
}

uint64_t sim_engine_run_lanes(sim_engine *e, const void *const *params,
                              const size_t *strides, int lanes) {
  if (lanes < 1 || lanes > e->lanes_max) {
    return 0;
  }
  if (e->lanes != lanes) {
    set_lanes(e, lanes);
  }
  /* No check between years: a lane that breaks a bound goes on computing
   * (its numbers are dropped) rather than stopping the other lanes, and
   * one pass over every year's values afterwards is cheaper than a check
   * per year.  The caller reruns a failed lane alone for its message. */
  for (int t = 0; t <= e->n; t++) {
    compute_year(e, t, params, strides);
  }
  return kern_inside_lanes(e->values, &e->check, lanes) & ~lanes_breaking_checks(e);
}

void sim_engine_bounds(const sim_engine *e, double *lo, double *hi) {
  size_t count = (size_t)e->layout.count;
  for (int t = 0; t <= e->n; t++) {
    memcpy(lo + (size_t)t * count, e->lo, count * sizeof(double));
    memcpy(hi + (size_t)t * count, e->hi, count * sizeof(double));
  }
}

int sim_engine_years_done(const sim_engine *e) {
  return e->done;
}

const sim_violation *sim_engine_violation(const sim_engine *e) {
  return &e->violation;
}

int sim_engine_output_count(const sim_engine *e) {
  return e->layout.count;
}

const sim_layout_entry *sim_engine_output(const sim_engine *e, int i) {
  return &e->layout.entry[i];
}

const double *sim_engine_values(const sim_engine *e) {
  return e->values;
}

const sim_layout *sim_engine_layout(const sim_engine *e) {
  return &e->layout;
}

int sim_engine_start(const sim_engine *e) {
  return e->start;
}

int sim_engine_end(const sim_engine *e) {
  return e->start + e->n;
}

double sim_engine_value(const sim_engine *e, const char *name, int year) {
  int i = sim_layout_find(&e->layout, name);
  int t = year - e->start;
  if (i < 0 || t < 0 || t > e->n) {
    return NAN;
  }
  return e->values[(size_t)t * (size_t)e->layout.count + (size_t)i];
}
