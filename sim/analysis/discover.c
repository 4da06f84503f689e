/* discover.c — a batch folder's samples read back (numbers as batch
 * wrote them, %.17g, so each result is the very double the batch scored),
 * each run's met or missed by the rule the batch applied
 * (sim_target_met), and the PRIM boxes written out. */
#include "analysis/discover.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/outfile.h"

/* A whole file in memory, NUL-terminated; NULL (why set) when it cannot
 * be read. */
static char *slurp(const char *path, char *why, size_t size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(why, size, "%s: cannot open (%s)", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0;) {
    len += got;
    if (len + 1 == cap) {
      char *grown = realloc(buf, cap *= 2);
      if (!grown) {
        free(buf);
      }
      buf = grown;
    }
  }
  fclose(f);
  if (!buf) {
    snprintf(why, size, "%s: out of memory", path);
    return NULL;
  }
  buf[len] = '\0';
  return buf;
}

/* Cuts the next CSV field out of *p in place (quotes removed, "" read as
 * "); *end is set when the field closed its record.  Returns the field. */
static char *field(char **p, bool *end) {
  char *s = *p, *out = s, *start = s;
  bool quoted = *s == '"';
  if (quoted) {
    for (s++;; s++) {
      if (*s == '"' && s[1] == '"') {
        *out++ = '"';
        s++;
      } else if (*s == '"' || *s == '\0') {
        s += *s == '"';
        break;
      } else {
        *out++ = *s;
      }
    }
  } else {
    while (*s && *s != ',' && *s != '\n' && *s != '\r') {
      s++;
    }
    out = s;
  }
  *end = *s != ',';
  s += *s == '\r';
  if (*s) {
    s++;
  }
  *out = '\0';
  *p = s;
  return start;
}

/* Splits the record at *p into at most max fields; returns the count (0
 * at the end of the text). */
static int record(char **p, char **f, int max) {
  int n = 0;
  bool end = false;
  while (**p && !end) {
    char *v = field(p, &end);
    if (n < max) {
      f[n] = v;
    }
    n++;
  }
  return n;
}

/* A number cell: empty is NaN (an undefined result); false when it is
 * not a number. */
static bool number(const char *s, double *x) {
  char *end;
  if (!*s) {
    *x = NAN;
    return true;
  }
  *x = strtod(s, &end);
  return *end == '\0';
}

#define MAX_COLS (2 + 64 + SIM_MAX_LIST + 1)

static const char *const op_names[] = {">=", "<=", "~"};

/* One row of targets.csv into target t; false when damaged. */
static bool target_row(char **f, int n, const int *col, sim_target *t) {
  if (n <= col[5]) {
    return false;
  }
  t->id = f[col[0]];
  t->attribute = strcmp(f[col[1]], "binding") == 0 ? 0 : 1;
  t->kind = strcmp(f[col[2]], "synced") == 0 ? TARGET_SYNCED : TARGET_LEVEL;
  t->op = -1;
  for (int k = 0; k < 3; k++) {
    t->op = strcmp(f[col[3]], op_names[k]) == 0 ? k : t->op;
  }
  return t->op >= 0 && number(f[col[4]], &t->value) && number(f[col[5]], &t->tol);
}

static sim_status read_targets(const char *dir, discover_batch *b, char **text) {
  char path[4200], why[4400];
  snprintf(path, sizeof path, "%s/targets.csv", dir);
  *text = slurp(path, why, sizeof why);
  if (!*text) {
    fprintf(stderr, "plansim: discover: %s\n", why);
    return SIM_ERR_IO;
  }
  char *p = *text, *f[32];
  int n = record(&p, f, 32), col[6];
  const char *names[6] = {"id", "attribute", "kind", "op", "value", "tol"};
  for (int k = 0; k < 6; k++) {
    col[k] = -1;
    for (int c = 0; c < n && c < 32; c++) {
      col[k] = strcmp(f[c], names[k]) == 0 ? c : col[k];
    }
  }
  bool ok = n > 0;
  for (int k = 0; k < 6; k++) {
    ok &= col[k] >= 0;
  }
  while (ok && (n = record(&p, f, 32)) > 0) {
    if (strcmp(f[0], DISCOVER_ALL_BINDING) == 0) {
      continue; /* the batch's summary row */
    }
    ok = b->ts.n < SIM_MAX_LIST && target_row(f, n, col, &b->ts.item[b->ts.n++]);
  }
  if (!ok) {
    fprintf(stderr, "plansim: discover: %s: not a batch's targets.csv (expected columns "
                    "id,attribute,kind,op,value,tol and a row per target)\n", path);
    return SIM_ERR_IO;
  }
  return SIM_OK;
}

/* The index of target `id`, or -1. */
static int target_index(const discover_batch *b, const char *id) {
  for (int k = 0; id && k < b->ts.n; k++) {
    if (strcmp(b->ts.item[k].id, id) == 0) {
      return k;
    }
  }
  return -1;
}

/* A cell of run.json's samples_constants or samples_exceptions: its
 * target's index (-1: not a target, as the seed) and its number. */
static int json_cell(const discover_batch *b, json_t *item, double *x) {
  const char *cell = json_string_value(json_object_get(item, "cell"));
  int k = target_index(b, json_string_value(json_object_get(item, "column")));
  return cell && number(cell, x) ? k : -1;
}

/* samples.csv's constant columns and their exceptions, from run.json
 * (none in a batch of a plansim before them, or without run.json). */
static sim_status read_constants(const char *dir, discover_batch *b) {
  char path[4200];
  snprintf(path, sizeof path, "%s/run.json", dir);
  json_t *run = json_load_file(path, 0, NULL);
  json_t *constants = json_object_get(run, "samples_constants");
  json_t *exceptions = json_object_get(run, "samples_exceptions");
  size_t i;
  json_t *item;
  json_array_foreach(constants, i, item) {
    double x;
    int k = json_cell(b, item, &x);
    if (k >= 0) {
      b->has_constant[k] = true;
      b->constant[k] = x;
    }
  }
  b->exception = malloc((json_array_size(exceptions) + 1) * sizeof *b->exception);
  if (!b->exception) {
    json_decref(run);
    fprintf(stderr, "plansim: out of memory\n");
    return SIM_ERR_NOMEM;
  }
  json_array_foreach(exceptions, i, item) {
    struct discover_exception *e = &b->exception[b->nexceptions];
    e->k = json_cell(b, item, &e->result);
    e->run = (long)json_integer_value(json_object_get(item, "run"));
    b->nexceptions += e->k >= 0;
  }
  json_decref(run);
  return SIM_OK;
}

/* The header of samples.csv: run, (seed, in a batch of a plansim before
 * run.json's samples_constants), the inputs, then the targets in
 * targets.csv's order but the constant ones, status. */
static bool samples_header(discover_batch *b, char **f, int n) {
  int live = 0;
  for (int k = 0; k < b->ts.n; k++) {
    live += !b->has_constant[k];
  }
  b->has_seed = n > 1 && strcmp(f[1], "seed") == 0;
  int first = 1 + b->has_seed;
  b->d = n - first - 1 - live;
  if (n > MAX_COLS || b->d < 1 || strcmp(f[0], "run") || strcmp(f[n - 1], "status")) {
    return false;
  }
  for (int k = 0, c = first + b->d; k < b->ts.n; k++) {
    if (!b->has_constant[k] && strcmp(f[c++], b->ts.item[k].id)) {
      return false;
    }
  }
  b->input = malloc((size_t)b->d * sizeof *b->input);
  for (int j = 0; b->input && j < b->d; j++) {
    b->input[j] = f[first + j];
  }
  return b->input != NULL;
}

/* Room for one more run. */
static bool grow(discover_batch *b, long *cap) {
  if (b->n < *cap) {
    return true;
  }
  *cap = *cap ? 2 * *cap : 4096;
  double *x = realloc(b->x, (size_t)*cap * (size_t)b->d * sizeof *x);
  if (x) {
    b->x = x;
  }
  double *r = realloc(b->result, (size_t)*cap * (size_t)(b->ts.n ? b->ts.n : 1) * sizeof *r);
  if (r) {
    b->result = r;
  }
  return x && r;
}

/* Target k's result in a row: its cell, or the constant column's (the
 * exceptions of run `run` applied later). */
static bool row_result(const discover_batch *b, char **f, int *c, int k, double *x) {
  if (b->has_constant[k]) {
    *x = b->constant[k];
    return true;
  }
  return number(f[(*c)++], x);
}

/* One run's row; false when damaged. */
static bool sample_row(discover_batch *b, char **f, int n) {
  int first = 1 + b->has_seed, c = first + b->d;
  int cols = n > 0 ? c + 1 : 0;
  for (int k = 0; k < b->ts.n; k++) {
    cols += !b->has_constant[k];
  }
  if (n != cols) {
    return false;
  }
  if (strcmp(f[cols - 1], "ok") != 0) {
    b->failed++;
    return true;
  }
  double run;
  bool ok = number(f[0], &run);
  for (int j = 0; j < b->d; j++) {
    ok &= number(f[first + j], &b->x[(size_t)b->n * (size_t)b->d + (size_t)j]);
  }
  double *r = &b->result[(size_t)b->n * (size_t)b->ts.n];
  for (int k = 0; k < b->ts.n; k++) {
    ok &= row_result(b, f, &c, k, &r[k]);
  }
  for (; b->next_exception < b->nexceptions && b->exception[b->next_exception].run <= (long)run;
       b->next_exception++) { /* in run order, as the rows */
    const struct discover_exception *e = &b->exception[b->next_exception];
    if (e->run == (long)run) {
      r[e->k] = e->result;
    }
  }
  b->n += ok;
  return ok;
}

static sim_status read_samples(const char *dir, discover_batch *b) {
  char path[4200], why[4400];
  snprintf(path, sizeof path, "%s/samples.csv", dir);
  b->text = slurp(path, why, sizeof why);
  if (!b->text) {
    fprintf(stderr, "plansim: discover: %s; discover reads a batch folder (plansim batch "
                    "FILE writes samples.csv)\n", why);
    return SIM_ERR_IO;
  }
  char *p = b->text, *f[MAX_COLS];
  int n = record(&p, f, MAX_COLS);
  bool ok = samples_header(b, f, n);
  long cap = 0, line = 1;
  while (ok && (n = record(&p, f, MAX_COLS)) > 0) {
    line++;
    if (!grow(b, &cap)) {
      fprintf(stderr, "plansim: out of memory\n");
      return SIM_ERR_NOMEM;
    }
    ok = sample_row(b, f, n);
  }
  if (!ok) {
    fprintf(stderr, "plansim: discover: %s:%ld: not a row of a batch's samples.csv (expected "
                    "run, the sampled inputs, a result per target of targets.csv but "
                    "those run.json's samples_constants holds, status)\n", path, line);
    return SIM_ERR_IO;
  }
  return SIM_OK;
}

sim_status discover_batch_read(const char *dir, discover_batch *b) {
  memset(b, 0, sizeof *b);
  char *targets = NULL; /* freed with the batch, also on failure */
  sim_status st = read_targets(dir, b, &targets);
  if (st == SIM_OK) {
    st = read_constants(dir, b);
  }
  if (st == SIM_OK) {
    st = read_samples(dir, b);
  }
  if (st == SIM_OK && b->n < 2) {
    fprintf(stderr, "plansim: discover: %s/samples.csv: %ld runs that did not fail; PRIM "
                    "needs at least 2\n", dir, b->n);
    st = SIM_ERR_IO;
  }
  b->targets_text = targets; /* the targets' ids point into it */
  return st;
}

void discover_batch_free(discover_batch *b) {
  free(b->targets_text);
  free(b->exception);
  free(b->input);
  free(b->x);
  free(b->result);
  free(b->text);
}

int discover_target(const discover_batch *b, const char *id) {
  if (strcmp(id, DISCOVER_ALL_BINDING) == 0) {
    return b->ts.n;
  }
  for (int k = 0; k < b->ts.n; k++) {
    if (strcmp(b->ts.item[k].id, id) == 0) {
      return k;
    }
  }
  return -1;
}

long discover_cases(const discover_batch *b, int k, bool met, bool *coi) {
  long count = 0;
  for (long i = 0; i < b->n; i++) {
    const double *r = b->result + (size_t)i * (size_t)b->ts.n;
    bool all = true;
    for (int t = 0; t < b->ts.n && k == b->ts.n; t++) {
      all &= b->ts.item[t].attribute != 0 || sim_target_met(&b->ts.item[t], r[t]);
    }
    bool is_met = k == b->ts.n ? all : sim_target_met(&b->ts.item[k], r[k]);
    coi[i] = is_met == met;
    count += coi[i];
  }
  return count;
}

static void discover_csv(FILE *f, const discover_batch *b, const discover_finding *fd, int nf) {
  fputs("target,case,input,lower,upper,restricted\n", f);
  for (int i = 0; i < nf; i++) {
    const prim_result *r = fd[i].box;
    for (int j = 0; r && j < b->d; j++) {
      size_t at = (size_t)r->chosen * (size_t)b->d + (size_t)j;
      sim_put_csv_text(f, fd[i].target);
      fprintf(f, ",%s,", fd[i].met ? "met" : "missed");
      sim_put_csv_text(f, b->input[j]);
      fputc(',', f);
      sim_put_number(f, r->lower[at]);
      fputc(',', f);
      sim_put_number(f, r->upper[at]);
      fprintf(f, ",%d\n", prim_restricts(r, r->chosen, j));
    }
  }
}

static void trajectory_csv(FILE *f, const discover_finding *fd, int nf) {
  fputs("target,case,step,coverage,density,mass,restricted\n", f);
  for (int i = 0; i < nf; i++) {
    const prim_result *r = fd[i].box;
    for (int k = 0; r && k < r->steps; k++) {
      const prim_point *p = &r->point[k];
      sim_put_csv_text(f, fd[i].target);
      fprintf(f, ",%s,%d,", fd[i].met ? "met" : "missed", k);
      sim_put_number(f, p->coverage);
      fputc(',', f);
      sim_put_number(f, p->density);
      fputc(',', f);
      sim_put_number(f, p->mass);
      fprintf(f, ",%d\n", p->restricted);
    }
  }
}

sim_status discover_write(const char *dir, const discover_batch *b, const discover_finding *f,
                          int nf, char *why, size_t size) {
  sim_outfile *a = sim_outfile_open(dir, "discover.csv", why, size);
  if (!a) {
    return SIM_ERR_IO;
  }
  discover_csv(sim_outfile_stream(a), b, f, nf);
  sim_status st = sim_outfile_commit(a, why, size);
  sim_outfile *t = st == SIM_OK ? sim_outfile_open(dir, "trajectory.csv", why, size) : NULL;
  if (st == SIM_OK && !t) {
    return SIM_ERR_IO;
  }
  if (t) {
    trajectory_csv(sim_outfile_stream(t), f, nf);
    st = sim_outfile_commit(t, why, size);
  }
  return st;
}
