/* serve_impl.h — the server's private state, shared by serve_app.c
 * (routes), serve_levers.c (levers and GET /api/scenario), serve_run.c
 * (POST /api/run), serve_batch.c (POST /api/batch), serve_solve.c (POST
 * /api/solve) and serve_page.c (the page compiled in). */
#ifndef PLANSIM_SERVE_IMPL_H
#define PLANSIM_SERVE_IMPL_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>

#include "core/engine.h"
#include "serve/serve.h"

#define SERVE_MAX_LEVERS 128
#define SERVE_MAX_SETS 64 /* as the command line's --set */

/* A setting the page shows as a slider (serve_levers.c says which). */
typedef struct {
  char path[96];          /* "economy.growth" */
  const sim_param *param; /* its row in the model's table */
  int model;              /* registry index */
  double value;           /* the file's value (a path's: its first plan year) */
  bool varies;            /* a path whose file value changes over the plan years */
  double min, max, step;  /* the slider */
} serve_lever;

struct serve_app {
  sim_scenario *sc; /* loaded once; its texts are reused by every request */
  sim_engine *engine; /* the file's run, for the outputs' names and units */
  int threads;
  serve_lever levers[SERVE_MAX_LEVERS];
  int nlevers;
  char *scenario_json; /* GET /api/scenario, made once */
  pthread_mutex_t batch_lock; /* one batch at a time: each uses every thread */
};

/* Finds the levers of app->sc. */
void serve_find_levers(serve_app *app);

/* The body of GET /api/scenario (malloc'd), or NULL when out of memory. */
char *serve_scenario_json(const serve_app *app);

/* The scenario loaded again with the body's "set" overrides.  On a bad
 * body or setting: NULL, with the 400 reply made in out. */
sim_scenario *serve_load_with_sets(serve_app *app, json_t *body, serve_reply *out);

/* Parses a JSON object body; on failure NULL and a 400 in out. */
json_t *serve_parse_body(const char *body, size_t len, serve_reply *out);

/* Replies with obj (taken) as JSON and the given status. */
void serve_json(serve_reply *out, int status, json_t *obj);

/* A JSON number, or null for NaN and infinities (JSON has none). */
json_t *serve_number(double x);

/* The run and batch routes. */
void serve_run(serve_app *app, const char *body, size_t len, serve_reply *out);
void serve_batch(serve_app *app, const char *body, size_t len, serve_reply *out);
void serve_solve(serve_app *app, const char *body, size_t len, serve_reply *out);

/* The page's files compiled in: the body for `url`, or NULL. */
const char *serve_page_file(const char *url, const char **type, size_t *len);

#endif
