/* test_serve.c — serve_handle without sockets: routes and statuses, the
 * levers read off the parameter tables, and runs answered from the texts
 * read at start after the scenario files are gone from disk.
 * usage: test_serve SCENARIOS_DIR */
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "serve/serve_impl.h"

static serve_reply ask(serve_app *app, const char *method, const char *url, const char *body) {
  serve_reply r;
  serve_handle(app, method, url, body, body ? strlen(body) : 0, &r);
  return r;
}

static int status_of(serve_app *app, const char *method, const char *url, const char *body) {
  serve_reply r = ask(app, method, url, body);
  serve_reply_free(&r);
  return r.status;
}

static void routes(serve_app *app) {
  CHECK(status_of(app, "GET", "/", NULL) == 200);
  CHECK(status_of(app, "GET", "/?lang=en", NULL) == 200);
  CHECK(status_of(app, "GET", "/app.js", NULL) == 200);
  CHECK(status_of(app, "GET", "/api/scenario", NULL) == 200);
  CHECK(status_of(app, "GET", "/etc/passwd", NULL) == 404);
  CHECK(status_of(app, "GET", "/api/run", NULL) == 405);
  CHECK(status_of(app, "POST", "/app.js", "{}") == 405);
  CHECK(status_of(app, "PATCH", "/api/batch", "{}") == 405);
  CHECK(status_of(app, "POST", "/api/run", "{}") == 200);
  CHECK(status_of(app, "POST", "/api/run", "") == 400);
  CHECK(status_of(app, "POST", "/api/run", "{\"set\": 3}") == 400);
  CHECK(status_of(app, "POST", "/api/run", "{\"set\": {\"economy.growth\": null}}") == 400);
  CHECK(status_of(app, "POST", "/api/run", "{\"set\": {\"economy.growth\": 0.6}}") == 200);
  CHECK(status_of(app, "POST", "/api/run", "{\"a\": 1, \"a\": 2}") == 400);
  /* a NUL inside the body is not JSON */
  serve_reply r;
  serve_handle(app, "POST", "/api/run", "{\"set\"\0:{}}", 11, &r);
  CHECK(r.status == 400);
  serve_reply_free(&r);
  /* the size limit is the handler's too */
  char *big = malloc(SERVE_MAX_BODY + 2);
  memset(big, ' ', SERVE_MAX_BODY + 1);
  big[0] = '{', big[SERVE_MAX_BODY] = '}', big[SERVE_MAX_BODY + 1] = '\0';
  CHECK(status_of(app, "POST", "/api/run", big) == 413);
  big[SERVE_MAX_BODY - 1] = '}', big[SERVE_MAX_BODY] = '\0';
  CHECK(status_of(app, "POST", "/api/run", big) == 200);
  free(big);
}

static const serve_lever *lever(const serve_app *app, const char *path) {
  for (int i = 0; i < app->nlevers; i++) {
    if (strcmp(app->levers[i].path, path) == 0) {
      return &app->levers[i];
    }
  }
  return NULL;
}

/* Which settings are levers, and their sliders (serve_levers.c's rule). */
static void levers(const serve_app *app) {
  const serve_lever *g = lever(app, "economy.growth"), *cap = lever(app, "water.cap");
  const serve_lever *lpd = lever(app, "water.domestic_lpd");
  CHECK(g && g->min == -0.5 && g->max == 1 && g->step == 0.001 && g->value == 0.055);
  CHECK(cap && cap->min == 0 && cap->max == 3 * 8600 && cap->step == 10);
  CHECK(lpd && lpd->min == 1 && lpd->max == 2000); /* [1e-06, 2000] on whole steps */
  CHECK(lever(app, "compute.pue") && lever(app, "compute.pue")->varies);
  CHECK(!lever(app, "economy.gdp0"));             /* a base-year value */
  CHECK(!lever(app, "economy.growth_noise.sd"));  /* batch only */
  CHECK(!lever(app, "economy.shares0") && !lever(app, "water.rule")); /* not one number */
}

/* GDP of 2030 in a reply to POST /api/run, or -1. */
static double gdp_2030(serve_reply *r) {
  json_t *root = json_loads(r->body, 0, NULL);
  json_t *gdp = json_object_get(json_object_get(root, "outputs"), "economy.gdp");
  double v = json_is_array(gdp) ? json_real_value(json_array_get(gdp, json_array_size(gdp) - 1))
                                : -1;
  json_decref(root);
  return v;
}

/* A scenario with a base, copied to a folder, loaded, and then both files
 * deleted: runs are still answered, equal to those before. */
static void no_disk(const char *dir) {
  char tmp[] = "/tmp/plansim-test-serve-XXXXXX", cmd[1024], child[128];
  if (!CHECK(mkdtemp(tmp) != NULL)) {
    return;
  }
  snprintf(cmd, sizeof cmd, "cp %s/xincheng-2030.cfg %s/xincheng-low-growth.cfg %s", dir, dir,
           tmp);
  CHECK(system(cmd) == 0);
  snprintf(child, sizeof child, "%s/xincheng-low-growth.cfg", tmp);
  serve_app *app = NULL;
  CHECK(serve_app_alloc((sim_source){child, NULL, NULL}, 1, &app) == SIM_OK);
  if (!app) {
    return;
  }
  const char *body = "{\"set\": {\"economy.growth\": 0.0437}}";
  serve_reply before = ask(app, "POST", "/api/run", body);
  snprintf(cmd, sizeof cmd, "rm -r %s", tmp);
  CHECK(system(cmd) == 0);
  serve_reply after = ask(app, "POST", "/api/run", body);
  CHECK(before.status == 200 && after.status == 200);
  CHECK(gdp_2030(&before) > 0 && gdp_2030(&before) == gdp_2030(&after));
  serve_reply_free(&before);
  serve_reply_free(&after);
  serve_app_free(app);
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  if (argc != 2) {
    fprintf(stderr, "usage: test_serve SCENARIOS_DIR\n");
    return 2;
  }
  char file[1024];
  snprintf(file, sizeof file, "%s/xincheng-2030.cfg", argv[1]);
  serve_app *app = NULL;
  CHECK(serve_app_alloc((sim_source){file, NULL, NULL}, 1, &app) == SIM_OK);
  if (app) {
    routes(app);
    levers(app);
  }
  serve_app_free(app);
  no_disk(argv[1]);
  return test_summary("serve");
}
