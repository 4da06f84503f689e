/* plot_solve.c — the figures of a solve folder (each target's metric along
 * the lever with its threshold and boundaries; with two levers, the
 * frontier with the met side shaded) and of a capacity folder (each
 * driver projected and allowed, year by year). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot_impl.h"

/* A figure name from an id: characters a file name may not hold as '_'. */
static void figure_name(char *buf, size_t size, const char *prefix, const char *id) {
  int n = snprintf(buf, size, "%s%s", prefix, id);
  for (int i = (int)strlen(prefix); i < n && i < (int)size - 1; i++) {
    buf[i] = strchr("/\\ .:*?\"'<>|", buf[i]) ? '_' : buf[i];
  }
}

/* gnuplot arrows for target id: its thresholds (dashed, across) and its
 * boundaries (solid, up), from solve.csv. */
static void marks(const plot_table *s, const char *id, char *buf, size_t size) {
  int ct = plot_table_col(s, "threshold"), cv = plot_table_col(s, "value");
  size_t used = 0;
  buf[0] = '\0';
  for (int r = 1; r < s->nrows && used < size; r++) {
    if (strcmp(plot_table_get(s, r, 0), id) != 0) {
      continue;
    }
    const char *th = plot_table_get(s, r, ct), *v = plot_table_get(s, r, cv);
    if (*th) {
      used += (size_t)snprintf(buf + used, size - used,
                               "  set arrow from graph 0, first %s to graph 1, first %s nohead "
                               "dt 2 lw 2 lc rgb \"#D55E00\"\n",
                               th, th);
    }
    if (*v && used < size) {
      used += (size_t)snprintf(buf + used, size - used,
                               "  set arrow from first %s, graph 0 to first %s, graph 1 nohead "
                               "lw 2 lc rgb \"#000000\"\n",
                               v, v);
    }
  }
}

/* figure solve_ID: rows of scan.csv for target id. */
static sim_status line_figure(plot_ctx *c, const plot_table *scan, const plot_table *s,
                              const char *id) {
  char name[160], title[512], en[400], met[64], missed[64], th[64], bd[64], xlabel[300];
  char arrows[16384];
  figure_name(name, sizeof name, "solve_", id);
  sim_outfile *o = plot_data_open(c, name);
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# lever metric met\n", out);
  for (int r = 1; r < scan->nrows; r++) {
    if (strcmp(plot_table_get(scan, r, 0), id) == 0) {
      fputs(plot_table_get(scan, r, 1), out);
      plot_put(out, plot_table_num(scan, r, 2));
      fprintf(out, " %s\n", *plot_table_get(scan, r, 3) ? plot_table_get(scan, r, 3) : "NaN");
    }
  }
  sim_status st = plot_data_commit(c, o);
  marks(s, id, arrows, sizeof arrows);
  snprintf(en, sizeof en, "What it takes: %s", id);
  snprintf(xlabel, sizeof xlabel, "%s (%s)", plot_table_get(s, 1, 1), plot_table_get(s, 1, 2));
  const plot_subst sub[] = {
      {"TITLE", plot_text(c, "目标反求", en, title, sizeof title)},
      {"XLABEL", xlabel},
      {"YLABEL", id},
      {"MARKS", arrows},
      {"MET", plot_text(c, "达成", "met", met, sizeof met)},
      {"MISSED", plot_text(c, "未达成", "missed", missed, sizeof missed)},
      {"THRESHOLD", plot_text(c, "阈值", "threshold", th, sizeof th)},
      {"BOUNDARY", plot_text(c, "边界", "boundary", bd, sizeof bd)},
  };
  return st == SIM_OK ? plot_script(c, name, "solve_line", sub, 8) : st;
}

/* The second lever's LO and HI from run.json's "levers" (PATH...=LO:HI). */
static bool second_range(const char *dir, double *lo, double *hi) {
  char path[4200], text[8192];
  snprintf(path, sizeof path, "%s/run.json", dir);
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
  if (f) {
    fclose(f);
  }
  text[n] = '\0';
  const char *at = strstr(text, "\"levers\": [");
  at = at ? strstr(at, "\", \"") : NULL; /* the end of the first lever */
  const char *eq = at ? strchr(at + 4, '=') : NULL;
  return eq && sscanf(eq + 1, "%lf:%lf", lo, hi) == 2;
}


/* The four-water-constraints phrase of a driver (以水定人、以水定地、
 * 以水定产; compute: 以水定算); another driver: the rule's name. */
static const char *capacity_phrase(const char *driver) {
  static const char *const phrase[][2] = {{"population", "以水定人"},
                                          {"irrigated_land", "以水定地"},
                                          {"industry_services", "以水定产"},
                                          {"compute", "以水定算"}};
  for (size_t k = 0; k < sizeof phrase / sizeof phrase[0]; k++) {
    if (strcmp(driver, phrase[k][0]) == 0) {
      return phrase[k][1];
    }
  }
  return "四水四定";
}
static sim_status frontier_figure(plot_ctx *c, const plot_table *t) {
  double lo, hi;
  if (!second_range(c->dir, &lo, &hi)) {
    snprintf(c->why, sizeof c->why, "%s/run.json: no second lever", c->dir);
    return SIM_ERR_IO;
  }
  sim_outfile *o = plot_data_open(c, "frontier");
  if (!o) {
    return SIM_ERR_IO;
  }
  FILE *out = sim_outfile_stream(o);
  fputs("# lever1 boundary met_from met_to\n", out);
  for (int r = 1; r < t->nrows; r++) {
    const char *status = plot_table_get(t, r, 4);
    double v = plot_table_num(t, r, 3);
    bool above = strcmp(status, "boundary_met_above") == 0;
    bool below = strcmp(status, "boundary_met_below") == 0;
    bool all = strcmp(status, "met_everywhere") == 0;
    fputs(plot_table_get(t, r, 1), out);
    plot_put(out, v);
    plot_put(out, above ? v : below || all ? lo : NAN);
    plot_put(out, below ? v : above || all ? hi : NAN);
    fputc('\n', out);
  }
  sim_status st = plot_data_commit(c, o);
  char title[256], met[64], bd[64], ylo[32], yhi[32];
  snprintf(ylo, sizeof ylo, "%.17g", lo);
  snprintf(yhi, sizeof yhi, "%.17g", hi);
  const plot_subst s[] = {
      {"TITLE", plot_text(c, "目标边界（两项措施的权衡）", "Frontier: the trade-off of two levers",
                          title, sizeof title)},
      {"XLABEL", plot_table_get(t, 1, 0)},
      {"YLABEL", plot_table_get(t, 1, 2)},
      {"YLO", ylo},
      {"YHI", yhi},
      {"MET", plot_text(c, "达成", "met", met, sizeof met)},
      {"BOUNDARY", plot_text(c, "边界", "boundary", bd, sizeof bd)},
  };
  return st == SIM_OK ? plot_script(c, "frontier", "solve_frontier", s, 7) : st;
}

sim_status plot_solve_figures(plot_ctx *c) {
  plot_table s = {0}, scan = {0};
  sim_status st = plot_table_read_optional(c->dir, "frontier.csv", &s, c->why, sizeof c->why);
  if (st == SIM_OK && s.nrows > 1) {
    st = frontier_figure(c, &s);
    plot_table_free(&s);
    return st;
  }
  plot_table_free(&s);
  st = plot_table_read_rows(c->dir, "solve.csv", &s, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = plot_table_read_rows(c->dir, "scan.csv", &scan, c->why, sizeof c->why);
  }
  for (int r = 1; st == SIM_OK && r < s.nrows; r++) {
    const char *id = plot_table_get(&s, r, 0);
    if (r == 1 || strcmp(id, plot_table_get(&s, r - 1, 0)) != 0) {
      st = line_figure(c, &scan, &s, id);
    }
  }
  plot_table_free(&s);
  plot_table_free(&scan);
  return st;
}

sim_status plot_capacity_figures(plot_ctx *c) {
  plot_table t = {0};
  sim_status st = plot_table_read_rows(c->dir, "capacity.csv", &t, c->why, sizeof c->why);
  for (int r = 1; st == SIM_OK && r < t.nrows; r++) {
    const char *driver = plot_table_get(&t, r, 1);
    bool first = true;
    for (int q = 1; q < r; q++) {
      first &= strcmp(plot_table_get(&t, q, 1), driver) != 0;
    }
    if (!first) {
      continue;
    }
    char name[160], title[400], en[256], ylabel[160], proj[64], allowed[64];
    figure_name(name, sizeof name, "capacity_", driver);
    sim_outfile *o = plot_data_open(c, name);
    if (!o) {
      st = SIM_ERR_IO;
      break;
    }
    FILE *out = sim_outfile_stream(o);
    fputs("# year projected allowed\n", out);
    for (int q = r; q < t.nrows; q++) {
      if (strcmp(plot_table_get(&t, q, 1), driver) == 0) {
        fputs(plot_table_get(&t, q, 0), out);
        plot_put(out, plot_table_num(&t, q, 3));
        plot_put(out, plot_table_num(&t, q, 4));
        fputc('\n', out);
      }
    }
    st = plot_data_commit(c, o);
    snprintf(en, sizeof en, "What the water red line allows: %s", driver);
    snprintf(ylabel, sizeof ylabel, "%s (%s)", driver, plot_table_get(&t, r, 2));
    const plot_subst s[] = {
        {"TITLE", plot_text(c, capacity_phrase(driver), en, title, sizeof title)},
        {"YLABEL", ylabel},
        {"PROJECTED", plot_text(c, "规划预测", "projected", proj, sizeof proj)},
        {"ALLOWED", plot_text(c, "红线允许", "allowed by the red line", allowed,
                              sizeof allowed)},
    };
    if (st == SIM_OK) {
      st = plot_script(c, name, "capacity", s, 4);
    }
  }
  plot_table_free(&t);
  return st;
}
