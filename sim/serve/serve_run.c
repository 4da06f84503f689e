/* serve_run.c — POST /api/run: the scenario loaded again (from the texts
 * read at start) with the request's settings as --set overrides, so that
 * its checks, messages and numbers are the command line's, then one run
 * and its targets. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scenario/load.h"
#include "scenario/targets.h"
#include "serve/serve_impl.h"

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return 1e6 * (double)ts.tv_sec + 1e-3 * (double)ts.tv_nsec;
}

/* True when key looks like a setting path (letters, digits, '_', '.',
 * "[N]"): anything else is refused before it reaches libconfig. */
static bool path_like(const char *key) {
  if (!*key || strlen(key) > 200) {
    return false;
  }
  for (const char *c = key; *c; c++) {
    if (!isalnum((unsigned char)*c) && !strchr("_.[]", *c)) {
      return false;
    }
  }
  return true;
}

/* "PATH=VALUE" for one setting of the body into buf; NULL with the
 * message in why when the value is not a number. */
static const char *set_text(const char *key, const json_t *v, char *buf, size_t size,
                            char *why, size_t wsize) {
  if (!path_like(key)) {
    snprintf(why, wsize, "set: \"%.200s\" is not a setting path (e.g. economy.growth)", key);
    return NULL;
  }
  if (json_is_integer(v)) {
    snprintf(buf, size, "%s=%lld", key, (long long)json_integer_value(v));
  } else if (json_is_real(v)) {
    /* 17 digits read back to the same double: the run equals --set */
    snprintf(buf, size, "%s=%.17g", key, json_real_value(v));
  } else {
    char *got = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    snprintf(why, wsize, "%s: must be a number (got %.60s)", key, got ? got : "?");
    free(got);
    return NULL;
  }
  return buf;
}

/* The body's "set" object as --set texts in sets[] (storage in buf, each
 * 256 bytes); returns their number, or -1 with the message in why. */
static int read_sets(json_t *body, char (*buf)[256], const char **sets, char *why,
                     size_t wsize) {
  json_t *set = json_object_get(body, "set");
  if (!set) {
    return 0;
  }
  if (!json_is_object(set)) {
    snprintf(why, wsize, "set: must be an object of PATH: number (e.g. {\"economy.growth\": 0.06})");
    return -1;
  }
  if (json_object_size(set) > SERVE_MAX_SETS) {
    snprintf(why, wsize, "set: at most %d settings (got %zu)", SERVE_MAX_SETS,
             json_object_size(set));
    return -1;
  }
  const char *key;
  json_t *v;
  int n = 0;
  json_object_foreach(set, key, v) {
    sets[n] = set_text(key, v, buf[n], sizeof buf[n], why, wsize);
    if (!sets[n]) {
      return -1;
    }
    n++;
  }
  return n;
}

/* Every problem of the load, one a line, as the command line prints them. */
static char *diag_text(const sim_diags *d) {
  size_t len = 0;
  for (int i = 0; i < sim_diags_count(d); i++) {
    len += strlen(sim_diags_line(d, i)) + 1;
  }
  char *text = malloc(len + 1), *p = text;
  for (int i = 0; text && i < sim_diags_count(d); i++) {
    p += sprintf(p, "%s%s", i ? "\n" : "", sim_diags_line(d, i));
  }
  if (text) {
    *p = '\0';
  }
  return text;
}

sim_scenario *serve_load_with_sets(serve_app *app, json_t *body, serve_reply *out) {
  char buf[SERVE_MAX_SETS][256], why[512];
  const char *sets[SERVE_MAX_SETS];
  int n = read_sets(body, buf, sets, why, sizeof why);
  if (n < 0) {
    serve_error(out, 400, why);
    return NULL;
  }
  sim_diags *d = sim_diags_alloc();
  sim_scenario *sc = NULL;
  sim_source src = {sim_scenario_file(app->sc, 0), NULL, app->sc};
  sim_status st = d ? sim_scenario_load(src, sets, n, d, &sc) : SIM_ERR_NOMEM;
  if (st != SIM_OK) {
    char *text = d ? diag_text(d) : NULL;
    serve_error(out, st == SIM_ERR_NOMEM ? 500 : 400, text ? text : "out of memory");
    free(text);
  }
  sim_diags_free(d);
  return sc;
}

/* The 422 of a run that broke a model bound: the command line's words,
 * and the year, variable and value apart. */
static void bound_reply(const sim_violation *v, serve_reply *out) {
  char why[512];
  int n = snprintf(why, sizeof why,
                   "run stopped in year %d: model %s, variable %s = %.17g breaks the bound %s",
                   v->year, v->model, v->variable, v->value, v->rule);
  if (v->bound == v->bound && n > 0 && (size_t)n < sizeof why) {
    snprintf(why + n, sizeof why - (size_t)n, " (bound %.17g)", v->bound);
  }
  serve_json(out, 422,
             json_pack("{s:s, s:i, s:s, s:s, s:o, s:o, s:s}", "error", why, "year", v->year,
                       "model", v->model, "variable", v->variable, "value",
                       serve_number(v->value), "bound", serve_number(v->bound), "rule",
                       v->rule));
}

/* True when the request asks for output `name`: "outputs" absent (all)
 * or an array naming it. */
static bool wanted(const json_t *names, const char *name) {
  size_t i;
  json_t *n;
  if (!names) {
    return true;
  }
  json_array_foreach(names, i, n) {
    if (json_is_string(n) && strcmp(json_string_value(n), name) == 0) {
      return true;
    }
  }
  return false;
}

/* The outputs of the run asked for by name, one number a year. */
static json_t *outputs_json(const sim_engine *e, const json_t *names) {
  json_t *o = json_object();
  int count = sim_engine_output_count(e), years = sim_engine_end(e) - sim_engine_start(e) + 1;
  const double *v = sim_engine_values(e);
  for (int i = 0; i < count; i++) {
    if (!wanted(names, sim_engine_output(e, i)->name)) {
      continue;
    }
    json_t *a = json_array();
    for (int t = 0; t < years; t++) {
      json_array_append_new(a, serve_number(v[t * count + i]));
    }
    json_object_set_new(o, sim_engine_output(e, i)->name, a);
  }
  return o;
}

static json_t *target_result_json(const sim_target *t, const sim_target_result *r) {
  return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:i, s:i, s:o, s:o, s:o, s:o, s:b, s:s}",
                   "id", t->id, "attribute", sim_target_attributes[t->attribute], "kind",
                   sim_target_kinds[t->kind], "var", t->var, "ref", t->ref, "op",
                   sim_target_ops[t->op], "from", t->from, "to", t->to, "threshold",
                   serve_number(t->value), "tol", serve_number(t->tol), "metric",
                   serve_number(r->result), "gap", serve_number(r->gap), "met", r->met,
                   "status", r->met ? "met" : "missed");
}

/* The targets of a finished run, in the file's order; NULL with a 422
 * made when one is undefined on this run (the command line's exit 3). */
static json_t *targets_json(sim_scenario *sc, const sim_engine *e, serve_reply *out) {
  sim_diags *d = sim_diags_alloc();
  sim_targets *ts = NULL;
  sim_target_result r[SIM_MAX_LIST];
  json_t *a = NULL;
  if (d && sim_targets_load(sc, e, d, &ts) == SIM_OK) {
    int bad = sim_targets_eval(ts, sim_engine_values(e), sim_engine_output_count(e),
                               sim_engine_start(e), r);
    char why[256];
    snprintf(why, sizeof why, "target %s is undefined on this run (a growth or reduction "
             "from a value not above zero)", bad >= 0 ? ts->item[bad].id : "");
    a = bad < 0 ? json_array() : NULL;
    for (int i = 0; a && i < ts->n; i++) {
      json_array_append_new(a, target_result_json(&ts->item[i], &r[i]));
    }
    if (bad >= 0) {
      serve_error(out, 422, why);
    }
  } else {
    char *text = d ? diag_text(d) : NULL;
    serve_error(out, 400, text ? text : "out of memory");
    free(text);
  }
  free(ts);
  sim_diags_free(d);
  return a;
}

static json_t *years_json(const sim_engine *e) {
  json_t *a = json_array();
  for (int y = sim_engine_start(e); y <= sim_engine_end(e); y++) {
    json_array_append_new(a, json_integer(y));
  }
  return a;
}

/* Runs sc and replies with its outputs (those `names` lists, or all)
 * and targets. */
static void run_and_reply(sim_scenario *sc, const json_t *names, double started,
                          serve_reply *out) {
  sim_engine *e = NULL;
  sim_diags *d = sim_diags_alloc();
  sim_status st = d ? sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                                       sim_scenario_params(sc), d, &e)
                    : SIM_ERR_NOMEM;
  if (st == SIM_OK) {
    st = sim_engine_run(e, sim_scenario_params(sc));
  }
  json_t *targets = NULL;
  if (st == SIM_ERR_BOUND) {
    bound_reply(sim_engine_violation(e), out);
  } else if (st != SIM_OK) {
    char *text = d ? diag_text(d) : NULL;
    serve_error(out, st == SIM_ERR_NOMEM ? 500 : 400, text ? text : "out of memory");
    free(text);
  } else if ((targets = targets_json(sc, e, out))) {
    json_t *root = json_pack("{s:o, s:o, s:o}", "years", years_json(e), "outputs",
                             outputs_json(e, names), "targets", targets);
    json_object_set_new(root, "elapsed_us", json_integer((json_int_t)(now_us() - started)));
    serve_json(out, 200, root);
  }
  sim_engine_free(e);
  sim_diags_free(d);
}

/* The body's "outputs": absent (every output) or an array of output
 * names the file's run has; false with a 400 made otherwise. */
static bool outputs_ok(const serve_app *app, const json_t *names, serve_reply *out) {
  size_t i;
  json_t *n;
  char why[256];
  if (!names) {
    return true;
  }
  if (!json_is_array(names)) {
    serve_error(out, 400, "outputs: must be an array of output names (e.g. [\"economy.gdp\"])");
    return false;
  }
  json_array_foreach(names, i, n) {
    if (!json_is_string(n) ||
        sim_layout_find(sim_engine_layout(app->engine), json_string_value(n)) < 0) {
      char *got = json_dumps(n, JSON_ENCODE_ANY | JSON_COMPACT);
      snprintf(why, sizeof why, "outputs: no output called %.100s (plansim describe lists them)",
               got ? got : "?");
      free(got);
      serve_error(out, 400, why);
      return false;
    }
  }
  return true;
}

void serve_run(serve_app *app, const char *body, size_t len, serve_reply *out) {
  double started = now_us();
  json_t *root = serve_parse_body(body, len, out);
  json_t *names = root ? json_object_get(root, "outputs") : NULL;
  sim_scenario *sc =
      root && outputs_ok(app, names, out) ? serve_load_with_sets(app, root, out) : NULL;
  if (sc) {
    run_and_reply(sc, names, started, out);
  }
  sim_scenario_free(sc);
  json_decref(root);
}
