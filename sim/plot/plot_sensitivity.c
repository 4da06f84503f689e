/* plot_sensitivity.c — the figures of a sensitivity folder (a tornado of
 * the inputs per target, ranked by Sobol ST or Morris mu*; ST stacked by
 * year for the key outputs) and of a discover folder (PRIM's trade-off
 * curve with the chosen box, and the box's limits against the sampled
 * ranges). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

#define MAX_INPUTS 64

/* Columns of sensitivity.csv; sobol has ST, morris mu_star. */
typedef struct {
  const plot_table *t;
  bool sobol;
  int q, y, in, main, main_conf, second, second_conf; /* second_conf -1: none */
} sens_cols;

static bool sens_columns(const plot_table *t, sens_cols *s) {
  s->t = t;
  s->sobol = plot_table_col(t, "ST") >= 0;
  s->q = plot_table_col(t, "quantity");
  s->y = plot_table_col(t, "year");
  s->in = plot_table_col(t, "input");
  s->main = plot_table_col(t, s->sobol ? "ST" : "mu_star");
  s->main_conf = plot_table_col(t, s->sobol ? "ST_conf" : "mu_star_conf");
  s->second = plot_table_col(t, s->sobol ? "S1" : "sigma");
  s->second_conf = s->sobol ? plot_table_col(t, "S1_conf") : -1;
  return s->q >= 0 && s->y >= 0 && s->in >= 0 && s->main >= 0 && s->main_conf >= 0 &&
         s->second >= 0;
}

/* The rows [first, end) of one quantity and year, from row first. */
static int group_end(const sens_cols *s, int first) {
  int end = first + 1;
  while (end < s->t->nrows &&
         strcmp(plot_table_get(s->t, end, s->q), plot_table_get(s->t, first, s->q)) == 0 &&
         strcmp(plot_table_get(s->t, end, s->y), plot_table_get(s->t, first, s->y)) == 0) {
    end++;
  }
  return end;
}

/* Rows [first, end) ordered by the main index, largest first. */
static void rank(const sens_cols *s, int first, int end, int *order) {
  int n = end - first;
  for (int i = 0; i < n; i++) {
    order[i] = first + i;
    for (int j = i; j > 0 && plot_table_num(s->t, order[j], s->main) >
                                 plot_table_num(s->t, order[j - 1], s->main);
         j--) {
      int k = order[j];
      order[j] = order[j - 1];
      order[j - 1] = k;
    }
  }
}

/* figures/NAME.dat of a tornado and its ytics; the x range in lo, hi. */
static sim_status tornado_data(plot_ctx *c, const sens_cols *s, const int *order, int n,
                               const char *name, char *tics, size_t size, double *hi) {
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  size_t at = (size_t)snprintf(tics, size, "set ytics (");
  fputs("# row main main_conf second second_conf input\n", out);
  *hi = 0;
  for (int i = 0; i < n; i++) {
    int r = order[i];
    double m = plot_table_num(s->t, r, s->main), mc = plot_table_num(s->t, r, s->main_conf);
    double v = plot_table_num(s->t, r, s->second);
    double vc = s->second_conf >= 0 ? plot_table_num(s->t, r, s->second_conf) : 0;
    fprintf(out, "%d", i);
    plot_put(out, m);
    plot_put(out, mc);
    plot_put(out, v);
    plot_put(out, vc);
    fprintf(out, " \"%s\"\n", plot_table_get(s->t, r, s->in));
    *hi = fmax(*hi, fmax(m + mc, v + vc));
    if (at < size) {
      at += (size_t)snprintf(tics + at, size - at, "%s\"%s\" %d", i ? ", " : "",
                             plot_table_get(s->t, r, s->in), i);
    }
  }
  if (at < size) {
    snprintf(tics + at, size - at, ")");
  }
  return plot_data_commit(c, o);
}

/* One tornado: the quantity at rows [first, end), if it has indices. */
static sim_status tornado(plot_ctx *c, const sens_cols *s, int first, int end) {
  const char *q = plot_table_get(s->t, first, s->q);
  if (isnan(plot_table_num(s->t, first, s->main)) || end - first > MAX_INPUTS) {
    return SIM_OK; /* zero variance or undefined: no indices to draw */
  }
  char name[128], tics[8192], title[512], en[256], ny[16], xmax[32], xl[256], k1[128], k2[128],
      k3[128];
  snprintf(name, sizeof name, "tornado_%s", strchr(q, ':') ? strchr(q, ':') + 1 : q);
  int order[MAX_INPUTS];
  double hi;
  rank(s, first, end, order);
  sim_status st = tornado_data(c, s, order, end - first, name, tics, sizeof tics, &hi);
  if (st != SIM_OK) {
    return st;
  }
  snprintf(en, sizeof en, "%s: %s", q, s->sobol ? "Sobol indices" : "Morris screening");
  snprintf(ny, sizeof ny, "%d", end - first);
  snprintf(xmax, sizeof xmax, "%.6g", s->sobol ? fmax(1.0, hi * 1.15) : hi * 1.2 + 1e-300);
  const plot_subst sub[] = {
      {"TITLE", plot_text(c, "", en, title, sizeof title)},
      {"YTICS", tics},
      {"NY", ny},
      {"XMIN", "0"},
      {"XMAX", xmax},
      {"XLABEL", s->sobol ? plot_text(c, "敏感性指数", "index (share of the variance)", xl,
                                      sizeof xl)
                          : plot_text(c, "", "mu*: mean |elementary effect| per step", xl,
                                      sizeof xl)},
      {"K_MAIN", s->sobol ? plot_text(c, "总效应", "ST (total)", k1, sizeof k1) : "mu*"},
      {"K_CONF", plot_text(c, "95% 区间", "95 % interval", k2, sizeof k2)},
      {"K_SECOND", s->sobol ? plot_text(c, "一阶效应", "S1 (first order)", k3, sizeof k3)
                            : "sigma"},
  };
  return plot_script(c, name, "tornado", sub, 9);
}

/* ST of each input per year of output var (sobol): figures/st_VAR.dat. */
static sim_status st_years(plot_ctx *c, const sens_cols *s, const plot_key_output *k) {
  char name[128], title[512], yl[128], xl[128], ncol[16];
  snprintf(name, sizeof name, "st_years_%s", k->var);
  for (char *p = name; *p; p++) {
    *p = *p == '.' ? '_' : *p;
  }
  sim_outfile *o = NULL;
  int years = 0, inputs = 0;
  for (int r = 1; r < s->t->nrows;) {
    int end = group_end(s, r);
    bool mine = strcmp(plot_table_get(s->t, r, s->q), k->var) == 0;
    if (mine && !isnan(plot_table_num(s->t, r, s->main))) {
      if (!o && !(o = plot_data_open(c, name))) {
        return SIM_ERR_IO;
      }
      FILE *out = sim_outfile_stream(o);
      if (years++ == 0) { /* the header: gnuplot's columnheader names the inputs */
        fputs("year", out);
        for (int i = r; i < end; i++) {
          fprintf(out, " \"%s\"", plot_table_get(s->t, i, s->in));
        }
        fputc('\n', out);
        inputs = end - r;
      }
      fputs(plot_table_get(s->t, r, s->y), out);
      for (int i = r; i < end; i++) {
        plot_put(out, plot_table_num(s->t, i, s->main));
      }
      fputc('\n', out);
    }
    r = end;
  }
  if (!o) {
    return SIM_OK; /* the output is not in the folder, or never varies */
  }
  sim_status st = plot_data_commit(c, o);
  snprintf(ncol, sizeof ncol, "%d", inputs + 1);
  char en[256];
  snprintf(en, sizeof en, "%s: total Sobol index of each input by year", k->en);
  const plot_subst sub[] = {
      {"TITLE", plot_text(c, k->zh, en, title, sizeof title)},
      {"YLABEL", plot_text(c, "总效应指数", "ST", yl, sizeof yl)},
      {"XLABEL", plot_text(c, "年份", "year", xl, sizeof xl)},
      {"NCOL", ncol},
  };
  return st == SIM_OK ? plot_script(c, name, "st_years", sub, 4) : st;
}

sim_status plot_sensitivity_figures(plot_ctx *c) {
  plot_table t = {0};
  sens_cols s;
  sim_status st = plot_table_read_rows(c->dir, "sensitivity.csv", &t, c->why, sizeof c->why);
  if (st == SIM_OK && !sens_columns(&t, &s)) {
    snprintf(c->why, sizeof c->why, "%s/sensitivity.csv: not a sensitivity table", c->dir);
    st = SIM_ERR_IO;
  }
  for (int r = 1; st == SIM_OK && r < t.nrows;) {
    int end = group_end(&s, r);
    const char *q = plot_table_get(&t, r, s.q);
    if (strncmp(q, "target:", 7) == 0 || strcmp(q, "met:all_binding") == 0) {
      st = tornado(c, &s, r, end);
    }
    r = end;
  }
  for (int k = 0; st == SIM_OK && s.sobol && k < PLOT_NKEY_OUTPUTS; k++) {
    st = st_years(c, &s, &plot_key_outputs[k]);
  }
  plot_table_free(&t);
  return st;
}

/* ---- discover ----------------------------------------------------------- */

/* The sampled range of `input` from run.json's "ranges" member ("name":
 * [lo, hi] entries); false when it is not there. */
static bool sampled_range(const char *json, const char *input, double *lo, double *hi) {
  const char *p = json ? strstr(json, "\"ranges\"") : NULL;
  char key[300];
  snprintf(key, sizeof key, "\"%s\": [", input);
  p = p ? strstr(p, key) : NULL;
  return p && sscanf(p + strlen(key), "%lf, %lf", lo, hi) == 2;
}

/* run.json's text (NULL when missing); caller frees. */
static char *read_json(const char *dir) {
  char path[4200];
  snprintf(path, sizeof path, "%s/run.json", dir);
  FILE *f = fopen(path, "rb");
  char *text = f ? calloc(1, 1 << 20) : NULL;
  if (text) {
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = '\0';
  }
  if (f) {
    fclose(f);
  }
  return text;
}

/* The step chosen from trajectory rows [first, end): largest coverage with
 * density >= d, the denser on a tie, else the densest (prim.c's rule on
 * the same numbers). */
static int chosen_step(const plot_table *t, int first, int end, double d) {
  int cc = plot_table_col(t, "coverage"), cd = plot_table_col(t, "density"), best = -1;
  for (int pass = 0; pass < 2 && best < 0; pass++) {
    for (int r = first; r < end; r++) {
      double cov = plot_table_num(t, r, cc), den = plot_table_num(t, r, cd);
      if (pass == 0 && !(den >= d)) {
        continue;
      }
      double bc = best >= 0 ? plot_table_num(t, best, cc) : -1;
      double bd = best >= 0 ? plot_table_num(t, best, cd) : -1;
      bool better = pass == 0 ? cov > bc || (cov == bc && den > bd)
                              : den > bd || (den == bd && cov > bc);
      best = better ? r : best;
    }
  }
  return best;
}

static sim_status tradeoff(plot_ctx *c, const plot_table *t, int first, int end,
                           double min_density, const char *target, const char *kase) {
  char name[128], title[512], en[256], xl[128], yl[128], cb[128], km[128], kc[128], md[32],
      cbmax[16];
  if (end - first < 2) {
    return SIM_OK; /* no peel: every run, or none, of interest */
  }
  snprintf(name, sizeof name, "prim_tradeoff_%s_%s", target, kase);
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  int chosen = chosen_step(t, first, end, min_density);
  int cs = plot_table_col(t, "step"), cc = plot_table_col(t, "coverage");
  int cd = plot_table_col(t, "density"), cr = plot_table_col(t, "restricted");
  fputs("# step coverage density restricted chosen\n", out);
  double most = 1;
  for (int r = first; r < end; r++) {
    most = fmax(most, plot_table_num(t, r, cr));
    fputs(plot_table_get(t, r, cs), out);
    plot_put(out, plot_table_num(t, r, cc));
    plot_put(out, plot_table_num(t, r, cd));
    fprintf(out, " %s %d\n", plot_table_get(t, r, cr), r == chosen);
  }
  sim_status st = plot_data_commit(c, o);
  snprintf(en, sizeof en, "PRIM: runs where %s is %s, coverage against density", target, kase);
  snprintf(md, sizeof md, "%.6g", min_density);
  snprintf(cbmax, sizeof cbmax, "%g", most);
  const plot_subst sub[] = {
      {"TITLE", plot_text(c, "", en, title, sizeof title)},
      {"XLABEL", plot_text(c, "覆盖率", "coverage (share of the runs of interest in the box)",
                           xl, sizeof xl)},
      {"YLABEL", plot_text(c, "密度", "density (share of the box's runs of interest)", yl,
                           sizeof yl)},
      {"CBLABEL", plot_text(c, "受限输入数", "inputs restricted", cb, sizeof cb)},
      {"K_MIN", plot_text(c, "最低密度", "--min-density", km, sizeof km)},
      {"K_CHOSEN", plot_text(c, "选定的盒子", "chosen box", kc, sizeof kc)},
      {"MIN_DENSITY", md},
      {"CBMAX", cbmax},
  };
  return st == SIM_OK ? plot_script(c, name, "prim_tradeoff", sub, 8) : st;
}

/* The chosen box's limits on each input it restricts, rows of discover.csv. */
static sim_status box_limits(plot_ctx *c, const plot_table *t, const char *json,
                             const char *target, const char *kase) {
  int ct = plot_table_col(t, "target"), ck = plot_table_col(t, "case");
  int ci = plot_table_col(t, "input"), cl = plot_table_col(t, "lower");
  int cu = plot_table_col(t, "upper"), cr = plot_table_col(t, "restricted");
  char name[128], tics[8192], title[512], en[256], ny[16], kr[128], kb[128];
  snprintf(name, sizeof name, "prim_box_%s_%s", target, kase);
  sim_outfile *o = NULL;
  int rows = 0;
  size_t at = (size_t)snprintf(tics, sizeof tics, "set ytics (");
  for (int r = 1; r < t->nrows; r++) {
    double lo, hi, l = plot_table_num(t, r, cl), u = plot_table_num(t, r, cu);
    const char *in = plot_table_get(t, r, ci);
    if (strcmp(plot_table_get(t, r, ct), target) || strcmp(plot_table_get(t, r, ck), kase) ||
        strcmp(plot_table_get(t, r, cr), "1") || !sampled_range(json, in, &lo, &hi)) {
      continue;
    }
    if (!o && !(o = plot_data_open(c, name))) {
      return SIM_ERR_IO;
    }
    FILE *out = sim_outfile_stream(o);
    fprintf(out, "%d", rows);
    plot_put(out, (l - lo) / (hi - lo));
    plot_put(out, (u - lo) / (hi - lo));
    plot_put(out, l);
    plot_put(out, u);
    plot_put(out, lo);
    plot_put(out, hi);
    fprintf(out, " \"%s\"\n", in);
    if (at < sizeof tics) {
      at += (size_t)snprintf(tics + at, sizeof tics - at, "%s\"%s\" %d", rows ? ", " : "", in,
                             rows);
    }
    rows++;
  }
  if (!o) {
    return SIM_OK; /* no input restricted: no box to draw */
  }
  if (at < sizeof tics) {
    snprintf(tics + at, sizeof tics - at, ")");
  }
  sim_status st = plot_data_commit(c, o);
  snprintf(en, sizeof en, "PRIM box: where %s is %s", target, kase);
  snprintf(ny, sizeof ny, "%d", rows);
  const plot_subst sub[] = {
      {"TITLE", plot_text(c, "", en, title, sizeof title)},
      {"YTICS", tics},
      {"NY", ny},
      {"K_RANGE", plot_text(c, "抽样范围", "sampled range", kr, sizeof kr)},
      {"K_BOX", plot_text(c, "盒子", "box", kb, sizeof kb)},
  };
  return st == SIM_OK ? plot_script(c, name, "prim_box", sub, 5) : st;
}

sim_status plot_discover_figures(plot_ctx *c) {
  plot_table d = {0}, t = {0};
  sim_status st = plot_table_read(c->dir, "discover.csv", &d, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read_rows(c->dir, "trajectory.csv", &t, c->why, sizeof c->why);
  }
  char *json = st == SIM_OK ? read_json(c->dir) : NULL;
  const char *md = json ? strstr(json, "\"min_density\": ") : NULL;
  double min_density = md ? strtod(md + 15, NULL) : 0.8;
  int ct = plot_table_col(&t, "target"), ck = plot_table_col(&t, "case");
  for (int r = 1; st == SIM_OK && r < t.nrows;) {
    int end = r + 1;
    const char *target = plot_table_get(&t, r, ct), *kase = plot_table_get(&t, r, ck);
    while (end < t.nrows && strcmp(plot_table_get(&t, end, ct), target) == 0 &&
           strcmp(plot_table_get(&t, end, ck), kase) == 0) {
      end++;
    }
    st = tradeoff(c, &t, r, end, min_density, target, kase);
    if (st == SIM_OK) {
      st = box_limits(c, &d, json, target, kase);
    }
    r = end;
  }
  free(json);
  plot_table_free(&d);
  plot_table_free(&t);
  return st;
}
