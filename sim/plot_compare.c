/* plot_compare.c — the figure of a compare folder: which target each
 * scenario meets, as a grid of targets (rows) by scenarios (columns). */
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"

#define MAX_KEYS 256

/* Distinct values of one column in order of first appearance. */
typedef struct {
  int n;
  const char *name[MAX_KEYS];
} key_list;

static int key_index(key_list *k, const char *name, bool add) {
  for (int i = 0; i < k->n; i++) {
    if (strcmp(k->name[i], name) == 0) {
      return i;
    }
  }
  if (!add || k->n >= MAX_KEYS) {
    return -1;
  }
  k->name[k->n] = name;
  return k->n++;
}

/* `set xtics ("a" 0, "b" 1, ...)` for a key list, in buf. */
static const char *tics(const key_list *k, const char *axis, char *buf, size_t size) {
  size_t at = (size_t)snprintf(buf, size, "set %s (", axis);
  for (int i = 0; i < k->n && at < size; i++) {
    char esc[256];
    size_t e = 0;
    for (const char *s = k->name[i]; *s && e + 3 < sizeof esc; s++) {
      if (*s == '"' || *s == '\\') {
        esc[e++] = '\\';
      }
      esc[e++] = *s;
    }
    esc[e] = '\0';
    at += (size_t)snprintf(buf + at, size - at, "%s\"%s\" %d", i ? ", " : "", esc, i);
  }
  if (at < size) {
    snprintf(buf + at, size - at, ")");
  }
  return buf;
}

/* figures/compare_grid.dat: scenario index, target index, 1 met / 0
 * missed / 0.5 not a target of that scenario, and the word. */
static sim_status grid_data(plot_ctx *c, const plot_table *t, key_list *sc, key_list *id) {
  int cs = plot_table_col(t, "scenario"), ci = plot_table_col(t, "id");
  int cst = plot_table_col(t, "status");
  for (int r = 1; r < t->nrows; r++) {
    key_index(sc, plot_table_get(t, r, cs), true);
    key_index(id, plot_table_get(t, r, ci), true);
  }
  sim_outfile *o = plot_data_open(c, "compare_grid");
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# scenario target status(1 met, 0 missed, 0.5 none) word\n", out);
  for (int j = 0; j < id->n; j++) {
    for (int k = 0; k < sc->n; k++) {
      const char *status = NULL;
      for (int r = 1; r < t->nrows && !status; r++) {
        if (strcmp(plot_table_get(t, r, cs), sc->name[k]) == 0 &&
            strcmp(plot_table_get(t, r, ci), id->name[j]) == 0) {
          status = plot_table_get(t, r, cst);
        }
      }
      bool met = status && strcmp(status, "met") == 0;
      fprintf(out, "%d %d %s \"%s\"\n", k, j, !status ? "0.5" : met ? "1" : "0",
              !status ? "—" : status);
    }
    fputc('\n', out);
  }
  return plot_data_commit(c, o);
}

sim_status plot_compare_figures(plot_ctx *c) {
  plot_table t;
  sim_status st = plot_table_read(c->dir, "compare.csv", &t, c->why, sizeof c->why);
  if (st != SIM_OK) {
    return st;
  }
  key_list *keys = calloc(2, sizeof *keys);
  char *buf = malloc(3 * 16384);
  st = keys && buf ? grid_data(c, &t, &keys[0], &keys[1]) : SIM_ERR_NOMEM;
  if (st == SIM_OK && keys[1].n == 0) {
    fprintf(stderr, "plansim: figure compare_grid skipped: %s/compare.csv holds no targets\n",
            c->dir);
  } else if (st == SIM_OK) {
    char nx[16], ny[16];
    snprintf(nx, sizeof nx, "%d", keys[0].n);
    snprintf(ny, sizeof ny, "%d", keys[1].n);
    const plot_subst s[] = {
        {"TITLE", plot_text(c, "各情景目标达成情况", "Targets met by scenario", buf, 16384)},
        {"XTICS", tics(&keys[0], "xtics", buf + 16384, 16384)},
        {"YTICS", tics(&keys[1], "ytics", buf + 32768, 16384)},
        {"NX", nx},
        {"NY", ny},
    };
    st = plot_script(c, "compare_grid", "compare_grid", s, 5);
  } else if (st == SIM_ERR_NOMEM) {
    snprintf(c->why, sizeof c->why, "out of memory");
  }
  free(buf);
  free(keys);
  plot_table_free(&t);
  return st;
}
