/* plot_sweep.c — the figures of a sweep folder: with one varied input,
 * each target's result against it; with two, a map of where every binding
 * target is met. */
#include <math.h>
#include <string.h>

#include "plot/plot_impl.h"

/* The varied inputs are the columns between `point` and the first target
 * (or `all_binding`); returns how many. */
static int axes_of(const plot_table *t) {
  int end = plot_table_col(t, "all_binding");
  for (int col = 1; col < end; col++) {
    char status[300];
    snprintf(status, sizeof status, "%s_status", plot_table_get(t, 0, col));
    if (plot_table_col(t, status) >= 0) {
      return col - 1;
    }
  }
  return end - 1;
}

static sim_status line_data(plot_ctx *c, const plot_table *t, int col, const char *name) {
  char status[300];
  snprintf(status, sizeof status, "%s_status", plot_table_get(t, 0, col));
  int cs = plot_table_col(t, status);
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# input result met\n", out);
  for (int r = 1; r < t->nrows; r++) {
    fputs(plot_table_get(t, r, 1), out);
    plot_put(out, plot_table_num(t, r, col));
    fprintf(out, " %d\n", strcmp(plot_table_get(t, r, cs), "met") == 0);
  }
  return plot_data_commit(c, o);
}

static bool constant_column(const plot_table *t, int col) {
  for (int r = 2; r < t->nrows; r++) {
    if (strcmp(plot_table_get(t, r, col), plot_table_get(t, 1, col)) != 0) {
      return false;
    }
  }
  return true;
}

/* One figure per target the input moves: result against the input. */
static sim_status line_figures(plot_ctx *c, const plot_table *t) {
  int end = plot_table_col(t, "all_binding");
  sim_status st = SIM_OK;
  for (int col = 2; st == SIM_OK && col < end; col += 2) {
    const char *id = plot_table_get(t, 0, col);
    char name[300], title[512], met[64], missed[64];
    if (constant_column(t, col)) {
      continue; /* the input does not move this target: nothing to show */
    }
    snprintf(name, sizeof name, "sweep_%s", id);
    st = line_data(c, t, col, name);
    char en[400];
    snprintf(en, sizeof en, "%s against %s", id, plot_table_get(t, 0, 1));
    const plot_subst s[] = {
        {"TITLE", plot_text(c, "", en, title, sizeof title)},
        {"XLABEL", plot_table_get(t, 0, 1)},
        {"YLABEL", id},
        {"MET", plot_text(c, "达成", "met", met, sizeof met)},
        {"MISSED", plot_text(c, "未达成", "missed", missed, sizeof missed)},
    };
    if (st == SIM_OK) {
      st = plot_script(c, name, "sweep_line", s, 5);
    }
  }
  return st;
}

static sim_status grid_figure(plot_ctx *c, const plot_table *t) {
  int cb = plot_table_col(t, "all_binding");
  sim_outfile *o = plot_data_open(c, "sweep_grid");
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# input1 input2 all_binding(1 met, 0 missed, 0.5 none)\n", out);
  for (int r = 1; r < t->nrows; r++) {
    const char *all = plot_table_get(t, r, cb);
    if (r > 1 && strcmp(plot_table_get(t, r, 1), plot_table_get(t, r - 1, 1)) != 0) {
      fputc('\n', out); /* a new row of the image */
    }
    fprintf(out, "%s %s %s\n", plot_table_get(t, r, 1), plot_table_get(t, r, 2),
            !*all ? "0.5" : strcmp(all, "met") == 0 ? "1" : "0");
  }
  sim_status st = plot_data_commit(c, o);
  char title[256], met[64], missed[64];
  const plot_subst s[] = {
      {"TITLE", plot_text(c, "所有约束性指标是否同时达成", "Every binding target met?", title,
                          sizeof title)},
      {"XLABEL", plot_table_get(t, 0, 1)},
      {"YLABEL", plot_table_get(t, 0, 2)},
      {"MET", plot_text(c, "达成", "met", met, sizeof met)},
      {"MISSED", plot_text(c, "未达成", "missed", missed, sizeof missed)},
  };
  return st == SIM_OK ? plot_script(c, "sweep_grid", "sweep_grid", s, 5) : st;
}

sim_status plot_sweep_figures(plot_ctx *c) {
  plot_table t = {0};
  sim_status st = plot_table_read_rows(c->dir, "sweep.csv", &t, c->why, sizeof c->why);
  int axes = st == SIM_OK ? axes_of(&t) : 0;
  if (st == SIM_OK && axes == 1) {
    st = line_figures(c, &t);
  } else if (st == SIM_OK && axes == 2) {
    st = grid_figure(c, &t);
  } else if (st == SIM_OK) {
    fprintf(stderr, "plansim: a sweep over %d inputs has no figure (one or two inputs do)\n",
            axes);
  }
  plot_table_free(&t);
  return st;
}
