/* serve_app.c — the server's state and its routes: which handler answers
 * a method and url, the JSON replies and errors every handler shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/load.h"
#include "serve/serve_impl.h"

sim_status serve_app_alloc(sim_source src, int threads, serve_app **out) {
  *out = NULL;
  serve_app *app = calloc(1, sizeof *app);
  sim_diags *d = sim_diags_alloc();
  sim_status st = app && d ? SIM_OK : SIM_ERR_NOMEM;
  if (st == SIM_OK) {
    st = sim_scenario_load(src, NULL, 0, d, &app->sc);
  }
  if (st == SIM_OK) {
    st = sim_engine_alloc(sim_scenario_start(app->sc), sim_scenario_end(app->sc),
                          sim_scenario_params(app->sc), d, &app->engine);
  }
  if (d) {
    sim_diags_print(d, stderr);
  }
  sim_diags_free(d);
  if (st == SIM_OK) {
    app->threads = threads > 0 ? threads : 1;
    pthread_mutex_init(&app->batch_lock, NULL);
    serve_find_levers(app);
    app->scenario_json = serve_scenario_json(app);
    st = app->scenario_json ? SIM_OK : SIM_ERR_NOMEM;
  }
  if (st != SIM_OK) {
    serve_app_free(app);
    return st;
  }
  *out = app;
  return SIM_OK;
}

void serve_app_free(serve_app *app) {
  if (!app) {
    return;
  }
  if (app->scenario_json) { /* made last: the lock was initialised */
    pthread_mutex_destroy(&app->batch_lock);
  }
  free(app->scenario_json);
  sim_engine_free(app->engine);
  sim_scenario_free(app->sc);
  free(app);
}

const char *serve_app_name(const serve_app *app) {
  return sim_scenario_name(app->sc);
}

void serve_reply_free(serve_reply *r) {
  free(r->body);
  r->body = NULL;
}

/* A reply whose body is a copy of text; a 500 when out of memory. */
static void reply_text(serve_reply *out, int status, const char *type, const char *text,
                       size_t len) {
  out->body = malloc(len + 1);
  out->status = out->body ? status : 500;
  out->type = type;
  out->len = out->body ? len : 0;
  if (out->body) {
    memcpy(out->body, text, len);
    out->body[len] = '\0';
  }
}

void serve_json(serve_reply *out, int status, json_t *obj) {
  char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
  json_decref(obj);
  out->type = "application/json; charset=utf-8";
  out->body = text;
  out->status = text ? status : 500;
  out->len = text ? strlen(text) : 0;
}

void serve_error(serve_reply *out, int status, const char *message) {
  serve_json(out, status, json_pack("{s:s}", "error", message));
}

json_t *serve_number(double x) {
  json_t *v = json_real(x); /* NULL for NaN and infinities */
  return v ? v : json_null();
}

json_t *serve_parse_body(const char *body, size_t len, serve_reply *out) {
  json_error_t err;
  json_t *root = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &err);
  char why[320];
  if (!root) {
    snprintf(why, sizeof why, "the body is not JSON: %s (line %d, column %d)", err.text,
             err.line, err.column);
    serve_error(out, 400, why);
    return NULL;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    serve_error(out, 400, "the body must be a JSON object, e.g. {\"set\": {}}");
    return NULL;
  }
  return root;
}

/* The url's path: up to a '?' or '#'. */
static size_t path_length(const char *url) {
  return strcspn(url, "?#");
}

static bool is_path(const char *url, const char *path) {
  size_t n = path_length(url);
  return n == strlen(path) && strncmp(url, path, n) == 0;
}

/* A GET route: the page's files and the scenario. */
static void get(serve_app *app, const char *url, serve_reply *out) {
  if (is_path(url, "/api/scenario")) {
    reply_text(out, 200, "application/json; charset=utf-8", app->scenario_json,
               strlen(app->scenario_json));
    return;
  }
  char path[64];
  size_t n = path_length(url);
  const char *type, *file = NULL;
  size_t len;
  if (n < sizeof path) {
    memcpy(path, url, n);
    path[n] = '\0';
    file = serve_page_file(path, &type, &len);
  }
  if (file) {
    reply_text(out, 200, type, file, len);
  } else if (is_path(url, "/api/run") || is_path(url, "/api/batch") ||
             is_path(url, "/api/solve")) {
    serve_error(out, 405, "this route takes POST");
  } else {
    serve_error(out, 404, "no such page (the routes: /, /api/scenario, /api/run, /api/batch, "
                          "/api/solve)");
  }
}

void serve_handle(serve_app *app, const char *method, const char *url, const char *body,
                  size_t len, serve_reply *out) {
  *out = (serve_reply){0};
  bool is_get = strcmp(method, "GET") == 0, is_post = strcmp(method, "POST") == 0;
  bool run = is_path(url, "/api/run"), batch = is_path(url, "/api/batch"),
       solve = is_path(url, "/api/solve");
  if (len > SERVE_MAX_BODY) {
    serve_error(out, 413, "the body is over 64 KiB");
  } else if (is_get || strcmp(method, "HEAD") == 0) {
    get(app, url, out);
  } else if (is_post && run) {
    serve_run(app, body, len, out);
  } else if (is_post && batch) {
    serve_batch(app, body, len, out);
  } else if (is_post && solve) {
    serve_solve(app, body, len, out);
  } else if (run || batch || solve || is_path(url, "/api/scenario") || serve_page_file(url, NULL, NULL)) {
    serve_error(out, 405, run || batch || solve ? "this route takes POST" : "this route takes GET");
  } else {
    serve_error(out, 404, "no such page (the routes: /, /api/scenario, /api/run, /api/batch, "
                          "/api/solve)");
  }
}
