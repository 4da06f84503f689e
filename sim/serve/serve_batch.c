/* serve_batch.c — POST /api/batch: the batch engine (analysis/batch.h)
 * on the scenario with the request's settings, answering each target's
 * p_met and the fans of four key outputs.
 *
 * batch.h's one public entry point, sim_batch_run, writes its results as
 * files; so the route runs it into a private temporary folder (mkdtemp),
 * reads back summary.csv and targets.csv, and removes the folder.  No
 * request names a file.  The engine's call is in run_batch_engine alone,
 * so that an in-memory entry point (the batch "runner") replaces it there
 * and the files go. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/batch.h"
#include "scenario/uncertainty.h"
#include "serve/serve_impl.h"

/* The outputs whose fans the page draws. */
static const char *const fan_vars[] = {"economy.gdp", "compute.capacity",
                                       "water.use_conventional", "carbon.intensity"};
#define NFANS 4
static const char *const fan_stats[] = {"p05", "p25", "p50", "p75", "p95", "mean"};
#define NSTATS 6

/* The one call of the batch engine: `runs` runs of sc into folder dir. */
static sim_status run_batch_engine(sim_scenario *sc, const sim_uncertainty *u, int runs,
                                   int threads, const char *dir) {
  static volatile sig_atomic_t never; /* a request is not interrupted */
  batch_options o = {.runs = runs,
                     .threads = threads,
                     .seed = u->seed,
                     .method = u->method,
                     .dir = dir,
                     .progress = false,
                     .stop = &never,
                     .summary = false};
  return sim_batch_run(sc, u, &o);
}

/* Splits a CSV line in place into at most max fields (double quotes and
 * "" inside them understood); returns their number. */
static int csv_split(char *line, char **field, int max) {
  int n = 0;
  char *r = line, *w = line;
  while (n < max) {
    field[n++] = w;
    bool quoted = *r == '"';
    r += quoted;
    for (; *r && *r != '\n' && *r != '\r' && (quoted || *r != ','); r++) {
      if (quoted && *r == '"') {
        if (r[1] != '"') {
          quoted = false;
          continue;
        }
        r++;
      }
      *w++ = *r;
    }
    bool more = *r == ',';
    *w++ = '\0';
    if (!more) {
      break;
    }
    r++;
  }
  return n;
}

static int column(char **field, int n, const char *name) {
  for (int i = 0; i < n; i++) {
    if (strcmp(field[i], name) == 0) {
      return i;
    }
  }
  return -1;
}

static FILE *open_in(const char *dir, const char *name) {
  char path[4400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return fopen(path, "r");
}

/* targets.csv: [{"id", "p_met"}] and the all_binding row's share. */
static json_t *read_p_met(const char *dir, double *all_binding) {
  FILE *f = open_in(dir, "targets.csv");
  char line[4096], *field[32];
  json_t *a = NULL;
  if (f && fgets(line, sizeof line, f)) {
    int n = csv_split(line, field, 32), id = column(field, n, "id"),
        p = column(field, n, "p_met"), attr = column(field, n, "attribute");
    a = id >= 0 && p >= 0 && attr >= 0 ? json_array() : NULL;
    while (a && fgets(line, sizeof line, f)) {
      if (csv_split(line, field, 32) <= p) {
        continue;
      }
      double v = field[p][0] ? strtod(field[p], NULL) : NAN;
      if (strcmp(field[id], "all_binding") == 0) {
        *all_binding = v;
        continue;
      }
      json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "id", field[id], "attribute",
                                         field[attr], "p_met", serve_number(v)));
    }
  }
  if (f) {
    fclose(f);
  }
  return a;
}

/* The fan object of output `var`: {"p05": [...], ...} one number a year. */
static json_t *fan_of(json_t *fans, const char *var) {
  json_t *fan = json_object_get(fans, var);
  if (!fan) {
    fan = json_object();
    for (int s = 0; s < NSTATS; s++) {
      json_object_set_new(fan, fan_stats[s], json_array());
    }
    json_object_set_new(fans, var, fan);
  }
  return fan;
}

/* Adds one summary.csv row to its fan when its output is one of fan_vars. */
static void add_fan_row(json_t *fans, char **field, int n, const int *col, int var) {
  for (int k = 0; k < NFANS; k++) {
    if (strcmp(field[var], fan_vars[k]) != 0) {
      continue;
    }
    json_t *fan = fan_of(fans, fan_vars[k]);
    for (int s = 0; s < NSTATS; s++) {
      double v = col[s] >= 0 && col[s] < n && field[col[s]][0] ? strtod(field[col[s]], NULL)
                                                               : NAN;
      json_array_append_new(json_object_get(fan, fan_stats[s]), serve_number(v));
    }
  }
}

/* summary.csv: the fans of fan_vars, rows in year order. */
static json_t *read_fans(const char *dir) {
  FILE *f = open_in(dir, "summary.csv");
  char line[4096], *field[16];
  json_t *fans = NULL;
  if (f && fgets(line, sizeof line, f)) {
    int n = csv_split(line, field, 16), var = column(field, n, "var"), col[NSTATS];
    for (int s = 0; s < NSTATS; s++) {
      col[s] = column(field, n, fan_stats[s]);
    }
    fans = var >= 0 ? json_object() : NULL;
    while (fans && fgets(line, sizeof line, f)) {
      int m = csv_split(line, field, 16);
      if (m > var) {
        add_fan_row(fans, field, m, col, var);
      }
    }
  }
  if (f) {
    fclose(f);
  }
  return fans;
}

/* Removes dir and the files in it. */
static void remove_folder(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char path[4400];
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  }
  if (d) {
    closedir(d);
  }
  rmdir(dir);
}

/* The reply of a finished batch from its files. */
static void batch_reply(const char *dir, int runs, serve_reply *out) {
  double all = NAN;
  json_t *targets = read_p_met(dir, &all), *fans = read_fans(dir);
  if (!targets || !fans) {
    json_decref(targets);
    json_decref(fans);
    serve_error(out, 500, "the batch's results could not be read back");
    return;
  }
  serve_json(out, 200,
             json_pack("{s:i, s:o, s:o, s:o}", "runs", runs, "targets", targets, "all_binding",
                       serve_number(all), "fans", fans));
}

/* Runs the batch in a new temporary folder and replies. */
static void batch_in_folder(serve_app *app, sim_scenario *sc, const sim_uncertainty *u,
                            int runs, serve_reply *out) {
  const char *tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/plansim-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    char why[512];
    snprintf(why, sizeof why, "cannot make a temporary folder for the batch: %s",
             strerror(errno));
    serve_error(out, 500, why);
    return;
  }
  pthread_mutex_lock(&app->batch_lock);
  sim_status st = run_batch_engine(sc, u, runs, app->threads, dir);
  pthread_mutex_unlock(&app->batch_lock);
  if (st == SIM_OK) {
    batch_reply(dir, runs, out);
  } else {
    serve_error(out, 500, "the batch failed (the server's log says why)");
  }
  remove_folder(dir);
}

/* The body's "runs": a whole number from 1 to SERVE_MAX_RUNS (default
 * 1000); -1 with a 400 made otherwise. */
static int read_runs(json_t *body, serve_reply *out) {
  json_t *v = json_object_get(body, "runs");
  if (!v) {
    return 1000;
  }
  if (!json_is_integer(v) || json_integer_value(v) < 1 ||
      json_integer_value(v) > SERVE_MAX_RUNS) {
    char *got = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT), why[160];
    snprintf(why, sizeof why, "runs: must be a whole number from 1 to %d (got %.40s)",
             SERVE_MAX_RUNS, got ? got : "?");
    free(got);
    serve_error(out, 400, why);
    return -1;
  }
  return (int)json_integer_value(v);
}

void serve_batch(serve_app *app, const char *body, size_t len, serve_reply *out) {
  json_t *root = serve_parse_body(body, len, out);
  int runs = root ? read_runs(root, out) : -1;
  sim_scenario *sc = runs > 0 ? serve_load_with_sets(app, root, out) : NULL;
  json_decref(root);
  sim_uncertainty *u = NULL;
  sim_diags *d = sc ? sim_diags_alloc() : NULL;
  if (d && sim_uncertainty_load(sc, d, &u) != SIM_OK) {
    serve_error(out, 400, sim_diags_count(d) ? sim_diags_line(d, 0) : "bad uncertainty group");
  } else if (u && u->inputs.n == 0) {
    serve_error(out, 400, "uncertainty: the scenario samples no inputs, so a batch would "
                          "repeat one run");
  } else if (u) {
    batch_in_folder(app, sc, u, runs, out);
  } else if (sc) {
    serve_error(out, 500, "out of memory");
  }
  free(u);
  sim_diags_free(d);
  sim_scenario_free(sc);
}
