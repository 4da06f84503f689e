/* serve_levers.c — which settings the page shows as sliders, read off the
 * models' parameter tables, and the body of GET /api/scenario.
 *
 * A lever is a parameter row that is one number (SIM_REAL, or SIM_PATH
 * set as one number for every year) with a finite lower bound, that is not
 * a base-year value (a key ending in 0: data, not a choice) nor "Batch
 * only" (it changes no single run), and that has a value in the scenario.
 * The slider spans the bounds in whole steps (about a thousandth of the
 * span, a power of ten); an upper bound of infinity becomes three times
 * the file's largest value (docs/serve.md).  Typed values may go anywhere:
 * the server checks them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/registry.h"
#include "scenario/targets.h"
#include "serve/serve_impl.h"

/* True when row p of a model table can be a lever (see above). */
static bool lever_kind(const sim_param *p) {
  size_t n = strlen(p->key);
  return (p->kind == SIM_REAL || p->kind == SIM_PATH) && isfinite(p->lo) && p->hi > p->lo &&
         n > 0 && p->key[n - 1] != '0' && strncmp(p->label, "Batch only", 10) != 0;
}

/* A power of ten near a thousandth of the span: the slider's step. */
static double step_of(double span) {
  return pow(10, floor(log10(span / 1000)));
}

/* The lever's file value: a path's in the first plan year, and whether
 * the path changes over the plan years; the largest into *most. */
static double file_value(const sim_param *p, const void *params, int years, bool *varies,
                         double *most) {
  const char *at = (const char *)params + p->offset;
  *varies = false;
  if (p->kind == SIM_REAL) {
    *most = *(const double *)at;
    return *most;
  }
  const sim_path *path = (const sim_path *)at;
  int first = years > 0 ? 1 : 0;
  *most = path->v[first];
  for (int t = first; t <= years; t++) {
    *varies |= path->v[t] != path->v[first];
    *most = fmax(*most, path->v[t]);
  }
  return path->v[first];
}

static void add_lever(serve_app *app, int m, const sim_param *p, const void *params) {
  serve_lever *l = &app->levers[app->nlevers];
  int years = sim_scenario_end(app->sc) - sim_scenario_start(app->sc);
  double most;
  l->value = file_value(p, params, years, &l->varies, &most);
  if (isnan(l->value) || app->nlevers == SERVE_MAX_LEVERS) {
    return; /* an optional setting left out */
  }
  snprintf(l->path, sizeof l->path, "%s.%s", sim_models[m]->name, p->key);
  l->param = p;
  l->model = m;
  double hi = isfinite(p->hi) ? p->hi : fmax(3 * most, p->lo + 1);
  /* the slider's ends on whole steps inside the bounds (1e-06 shows as 0.001) */
  l->step = step_of(hi - p->lo);
  l->min = ceil(p->lo / l->step) * l->step;
  l->max = isfinite(p->hi) ? floor(hi / l->step) * l->step : ceil(hi / l->step) * l->step;
  app->nlevers++;
}

void serve_find_levers(serve_app *app) {
  const void *const *params = sim_scenario_params(app->sc);
  for (int m = 0; m < sim_nmodels; m++) {
    for (int i = 0; i < sim_models[m]->nparams; i++) {
      if (lever_kind(&sim_models[m]->params[i])) {
        add_lever(app, m, &sim_models[m]->params[i], params[m]);
      }
    }
  }
}

static json_t *lever_json(const serve_lever *l) {
  const sim_model_type *mt = sim_models[l->model];
  const sim_param *p = l->param;
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
                   "path", l->path, "model", mt->name, "model_label", mt->label,
                   "model_label_zh", mt->label_zh, "kind",
                   p->kind == SIM_PATH ? "path" : "real", "unit", p->unit ? p->unit : "",
                   "label", p->label ? p->label : "", "label_zh",
                   p->label_zh ? p->label_zh : "", "lo", serve_number(p->lo), "hi",
                   serve_number(p->hi), "min", serve_number(l->min), "max",
                   serve_number(l->max), "step", serve_number(l->step), "value",
                   serve_number(l->value), "varies", l->varies);
}

static json_t *target_json(const sim_target *t) {
  return json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s?, s:s, s:i, s:i, s:o, s:o}",
                   "id", t->id, "label", t->label, "label_zh", t->label_zh, "attribute",
                   sim_target_attributes[t->attribute], "kind", sim_target_kinds[t->kind],
                   "var", t->var, "ref", t->ref, "op", sim_target_ops[t->op], "from",
                   t->from, "to", t->to, "threshold", serve_number(t->value), "tol",
                   serve_number(t->tol));
}

/* The targets as the file states them, binding first, or an empty array
 * when they cannot be loaded. */
static json_t *targets_json(const serve_app *app) {
  json_t *a = json_array();
  sim_diags *d = sim_diags_alloc();
  sim_targets *ts = NULL;
  if (d && sim_targets_load(app->sc, app->engine, d, &ts) == SIM_OK) {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < ts->n; i++) {
        if (ts->item[i].attribute == pass) {
          json_array_append_new(a, target_json(&ts->item[i]));
        }
      }
    }
  }
  free(ts);
  sim_diags_free(d);
  return a;
}

static json_t *outputs_json(const sim_engine *e) {
  json_t *a = json_array();
  for (int i = 0; i < sim_engine_output_count(e); i++) {
    const sim_layout_entry *o = sim_engine_output(e, i);
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "name", o->name, "unit",
                                       o->unit ? o->unit : "", "label", o->label ? o->label : "",
                                       "label_zh", o->label_zh ? o->label_zh : ""));
  }
  return a;
}

/* The file name a downloaded scenario names as its base: the loaded
 * file's name without folders ("xincheng-2030.cfg", also for the one
 * built in). */
static const char *base_name(const sim_scenario *sc, char *buf, size_t size) {
  const char *file = sim_scenario_file(sc, 0), *slash = strrchr(file, '/');
  snprintf(buf, size, "%s", slash ? slash + 1 : file);
  char *built_in = strstr(buf, " (built in)");
  if (built_in) {
    *built_in = '\0';
  }
  return buf;
}

char *serve_scenario_json(const serve_app *app) {
  const sim_scenario *sc = app->sc;
  char base[256];
  json_t *levers = json_array();
  for (int i = 0; i < app->nlevers; i++) {
    json_array_append_new(levers, lever_json(&app->levers[i]));
  }
  json_t *years = json_array();
  for (int y = sim_scenario_start(sc); y <= sim_scenario_end(sc); y++) {
    json_array_append_new(years, json_integer(y));
  }
  const config_setting_t *in_cap = sim_scenario_setting(sc, "water.reclaimed_in_cap");
  json_t *root = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:b, s:b, s:i}", "name",
      sim_scenario_name(sc), "title", sim_scenario_title(sc), "title_zh",
      sim_scenario_title_zh(sc), "file", sim_scenario_file(sc, 0), "base",
      base_name(sc, base, sizeof base), "start", sim_scenario_start(sc), "end",
      sim_scenario_end(sc), "years", years, "levers", levers, "targets", targets_json(app), "outputs",
      outputs_json(app->engine), "reclaimed_in_cap", in_cap && config_setting_get_bool(in_cap),
      "batch", sim_scenario_setting(sc, "uncertainty") != NULL, "max_runs", SERVE_MAX_RUNS);
  char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
  json_decref(root);
  return text;
}
