/* plot_impl.h — what the figure writers (plot_run.c, plot_compare.c) share
 * with plot.c: a small CSV reader and the figure context.  Private to the
 * plot module. */
#ifndef PLANSIM_PLOT_IMPL_H
#define PLANSIM_PLOT_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "core/outfile.h"
#include "sim.h"

#define PLOT_MAX_FIGURES 96

/* A CSV file held in memory: row 0 is the header. */
typedef struct {
  int nrows, ncols;
  char **cell; /* nrows * ncols, "" where a row is short; point into buf */
  char *buf;
} plot_table;

/* Reads dir/name into t.  Returns SIM_ERR_IO (why filled) when it cannot
 * be read, is empty, or is damaged (a row of another width than the
 * header's, or a last row without its newline), SIM_ERR_NOMEM.  Free with
 * plot_table_free. */
sim_status plot_table_read(const char *dir, const char *name, plot_table *t, char *why,
                           size_t size);

/* The same for a table a folder may lack (t left empty then), e.g. one
 * written by an older plansim; one that is there must be whole. */
sim_status plot_table_read_optional(const char *dir, const char *name, plot_table *t,
                                    char *why, size_t size);

/* The same for a table that needs rows below its header (SIM_ERR_IO
 * without). */
sim_status plot_table_read_rows(const char *dir, const char *name, plot_table *t,
                                char *why, size_t size);

/* Frees what t holds; a zeroed table does nothing. */
void plot_table_free(plot_table *t);

/* Column of header `name`, or -1. */
int plot_table_col(const plot_table *t, const char *name);

/* Cell text (never NULL; "" outside the table). */
const char *plot_table_get(const plot_table *t, int row, int col);

/* Cell as a number; NaN when empty or not a number. */
double plot_table_num(const plot_table *t, int row, int col);

/* What every figure writer needs. */
typedef struct {
  const char *dir;     /* the folder plotted */
  char figdir[4096];   /* dir/figures */
  bool cjk;            /* a Chinese font is installed: bilingual labels */
  const char *font;    /* font family for the terminals */
  int nfig;            /* figures written so far */
  char fig[PLOT_MAX_FIGURES][128];
  char why[512];       /* reason of the last failure */
} plot_ctx;

/* The outputs a planner looks at first (batch fans, compare lines), with
 * labels for titles and whether a log scale suits them. */
typedef struct {
  const char *var, *zh, *en;
  bool log;
} plot_key_output;

#define PLOT_NKEY_OUTPUTS 4
extern const plot_key_output plot_key_outputs[PLOT_NKEY_OUTPUTS];

/* A placeholder of a template and its replacement. */
typedef struct {
  const char *key, *value;
} plot_subst;

/* Opens figures/NAME.dat for writing (NULL on failure, why filled). */
sim_outfile *plot_data_open(plot_ctx *c, const char *name);

/* Commits a data file opened by plot_data_open. */
sim_status plot_data_commit(plot_ctx *c, sim_outfile *f);

/* Writes figures/NAME.gp from template tmpl (plots/TMPL.gp) with the
 * n placeholders of s, plus @NAME@, @DATA@ (NAME.dat) and @FONT@, and
 * records the figure to be drawn. */
sim_status plot_script(plot_ctx *c, const char *name, const char *tmpl, const plot_subst *s,
                       int n);

/* Bilingual text "zh en" when Chinese renders, else en with Chinese units
 * put in English; escaped for a double-quoted gnuplot string.  Writes buf
 * and returns it. */
const char *plot_text(const plot_ctx *c, const char *zh, const char *en, char *buf,
                      size_t size);

/* The axis label of output `var` from variables.csv's table `vars`: its
 * label and unit, in Chinese and English as plot_text gives them; en and
 * zh when vars does not list it (or is empty). */
const char *plot_axis_label(const plot_ctx *c, const plot_table *vars, const char *var,
                            const char *en, const char *zh, char *buf, size_t size);

/* Writes x for gnuplot: NaN where a value does not exist. */
void plot_put(FILE *out, double x);

/* Figures of a run folder (plot_run.c) and of a compare folder
 * (plot_compare.c). */
sim_status plot_run_figures(plot_ctx *c);
sim_status plot_compare_figures(plot_ctx *c);
/* Figures of a batch folder (plot_batch.c) and a sweep folder
 * (plot_sweep.c). */
sim_status plot_batch_figures(plot_ctx *c);
sim_status plot_sweep_figures(plot_ctx *c);
/* Figures of a solve folder and a capacity folder (plot_solve.c). */
sim_status plot_solve_figures(plot_ctx *c);
sim_status plot_capacity_figures(plot_ctx *c);
/* Figures of a sensitivity folder and of a discover folder
 * (plot_sensitivity.c). */
sim_status plot_sensitivity_figures(plot_ctx *c);
sim_status plot_discover_figures(plot_ctx *c);

#endif
