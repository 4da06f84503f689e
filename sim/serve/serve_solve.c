/* serve_solve.c — POST /api/solve: "what it takes".  Along one lever (over
 * its slider's range), the values at which each target turns from missed
 * to met, by the target seeking of analysis/solve.h on the scenario with
 * the request's settings. */
#define _GNU_SOURCE /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/solve.h"
#include "serve/serve_impl.h"

#define SOLVE_POINTS 256 /* the scan, as plansim solve's default */

/* The lever named by the body's "lever", or NULL with a 400 made. */
static const serve_lever *find_lever(const serve_app *app, const json_t *body,
                                     serve_reply *out) {
  const char *path = json_string_value(json_object_get(body, "lever"));
  for (int i = 0; path && i < app->nlevers; i++) {
    if (strcmp(app->levers[i].path, path) == 0) {
      return &app->levers[i];
    }
  }
  char why[256];
  snprintf(why, sizeof why, "lever: must name one of the levers of GET /api/scenario (got %.100s)",
           path ? path : "none");
  serve_error(out, 400, why);
  return NULL;
}

/* Every target's boundaries along the lever, as JSON. */
static json_t *crossings_json(solve_eval *ev, const sim_targets *ts) {
  json_t *a = json_array();
  for (int i = 0; i < ts->n; i++) {
    solve_result r;
    json_t *c = json_array();
    if (solve_target(ev, i, 0, NULL, SOLVE_POINTS, &r) != SIM_OK) {
      json_decref(c);
      json_decref(a);
      return NULL;
    }
    for (int k = 0; k < r.n; k++) {
      json_array_append_new(c, json_pack("{s:o, s:i}", "value", serve_number(r.item[k].value),
                                         "met_side", r.item[k].met_side));
    }
    json_array_append_new(a, json_pack("{s:s, s:o, s:i}", "id", ts->item[i].id, "crossings", c,
                                       "met_at_lo", r.met_at_lo));
  }
  return a;
}

/* Solves along lever l on sc and replies. */
static void solve_and_reply(sim_scenario *sc, const sim_engine *e, const serve_lever *l,
                            serve_reply *out) {
  char text[160], *msg = NULL;
  size_t msg_len = 0;
  snprintf(text, sizeof text, "%s=%.17g:%.17g", l->path, l->min, l->max);
  FILE *err = open_memstream(&msg, &msg_len);
  sim_diags *d = sim_diags_alloc();
  sim_targets *ts = NULL;
  solve_lever lever = {0};
  solve_eval *ev = NULL;
  int years = sim_scenario_end(sc) - sim_scenario_start(sc) + 1;
  sim_status st = d && err ? sim_targets_load(sc, e, d, &ts) : SIM_ERR_NOMEM;
  if (st == SIM_OK) {
    st = solve_lever_parse(text, sim_scenario_params(sc), years, &lever, err);
  }
  if (st == SIM_OK) {
    st = solve_eval_alloc(sc, ts, &lever, 1, &ev);
  }
  json_t *targets = st == SIM_OK ? crossings_json(ev, ts) : NULL;
  if (err) {
    fclose(err);
  }
  if (targets) {
    serve_json(out, 200, json_pack("{s:s, s:o, s:o, s:o}", "lever", l->path, "lo",
                                   serve_number(l->min), "hi", serve_number(l->max), "targets",
                                   targets));
  } else {
    serve_error(out, st == SIM_ERR_NOMEM || st == SIM_OK ? 500 : 400,
                msg && *msg ? msg : "the targets could not be solved for");
  }
  solve_eval_free(ev);
  solve_lever_clear(&lever);
  free(ts);
  free(msg);
  sim_diags_free(d);
}

void serve_solve(serve_app *app, const char *body, size_t len, serve_reply *out) {
  json_t *root = serve_parse_body(body, len, out);
  const serve_lever *l = root ? find_lever(app, root, out) : NULL;
  sim_scenario *sc = l ? serve_load_with_sets(app, root, out) : NULL;
  json_decref(root);
  sim_engine *e = NULL;
  sim_diags *d = sc ? sim_diags_alloc() : NULL;
  if (d && sim_engine_alloc(sim_scenario_start(sc), sim_scenario_end(sc),
                            sim_scenario_params(sc), d, &e) == SIM_OK) {
    solve_and_reply(sc, e, l, out);
  } else if (sc) {
    serve_error(out, 500, "out of memory");
  }
  sim_engine_free(e);
  sim_diags_free(d);
  sim_scenario_free(sc);
}
