/* diag.c — collecting scenario diagnostics as formatted lines. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Lines are kept rather than printed: every check runs first and the
 * caller prints all of them (plansim check lists every problem), and a
 * loader tells success by whether the count grew. */
struct sim_diags {
  char **lines;
  int n, cap;
  sim_locate_fn locate;
  const void *locate_ctx;
};

sim_diags *sim_diags_alloc(void) {
  return calloc(1, sizeof(sim_diags));
}

void sim_diags_free(sim_diags *d) {
  if (!d) {
    return;
  }
  for (int i = 0; i < d->n; i++) {
    free(d->lines[i]);
  }
  free(d->lines);
  free(d);
}

void sim_diags_set_locator(sim_diags *d, sim_locate_fn fn, const void *ctx) {
  d->locate = fn;
  d->locate_ctx = ctx;
}

/* Appends one finished line; on allocation failure the line is dropped
 * (the count still shows there was a problem through the NOMEM line). */
static void push(sim_diags *d, char *line) {
  if (d->n == d->cap) {
    int cap = d->cap ? 2 * d->cap : 16;
    char **grown = realloc(d->lines, (size_t)cap * sizeof(char *));
    if (!grown) {
      free(line);
      return;
    }
    d->lines = grown;
    d->cap = cap;
  }
  d->lines[d->n++] = line;
}

static void vrecord(sim_diags *d, sim_origin where, const char *path, const char *got,
                    const char *fmt, va_list ap) {
  char msg[512], head[512], *line;
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (where.line > 0) {
    snprintf(head, sizeof head, "%s:%d: ", where.file, where.line);
  } else {
    snprintf(head, sizeof head, "%s: ", where.file ? where.file : "scenario");
  }
  size_t len = strlen(head) + strlen(path ? path : "") + strlen(msg) +
               (got ? strlen(got) : 0) + 16;
  line = malloc(len);
  if (!line) {
    return;
  }
  if (got) {
    snprintf(line, len, "%s%s%s%s (got %s)", head, path ? path : "", path ? ": " : "",
             msg, got);
  } else {
    snprintf(line, len, "%s%s%s%s", head, path ? path : "", path ? ": " : "", msg);
  }
  push(d, line);
}

void sim_diag_where(sim_diags *d, sim_origin where, const char *path, const char *got,
                    const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vrecord(d, where, path, got, fmt, ap);
  va_end(ap);
}

/* Models and the table loader know a setting's path, not where it was
 * written (a base file, an including file, a --set): the scenario's
 * locator finds the file and line, so every message starts FILE:LINE. */
void sim_diag_at(sim_diags *d, const char *path, const char *got, const char *fmt, ...) {
  sim_origin where = {NULL, 0};
  if (d->locate) {
    d->locate(d->locate_ctx, path, &where);
  }
  va_list ap;
  va_start(ap, fmt);
  vrecord(d, where, path, got, fmt, ap);
  va_end(ap);
}

int sim_diags_count(const sim_diags *d) {
  return d->n;
}

const char *sim_diags_line(const sim_diags *d, int i) {
  return d->lines[i];
}

void sim_diags_print(const sim_diags *d, FILE *f) {
  for (int i = 0; i < d->n; i++) {
    fprintf(f, "%s\n", d->lines[i]);
  }
}
