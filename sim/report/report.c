/* report.c — writing the files of a deterministic run, each complete or
 * not at all (see outfile.h). */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/outfile.h"
#include "core/registry.h"

#ifndef PLANSIM_VERSION
#define PLANSIM_VERSION "0.0.0"
#endif

typedef void (*writer_fn)(FILE *out, const void *what);

/* Opens dir/name, lets fn write it and commits it. */
static sim_status write_file(const char *dir, const char *name, writer_fn fn,
                             const void *what, char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(dir, name, why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  fn(sim_outfile_stream(f), what);
  return sim_outfile_commit(f, why, size);
}

static void trajectories(FILE *out, const void *what) {
  const sim_engine *e = what;
  int count = sim_engine_output_count(e), start = sim_engine_start(e);
  const double *v = sim_engine_values(e);
  fputs("year", out);
  for (int i = 0; i < count; i++) {
    fputc(',', out);
    sim_put_csv_text(out, sim_engine_output(e, i)->name);
  }
  fputc('\n', out);
  for (int t = 0; t <= sim_engine_end(e) - start; t++) {
    fprintf(out, "%d", start + t);
    for (int i = 0; i < count; i++) {
      fputc(',', out);
      sim_put_number(out, v[(size_t)t * (size_t)count + (size_t)i]);
    }
    fputc('\n', out);
  }
}

sim_status sim_write_trajectories(const char *dir, const sim_engine *e, char *why,
                                  size_t size) {
  return write_file(dir, "trajectories.csv", trajectories, e, why, size);
}

void sim_put_output_variables(FILE *out, const sim_engine *e) {
  for (int i = 0; i < sim_engine_output_count(e); i++) {
    const sim_layout_entry *o = sim_engine_output(e, i);
    const char *fields[] = {o->name, sim_models[o->model]->name, o->unit, o->label,
                            o->label_zh};
    for (int k = 0; k < 5; k++) {
      if (k) {
        fputc(',', out);
      }
      sim_put_csv_text(out, fields[k]);
    }
    fputc('\n', out);
  }
}

static void variables(FILE *out, const void *what) {
  fputs("name,model,unit,label,label_zh\n", out);
  sim_put_output_variables(out, what);
}

sim_status sim_write_variables(const char *dir, const sim_engine *e, char *why, size_t size) {
  return write_file(dir, "variables.csv", variables, e, why, size);
}

typedef struct {
  FILE *out;
  int start, n;
} inputs_ctx;

static void input_row(inputs_ctx *c, const char *name, int year, const char *text, double x) {
  sim_put_csv_text(c->out, name);
  fputc(',', c->out);
  if (year) {
    fprintf(c->out, "%d", year);
  }
  fputc(',', c->out);
  if (text) {
    sim_put_csv_text(c->out, text);
  } else {
    sim_put_number(c->out, x);
  }
  fputc('\n', c->out);
}

static void input_rows(inputs_ctx *c, const sim_param *table, int n, const char *prefix,
                       const char *base);

/* Writes the rows of one parameter stored at `at`. */
static void input_param(inputs_ctx *c, const sim_param *p, const char *name, const char *at) {
  char item[320];
  switch (p->kind) {
  case SIM_REAL:
    input_row(c, name, 0, NULL, *(const double *)at);
    break;
  case SIM_INT:
    input_row(c, name, 0, NULL, *(const int *)at);
    break;
  case SIM_BOOL:
    input_row(c, name, 0, *(const bool *)at ? "true" : "false", 0);
    break;
  case SIM_TEXT:
    if (*(const char *const *)at) {
      input_row(c, name, 0, *(const char *const *)at, 0);
    }
    break;
  case SIM_CHOICE:
    input_row(c, name, 0, p->choices[*(const int *)at], 0);
    break;
  case SIM_PATH:
    for (int t = 0; t <= c->n && !isnan(((const sim_path *)at)->v[0]); t++) {
      input_row(c, name, c->start + t, NULL, ((const sim_path *)at)->v[t]);
    }
    break;
  case SIM_REALS:
    for (int i = 0; i < p->count; i++) { /* variable-length arrays are not model inputs */
      snprintf(item, sizeof item, "%s[%d]", name, i);
      input_row(c, item, 0, NULL, ((const double *)at)[i]);
    }
    break;
  case SIM_CHOICES:
    if (((const sim_choices *)at)->n == 0) { /* an empty list: a row of its own */
      input_row(c, name, 0, "", 0);
    }
    for (int i = 0; i < ((const sim_choices *)at)->n; i++) {
      snprintf(item, sizeof item, "%s[%d]", name, i);
      input_row(c, item, 0, p->choices[((const sim_choices *)at)->item[i]], 0);
    }
    break;
  case SIM_LIST:
    for (int i = 0; i < *(const int *)at; i++) {
      snprintf(item, sizeof item, "%s[%d]", name, i);
      input_rows(c, p->fields, p->nfields, item, at + p->item_offset + (size_t)i * p->item_size);
    }
    break;
  }
}

static void input_rows(inputs_ctx *c, const sim_param *table, int n, const char *prefix,
                       const char *base) {
  char name[256];
  for (int i = 0; i < n; i++) {
    const sim_param *p = &table[i];
    snprintf(name, sizeof name, "%s%s%s", prefix, *p->key ? "." : "", p->key);
    if (p->kind == SIM_REAL && isnan(*(const double *)(base + p->offset))) {
      continue; /* optional and absent */
    }
    input_param(c, p, name, base + p->offset);
  }
}

static void inputs(FILE *out, const void *what) {
  const sim_scenario *sc = what;
  inputs_ctx c = {out, sim_scenario_start(sc), sim_scenario_end(sc) - sim_scenario_start(sc)};
  fputs("name,year,value\n", out);
  input_row(&c, "time.start", 0, NULL, c.start);
  input_row(&c, "time.end", 0, NULL, c.start + c.n);
  for (int m = 0; m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    input_rows(&c, mt->params, mt->nparams, mt->name, sim_scenario_params(sc)[m]);
  }
}

sim_status sim_write_inputs(const char *dir, const sim_scenario *sc, char *why, size_t size) {
  return write_file(dir, "inputs.csv", inputs, sc, why, size);
}

typedef struct {
  const sim_scenario *sc;
  sim_run_info info;
} run_json_ctx;

static void run_json(FILE *out, const void *what) {
  const run_json_ctx *c = what;
  const sim_scenario *sc = c->sc;
  fprintf(out, "{\n  \"program\": \"plansim\",\n  \"version\": \"%s\",\n", PLANSIM_VERSION);
  fputs("  \"command\": ", out);
  sim_put_json_text(out, c->info.command);
  fputs(",\n  \"scenario\": ", out);
  sim_put_json_text(out, sim_scenario_name(sc));
  fputs(",\n  \"files\": [", out);
  for (int i = 0; i < sim_scenario_file_count(sc); i++) {
    fputs(i ? ",\n    {\"file\": " : "\n    {\"file\": ", out);
    sim_put_json_text(out, sim_scenario_file(sc, i));
    fprintf(out, ", \"sha256\": \"%s\"}", sim_scenario_file_sha256(sc, i));
  }
  fputs("\n  ],\n  \"overrides\": [", out);
  for (int i = 0; i < sim_scenario_set_count(sc); i++) {
    fputs(i ? ", " : "", out);
    sim_put_json_text(out, sim_scenario_set(sc, i));
  }
  fputs("],\n", out);
  if (c->info.extra) {
    fputs(c->info.extra, out);
  }
  fputs("  \"seed\": ", out);
  if (c->info.seed < 0) {
    fputs("null", out);
  } else {
    fprintf(out, "%lld", c->info.seed);
  }
  fprintf(out, ",\n  \"start\": %d,\n  \"end\": %d,\n  \"wall_seconds\": %.6f\n}\n",
          sim_scenario_start(sc), sim_scenario_end(sc), c->info.wall_seconds);
}

sim_status sim_write_run_json(const char *dir, const sim_scenario *sc, sim_run_info info,
                              char *why, size_t size) {
  run_json_ctx c = {sc, info};
  return write_file(dir, "run.json", run_json, &c, why, size);
}
