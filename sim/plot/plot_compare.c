/* plot_compare.c — the figures of a compare folder: which target each
 * scenario meets, as a grid of targets (rows) by scenarios (columns), and
 * each key output over the years with a line per scenario. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"
#include "report/readable.h"

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

/* The row labels of the grid: each target's Chinese and English label
 * (the English cut to 32 bytes on a character boundary), its id when it
 * has none; kept in `store` (MAX_KEYS * 160 bytes).  Returns the widest
 * label in character widths, a CJK character counting two. */
static int row_labels(const plot_ctx *c, const plot_table *t, const key_list *id,
                      key_list *labels, char *store) {
  int ci = plot_table_col(t, "id"), widest = 0;
  for (int j = 0; j < id->n; j++) {
    int r = 1;
    while (r < t->nrows && strcmp(plot_table_get(t, r, ci), id->name[j]) != 0) {
      r++;
    }
    const char *zh = plot_table_get(t, r, plot_table_col(t, "label_zh"));
    const char *en = plot_table_get(t, r, plot_table_col(t, "label"));
    char cut[40];
    size_t n = strlen(en) > 30 ? 30 : strlen(en);
    while (n > 0 && ((unsigned char)en[n] & 0xC0) == 0x80) {
      n--;
    }
    snprintf(cut, sizeof cut, "%.*s%s", (int)n, *en ? en : id->name[j],
             strlen(en) > n ? "…" : "");
    char *out = store + (size_t)j * 160;
    snprintf(out, 160, "%s%s%s", c->cjk ? zh : "", c->cjk && *zh ? " " : "", cut);
    labels->name[labels->n++] = out;
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
      w += *p >= 0xE0 ? 2 : (*p & 0xC0) != 0x80;
    }
    widest = w > widest ? w : widest;
  }
  return widest;
}

/* figures/compare_grid.dat: scenario index, target index, 1 met / 0
 * missed / 0.5 not a target of that scenario, and the cell's text: the
 * result, rounded, and the word (the colour is not the only sign). */
static sim_status grid_data(plot_ctx *c, const plot_table *t, key_list *sc,
                            key_list *id) {
  int cs = plot_table_col(t, "scenario"), ci = plot_table_col(t, "id");
  int cst = plot_table_col(t, "status"), cres = plot_table_col(t, "result");
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
      double result = NAN;
      for (int r = 1; r < t->nrows && !status; r++) {
        if (strcmp(plot_table_get(t, r, cs), sc->name[k]) == 0 &&
            strcmp(plot_table_get(t, r, ci), id->name[j]) == 0) {
          status = plot_table_get(t, r, cst);
          result = plot_table_num(t, r, cres);
        }
      }
      bool met = status && strcmp(status, "met") == 0;
      char num[48];
      sim_readable(result, false, num, sizeof num);
      fprintf(out, "%d %d %s \"%s%s%s\"\n", k, j,
              !status ? "0.5"
              : met   ? "1"
                      : "0",
              status ? num : "", status ? " " : "—",
              !status ? ""
              : met   ? (c->cjk ? "达成" : "met")
                      : (c->cjk ? "未达成" : "missed"));
    }
    fputc('\n', out);
  }
  return plot_data_commit(c, o);
}

/* One block per scenario of `var` from DIR/<scenario>/trajectories.csv;
 * false when a scenario's file is missing (a compare folder from before
 * they were written). */
static bool lines_data(plot_ctx *c, const key_list *sc, const char *var, FILE *out) {
  for (int k = 0; k < sc->n; k++) {
    char sub[4400], why[512];
    plot_table t = {0};
    snprintf(sub, sizeof sub, "%s/%s", c->dir, sc->name[k]);
    if (plot_table_read_rows(sub, "trajectories.csv", &t, why, sizeof why) != SIM_OK) {
      return false;
    }
    int col = plot_table_col(&t, var);
    fprintf(out, "# %s\n", sc->name[k]);
    for (int r = 1; r < t.nrows; r++) {
      fputs(plot_table_get(&t, r, 0), out);
      plot_put(out, plot_table_num(&t, r, col));
      fputc('\n', out);
    }
    fputs("\n\n", out);
    plot_table_free(&t);
  }
  return true;
}

static sim_status lines_figure(plot_ctx *c, const key_list *sc, int k, char *names,
                               size_t size) {
  char name[128], title[512], ylabel[256], n[16];
  snprintf(name, sizeof name, "compare_%s", plot_key_outputs[k].var);
  for (char *p = name; *p; p++) {
    *p = *p == '.' ? '_' : *p;
  }
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  if (!lines_data(c, sc, plot_key_outputs[k].var, sim_outfile_stream(o))) {
    sim_outfile_abort(o);
    return SIM_ERR_INVALID;
  }
  sim_status st = plot_data_commit(c, o);
  size_t at = 0;
  names[0] = '\0';
  for (int i = 0; i < sc->n && at < size; i++) {
    at += (size_t)snprintf(names + at, size - at, "%s%s", i ? " " : "", sc->name[i]);
  }
  snprintf(n, sizeof n, "%d", sc->n);
  const plot_subst s[] = {
      {"TITLE",
       plot_text(c, plot_key_outputs[k].zh, plot_key_outputs[k].en, title, sizeof title)},
      {"YLABEL", plot_text(c, plot_key_outputs[k].zh, plot_key_outputs[k].en, ylabel,
                           sizeof ylabel)},
      {"LOGSCALE", plot_key_outputs[k].log ? "set logscale y" : "unset logscale y"},
      {"NAMES", names},
      {"N", n},
  };
  return st == SIM_OK ? plot_script(c, name, "compare_lines", s, 5) : st;
}

/* A figure per key output with a line per scenario. */
static sim_status lines_figures(plot_ctx *c, const key_list *sc) {
  char *names = malloc(16384);
  sim_status st = names ? SIM_OK : SIM_ERR_NOMEM;
  for (size_t k = 0; st == SIM_OK && k < PLOT_NKEY_OUTPUTS; k++) {
    st = lines_figure(c, sc, (int)k, names, 16384);
  }
  if (st == SIM_ERR_INVALID) {
    fprintf(stderr,
            "plansim: line figures skipped: %s has no per-scenario trajectories\n",
            c->dir);
    st = SIM_OK;
  }
  free(names);
  return st;
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
  if (st == SIM_OK && keys[1].n == 0) { /* nor scenario names, which come with targets */
    fprintf(stderr, "plansim: compare figures skipped: %s/compare.csv holds no targets\n",
            c->dir);
  } else if (st == SIM_OK) {
    char nx[16], ny[16], lm[16], kmet[64], kmissed[64];
    key_list *labels = calloc(1, sizeof *labels);
    char *store = malloc((size_t)MAX_KEYS * 160);
    if (!labels || !store) {
      free(labels);
      free(store);
      free(buf);
      free(keys);
      plot_table_free(&t);
      snprintf(c->why, sizeof c->why, "out of memory");
      return SIM_ERR_NOMEM;
    }
    int widest = row_labels(c, &t, &keys[1], labels, store);
    snprintf(lm, sizeof lm, "%d", widest + 2);
    snprintf(nx, sizeof nx, "%d", keys[0].n);
    snprintf(ny, sizeof ny, "%d", keys[1].n);
    const plot_subst s[] = {
        {"TITLE",
         plot_text(c, "各情景目标达成情况", "Targets met by scenario", buf, 16384)},
        {"XTICS", tics(&keys[0], "xtics", buf + 16384, 16384)},
        {"YTICS", tics(labels, "ytics", buf + 32768, 16384)},
        {"NX", nx},
        {"NY", ny},
        {"LMARGIN", lm},
        {"MET", plot_text(c, "达成", "met", kmet, sizeof kmet)},
        {"MISSED", plot_text(c, "未达成", "missed", kmissed, sizeof kmissed)},
    };
    st = plot_script(c, "compare_grid", "compare_grid", s, 8);
    free(labels);
    free(store);
  } else if (st == SIM_ERR_NOMEM) {
    snprintf(c->why, sizeof c->why, "out of memory");
  }
  if (st == SIM_OK && keys[0].n > 0) {
    st = lines_figures(c, &keys[0]);
  }
  free(buf);
  free(keys);
  plot_table_free(&t);
  return st;
}
