/* uncertainty.c — reading the `uncertainty` group with the generic table
 * loader, resolving each input to a model setting, and applying samples. */
#include "scenario/uncertainty.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/power.h"
#include "core/registry.h"

const char *const sim_methods[] = {"mc", "lhs", "qmc", NULL};
const char *const sim_applies[] = {"set", "scale", "shift", "rate", NULL};
static const char *const dists[] = {"normal",      "lognormal", "uniform", "triangular", "beta",
                                    "truncnormal", "discrete",  NULL};

#define F(field) offsetof(sim_input, field)
#define OPTIONAL_REAL(key, field, label)                                                     \
  {key, SIM_REAL, F(field), -INFINITY, INFINITY, NULL, "", label, label, SIM_OPTIONAL, 0, NULL}
static const sim_param input_fields[] = {
    {"path", SIM_TEXT, F(path), 0, 0, NULL, "", "Model setting sampled", "抽样参数", 0, 0,
     NULL},
    {"apply", SIM_CHOICE, F(apply), 0, 0, "\"set\"", "", "set, scale, shift or rate", "作用方式", 0,
     0, sim_applies},
    {"dist", SIM_CHOICE, F(dist), 0, 0, NULL, "", "Distribution", "分布", 0, 0, dists},
    OPTIONAL_REAL("mean", mean, "normal, truncnormal: mean"),
    OPTIONAL_REAL("sd", sd, "normal, truncnormal: sd"),
    OPTIONAL_REAL("median", median, "lognormal: median"),
    OPTIONAL_REAL("sigma", sigma, "lognormal: sd of the log"),
    OPTIONAL_REAL("min", min, "uniform, triangular, beta, truncnormal: min"),
    OPTIONAL_REAL("max", max, "uniform, triangular, beta, truncnormal: max"),
    OPTIONAL_REAL("mode", mode, "triangular: mode"),
    OPTIONAL_REAL("a", a, "beta: a"),
    OPTIONAL_REAL("b", b, "beta: b"),
    {"values", SIM_REALS, F(values), -INFINITY, INFINITY, NULL, "", "discrete: values",
     "离散取值", SIM_OPTIONAL, -SIM_DIST_MAX_VALUES, NULL, NULL, 0, F(nvalues), 0},
    {"weights", SIM_REALS, F(weights), 0, INFINITY, NULL, "", "discrete: weights", "权重",
     SIM_OPTIONAL, -SIM_DIST_MAX_VALUES, NULL, NULL, 0, F(nweights), 0},
};
#undef F

#define F(field) offsetof(sim_correlation, field)
static const sim_param correlation_fields[] = {
    {"a", SIM_TEXT, F(a), 0, 0, NULL, "", "First input path", "变量一", 0, 0, NULL},
    {"b", SIM_TEXT, F(b), 0, 0, NULL, "", "Second input path", "变量二", 0, 0, NULL},
    {"rho", SIM_REAL, F(rho), -0.999, 0.999, NULL, "", "Rank correlation", "秩相关系数", 0, 0,
     NULL},
};
#undef F

#define F(field) offsetof(sim_uncertainty, field)
static const sim_param fields[] = {
    {"method", SIM_CHOICE, F(method), 0, 0, "\"mc\"", "", "mc, lhs or qmc", "抽样方法", 0, 0,
     sim_methods},
    {"samples", SIM_INT, F(samples), 1, 1e9, "1000", "", "Number of runs", "运行次数", 0, 0,
     NULL},
    {"seed", SIM_INT, F(seed), 0, 2147483647, "1", "", "Random seed", "随机种子", 0, 0, NULL},
    {"params", SIM_LIST, F(inputs), 0, 0, "()", "", "Sampled inputs", "不确定参数", 0,
     SIM_MAX_INPUTS, NULL, input_fields, (int)(sizeof input_fields / sizeof input_fields[0]),
     offsetof(struct { int n; sim_input item[1]; }, item), sizeof(sim_input)},
    {"correlations", SIM_LIST, F(correlations), 0, 0, "()", "", "Rank correlations",
     "秩相关", 0, 0, NULL, correlation_fields, 3,
     offsetof(struct { int n; sim_correlation item[1]; }, item), sizeof(sim_correlation)},
};
#undef F

/* Only number and path settings: a batch varies numbers between lanes and
 * keeps lists, texts and choices the same in all of them (sim.h). */
bool sim_input_resolve(sim_input *in) {
  const char *dot = in->path ? strchr(in->path, '.') : NULL;
  for (int m = 0; dot && m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    if (strncmp(mt->name, in->path, (size_t)(dot - in->path)) || mt->name[dot - in->path]) {
      continue;
    }
    for (int i = 0; i < mt->nparams; i++) {
      const sim_param *p = &mt->params[i];
      if ((p->kind == SIM_REAL || p->kind == SIM_PATH) && strcmp(p->key, dot + 1) == 0) {
        in->model = m;
        in->offset = p->offset;
        in->is_path = p->kind == SIM_PATH;
        in->lo = p->lo;
        in->hi = p->hi;
        return true;
      }
    }
  }
  return false;
}

/* The distribution's parameters in sim_dist order; false if one is missing. */
static bool gather_law(sim_input *in) {
  const double by_kind[7][4] = {
      {in->mean, in->sd, 0, 0},        {in->median, in->sigma, 0, 0},
      {in->min, in->max, 0, 0},        {in->min, in->mode, in->max, 0},
      {in->a, in->b, in->min, in->max}, {in->mean, in->sd, in->min, in->max},
      {0, 0, 0, 0}};
  in->law.kind = (sim_dist_kind)in->dist;
  for (int k = 0; k < 4; k++) {
    in->law.p[k] = by_kind[in->dist][k];
    if (isnan(in->law.p[k])) {
      return false;
    }
  }
  if (in->dist == SIM_DIST_DISCRETE) {
    in->law.nvalues = in->nvalues;
    memcpy(in->law.values, in->values, sizeof in->values);
    /* the weights, which sim_dist_prepare turns into running sums in place */
    memcpy(in->law.cumulative, in->weights, sizeof in->weights);
    return in->nvalues > 0 && in->nvalues == in->nweights;
  }
  return true;
}

static const char *const needs[] = {"mean and sd", "median and sigma", "min and max",
                                    "min, mode and max", "a, b, min and max",
                                    "mean, sd, min and max", "values and as many weights"};

/* The name of a distribution setting given to input `in` that its law
 * does not take, or NULL. */
static const char *unused_setting(const sim_input *in) {
  static const char *const names[] = {"mean", "sd",   "median", "sigma", "min",
                                      "max",  "mode", "a",      "b"};
  /* bit k: the law takes names[k] (in sim_dist_kind order) */
  static const unsigned takes[] = {0x003, 0x00c, 0x030, 0x070, 0x1b0, 0x033, 0};
  const double given[] = {in->mean, in->sd, in->median, in->sigma, in->min,
                          in->max,  in->mode, in->a,    in->b};
  for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++) {
    if (!isnan(given[k]) && !(takes[in->dist] >> k & 1)) {
      return names[k];
    }
  }
  bool discrete = in->dist == SIM_DIST_DISCRETE;
  return !discrete && in->nvalues ? "values" : !discrete && in->nweights ? "weights" : NULL;
}

/* The scenario's own values of input in's setting. */
static const double *own_values(const sim_input *in, const void *const *base) {
  return (const double *)((const char *)base[in->model] + in->offset);
}

/* True when input `in` scales a setting that is 0 in every year (the
 * scaling would change nothing). */
static bool scales_zero(const sim_input *in, const sim_scenario *sc) {
  if (in->apply != SIM_APPLY_SCALE && in->apply != SIM_APPLY_RATE) {
    return false;
  }
  const double *from = own_values(in, sim_scenario_params(sc));
  int years = in->is_path ? sim_scenario_end(sc) - sim_scenario_start(sc) + 1 : 1;
  for (int t = 0; t < years; t++) {
    if (from[t] != 0) {
      return false;
    }
  }
  return true;
}

/* Checks input i; `settings` is the scenario's loaded settings, NULL when
 * some failed to load (their values are not the scenario's then). */
static void check_input(sim_input *in, int i, const sim_scenario *settings, sim_diags *d) {
  char path[64], got[256];
  snprintf(path, sizeof path, "uncertainty.params.[%d]", i);
  snprintf(got, sizeof got, "\"%s\"", in->path ? in->path : "");
  if (!sim_input_resolve(in)) {
    sim_diag_at(d, path, got, "path must name a number or path setting of a model");
  } else if (in->apply == SIM_APPLY_RATE && !in->is_path) {
    sim_diag_at(d, path, got, "apply = \"rate\" needs a path setting (one value per year)");
  } else if (settings && scales_zero(in, settings)) {
    sim_diag_at(d, path, got, "scales a setting that is 0 in every year, which changes "
                              "nothing: use apply = \"set\" or \"shift\"");
  }
  const char *unused = unused_setting(in);
  if (unused) {
    sim_diag_at(d, path, NULL, "%s is not a setting of %s, which takes %s", unused,
                dists[in->dist], needs[in->dist]);
  }
  if (!gather_law(in)) {
    sim_diag_at(d, path, NULL, "%s needs %s", dists[in->dist], needs[in->dist]);
    return;
  }
  const char *why = sim_dist_prepare(&in->law);
  if (why) {
    sim_diag_at(d, path, NULL, "%s: %s", dists[in->dist], why);
  }
}

static int input_index(const sim_uncertainty *u, const char *path) {
  for (int i = 0; path && i < u->inputs.n; i++) {
    if (strcmp(u->inputs.item[i].path, path) == 0) {
      return i;
    }
  }
  return -1;
}

/* Two inputs sampling one setting: the first would be overwritten. */
static void check_paths(const sim_uncertainty *u, sim_diags *d) {
  for (int i = 0; i < u->inputs.n; i++) {
    int j = input_index(u, u->inputs.item[i].path);
    if (j >= 0 && j < i) {
      char path[64], got[256];
      snprintf(path, sizeof path, "uncertainty.params.[%d].path", i);
      snprintf(got, sizeof got, "\"%s\"", u->inputs.item[i].path);
      sim_diag_at(d, path, got, "already sampled by params.[%d]", j);
    }
  }
}

static void check_correlations(sim_uncertainty *u, sim_diags *d) {
  for (int k = 0; k < u->correlations.n; k++) {
    sim_correlation *c = &u->correlations.item[k];
    char path[64];
    snprintf(path, sizeof path, "uncertainty.correlations.[%d]", k);
    c->ia = input_index(u, c->a);
    c->ib = input_index(u, c->b);
    if (c->ia < 0 || c->ib < 0 || c->ia == c->ib) {
      sim_diag_at(d, path, NULL, "a and b must name two different sampled inputs");
      continue;
    }
    for (int j = 0; j < k; j++) {
      const sim_correlation *o = &u->correlations.item[j];
      if ((o->ia == c->ia && o->ib == c->ib) || (o->ia == c->ib && o->ib == c->ia)) {
        sim_diag_at(d, path, NULL, "%s and %s already have a correlation (correlations.[%d])",
                    c->a, c->b, j);
      }
    }
  }
}

bool sim_correlation_factor(const sim_uncertainty *u, gsl_matrix *c) {
  gsl_matrix_set_identity(c);
  for (int i = 0; i < u->correlations.n; i++) {
    const sim_correlation *x = &u->correlations.item[i];
    double r = 2 * sin(M_PI * x->rho / 6);
    gsl_matrix_set(c, (size_t)x->ia, (size_t)x->ib, r);
    gsl_matrix_set(c, (size_t)x->ib, (size_t)x->ia, r);
  }
  return gsl_linalg_cholesky_decomp1(c) == GSL_SUCCESS;
}

/* The correlation matrix must be positive definite (checked here, so
 * that `plansim check` says so, not only a batch). */
static void check_definite(const sim_uncertainty *u, sim_diags *d) {
  size_t k = (size_t)u->inputs.n;
  gsl_matrix *c = k > 0 && u->correlations.n > 0 ? gsl_matrix_alloc(k, k) : NULL;
  if (c && !sim_correlation_factor(u, c)) {
    sim_diag_at(d, "uncertainty.correlations", NULL,
                "the correlation matrix is not positive definite");
  }
  gsl_matrix_free(c);
}

/* Sets in->always_inside when both ends of the law's support keep the
 * setting in range in every year: set, scale and shift are monotone in
 * the sampled value (rounding keeps order), so every value between does
 * too, and runs need no check. */
static void mark_always_inside(sim_input *in, const sim_scenario *sc) {
  const void *const *base = sim_scenario_params(sc);
  int years = sim_scenario_end(sc) - sim_scenario_start(sc) + 1;
  double least, most, value;
  sim_dist_support(&in->law, &least, &most);
  in->always_inside = sim_input_outside(in, least, base, years, &value) < 0 &&
                      sim_input_outside(in, most, base, years, &value) < 0;
}

sim_status sim_uncertainty_load(sim_scenario *sc, sim_diags *d, sim_uncertainty **out) {
  sim_uncertainty *u = calloc(1, sizeof *u);
  if (!u) {
    return SIM_ERR_NOMEM;
  }
  int before = sim_diags_count(d);
  sim_scenario_load_group(sc, fields, (int)(sizeof fields / sizeof fields[0]), "uncertainty",
                          u, d);
  if (sim_diags_count(d) == before) {
    for (int i = 0; i < u->inputs.n; i++) { /* the settings are whole when nothing failed */
      check_input(&u->inputs.item[i], i, before == 0 ? sc : NULL, d);
    }
    check_paths(u, d);
    check_correlations(u, d);
  }
  if (sim_diags_count(d) == before) {
    check_definite(u, d);
  }
  if (sim_diags_count(d) == before) {
    for (int i = 0; i < u->inputs.n; i++) {
      mark_always_inside(&u->inputs.item[i], sc);
    }
  }
  if (sim_diags_count(d) > before) {
    free(u);
    return SIM_ERR_INVALID;
  }
  *out = u;
  return SIM_OK;
}

/* The value input in gives its setting in year t when drawn as x, from
 * the scenario's own values `from`.  "rate" replaces the path by the base
 * year's value grown at x a year: the draw is a trend, not a level. */
static inline double applied(const sim_input *in, const double *from, double x, int t) {
  return in->apply == SIM_APPLY_SET     ? x
         : in->apply == SIM_APPLY_SCALE ? from[t] * x
         : in->apply == SIM_APPLY_SHIFT ? from[t] + x
                                        : from[0] * sim_power(1 + x, t);
}

bool sim_input_apply(const sim_input *in, double x, void *const *params,
                     const void *const *base, int years) {
  const double *from = own_values(in, base);
  double *to = (double *)((char *)params[in->model] + in->offset);
  int n = in->is_path ? years : 1;
  if (in->apply == SIM_APPLY_RATE) { /* a growth factor a year, with pow's bits */
    sim_powers(1 + x, n, to);
    for (int t = 0; t < n; t++) {
      to[t] = from[0] * to[t];
    }
  }
  for (int t = 0; in->apply != SIM_APPLY_RATE && t < n; t++) {
    to[t] = applied(in, from, x, t);
  }
  /* x == x: a NaN draw is never inside; always_inside spares the year by
   * year check for laws whose whole support was checked at load */
  double value;
  return x == x && (in->always_inside || (in->apply == SIM_APPLY_SET
                                              ? x >= in->lo && x <= in->hi
                                              : sim_input_outside(in, x, base, years,
                                                                  &value) < 0));
}

int sim_input_outside(const sim_input *in, double x, const void *const *base, int years,
                      double *value) {
  const double *from = own_values(in, base);
  for (int t = 0; t < (in->is_path ? years : 1); t++) {
    *value = applied(in, from, x, t);
    if (!(*value >= in->lo && *value <= in->hi)) {
      return t;
    }
  }
  return -1;
}

bool sim_uncertainty_touches(const sim_uncertainty *u, int model) {
  for (int i = 0; u && i < u->inputs.n; i++) {
    if (u->inputs.item[i].model == model) {
      return true;
    }
  }
  return false;
}
