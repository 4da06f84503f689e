/* plot.c — `plansim plot DIR`: finds what kind of folder DIR is, reads its
 * CSV files, writes each figure's data and gnuplot script (from the
 * templates of plots/, compiled into the program) into DIR/figures/ and
 * runs gnuplot on the scripts when it is installed. */
#include "plot/plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot/plot_impl.h"

/* The templates plots/NAME.gp, embedded by cmake/embed.cmake. */
extern const char plansim_plot_target[], plansim_plot_water_balance[],
    plansim_plot_compute[], plansim_plot_carbon[], plansim_plot_compare_grid[],
    plansim_plot_fan[], plansim_plot_p_met[], plansim_plot_sweep_line[],
    plansim_plot_sweep_grid[], plansim_plot_compare_lines[], plansim_plot_solve_line[],
    plansim_plot_solve_frontier[], plansim_plot_capacity[], plansim_plot_tornado[],
    plansim_plot_st_years[], plansim_plot_prim_tradeoff[], plansim_plot_prim_box[];

static const struct {
  const char *name, *text;
} templates[] = {
    {"target", plansim_plot_target},
    {"water_balance", plansim_plot_water_balance},
    {"compute", plansim_plot_compute},
    {"carbon", plansim_plot_carbon},
    {"compare_grid", plansim_plot_compare_grid},
    {"fan", plansim_plot_fan},
    {"p_met", plansim_plot_p_met},
    {"sweep_line", plansim_plot_sweep_line},
    {"sweep_grid", plansim_plot_sweep_grid},
    {"compare_lines", plansim_plot_compare_lines},
    {"solve_line", plansim_plot_solve_line},
    {"solve_frontier", plansim_plot_solve_frontier},
    {"capacity", plansim_plot_capacity},
    {"tornado", plansim_plot_tornado},
    {"st_years", plansim_plot_st_years},
    {"prim_tradeoff", plansim_plot_prim_tradeoff},
    {"prim_box", plansim_plot_prim_box},
};

const plot_key_output plot_key_outputs[PLOT_NKEY_OUTPUTS] = {
    {"economy.gdp", "地区生产总值", "GDP (亿元)", false},
    {"compute.capacity", "算力规模", "Compute capacity (PFlops)", true},
    {"water.use_conventional", "常规水用量", "Conventional water use (万m³)", false},
    {"carbon.intensity", "单位地区生产总值二氧化碳排放", "CO2 per 万元 GDP (t)", false},
};

#define CJK_FONT "Noto Sans CJK SC"
#define CJK_FONT_FILE "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define INSTALL_HINT "apt-get install gnuplot-nox"

/* ---- CSV files ---------------------------------------------------------- */

static char *read_all(const char *path) {
  FILE *in = fopen(path, "rb");
  char *buf = NULL;
  long len = -1;
  if (in && fseek(in, 0, SEEK_END) == 0) {
    len = ftell(in);
  }
  if (len >= 0 && fseek(in, 0, SEEK_SET) == 0 && (buf = malloc((size_t)len + 1))) {
    size_t got = fread(buf, 1, (size_t)len, in);
    buf[got] = '\0';
  }
  if (in) {
    fclose(in);
  }
  return buf;
}

/* Unquotes the field at *r in place (writing at *w); leaves *r after its
 * separator and returns the field with the separator in *sep. */
static char *next_field(char **r, char **w, char *sep) {
  char *start = *w, *p = *r, *q = *w;
  if (*p == '"') {
    for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
      *q++ = *p;
      p += *p == '"';
    }
    p += *p == '"';
  }
  for (; *p && *p != ',' && *p != '\n'; p++) {
    if (*p != '\r') {
      *q++ = *p;
    }
  }
  *sep = *p;
  *r = *p ? p + 1 : p;
  *q++ = '\0';
  *w = q;
  return start;
}

/* Splits t->buf into rows of t->ncols cells (the header's width).  Files
 * plansim wrote have every row that wide and end with a newline; for one
 * that does not (cut short, or edited), *bad is the row at fault, counting
 * the header as row 1, and *cells its width (-1: it has no newline). */
static sim_status split_rows(plot_table *t, int *bad, int *cells) {
  size_t lines = 2, len = strlen(t->buf);
  for (const char *p = t->buf; *p; p++) {
    lines += *p == '\n';
  }
  char *r = t->buf, *w = t->buf, sep = ',';
  for (const char *p = r; *p && *p != '\n'; p++) {
    t->ncols += *p == ',';
  }
  t->ncols++;
  t->cell = malloc(lines * (size_t)t->ncols * sizeof *t->cell);
  if (!t->cell) {
    return SIM_ERR_NOMEM;
  }
  *bad = len > 0 && t->buf[len - 1] != '\n' ? -1 : 0;
  while (*r) {
    char **row = t->cell + (size_t)t->nrows * (size_t)t->ncols;
    int col = 0;
    do {
      char *field = next_field(&r, &w, &sep);
      if (col < t->ncols) {
        row[col] = field;
      }
      col++;
    } while (sep == ',');
    if (col > 1 || row[0][0] != '\0') {
      if (col != t->ncols && *bad == 0) {
        *bad = t->nrows + 1;
        *cells = col;
      }
      for (; col < t->ncols; col++) {
        row[col] = w - 1; /* the terminator just written: "" */
      }
      t->nrows++;
    }
  }
  if (*bad < 0) {
    *bad = t->nrows;
    *cells = -1;
  }
  return SIM_OK;
}

sim_status plot_table_read(const char *dir, const char *name, plot_table *t, char *why,
                           size_t size) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  *t = (plot_table){0};
  errno = 0;
  t->buf = read_all(path);
  if (!t->buf) {
    snprintf(why, size, "%s: %s", path, errno ? strerror(errno) : "out of memory");
    return SIM_ERR_IO;
  }
  int bad = 0, cells = 0;
  sim_status st = split_rows(t, &bad, &cells);
  if (st != SIM_OK) {
    snprintf(why, size, "%s: out of memory", path);
  } else if (t->nrows == 0) {
    snprintf(why, size, "%s: empty (a damaged or unfinished folder?)", path);
    st = SIM_ERR_IO;
  } else if (bad && cells < 0) {
    snprintf(why, size, "%s: row %d ends without a newline (a damaged or cut file?)", path,
             bad);
    st = SIM_ERR_IO;
  } else if (bad) {
    snprintf(why, size, "%s: row %d has %d cells, the header %d (a damaged or cut file?)",
             path, bad, cells, t->ncols);
    st = SIM_ERR_IO;
  }
  if (st != SIM_OK) {
    plot_table_free(t);
  }
  return st;
}

sim_status plot_table_read_optional(const char *dir, const char *name, plot_table *t,
                                    char *why, size_t size) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  *t = (plot_table){0};
  return access(path, F_OK) != 0 ? SIM_OK : plot_table_read(dir, name, t, why, size);
}

const char *plot_axis_label(const plot_ctx *c, const plot_table *vars, const char *var,
                            const char *en, const char *zh, char *buf, size_t size) {
  int row = 1, name = plot_table_col(vars, "name");
  while (row < vars->nrows && strcmp(plot_table_get(vars, row, name), var) != 0) {
    row++;
  }
  if (row >= vars->nrows) {
    return plot_text(c, zh, en, buf, size);
  }
  char text[512], label_zh[256];
  const char *unit = plot_table_get(vars, row, plot_table_col(vars, "unit"));
  snprintf(text, sizeof text, "%s%s%s%s", plot_table_get(vars, row, plot_table_col(vars, "label")),
           *unit ? " (" : "", unit, *unit ? ")" : "");
  snprintf(label_zh, sizeof label_zh, "%s", plot_table_get(vars, row, plot_table_col(vars, "label_zh")));
  return plot_text(c, label_zh, text, buf, size);
}

sim_status plot_table_read_rows(const char *dir, const char *name, plot_table *t, char *why,
                                size_t size) {
  sim_status st = plot_table_read(dir, name, t, why, size);
  if (st == SIM_OK && t->nrows < 2) {
    snprintf(why, size, "%s/%s: a header and no rows (a damaged or unfinished folder?)", dir,
             name);
    plot_table_free(t);
    st = SIM_ERR_IO;
  }
  return st;
}

void plot_table_free(plot_table *t) {
  free(t->cell);
  free(t->buf);
  *t = (plot_table){0};
}

int plot_table_col(const plot_table *t, const char *name) {
  for (int i = 0; t->nrows > 0 && i < t->ncols; i++) {
    if (strcmp(t->cell[i], name) == 0) {
      return i;
    }
  }
  return -1;
}

const char *plot_table_get(const plot_table *t, int row, int col) {
  if (row < 0 || row >= t->nrows || col < 0 || col >= t->ncols) {
    return "";
  }
  return t->cell[(size_t)row * (size_t)t->ncols + (size_t)col];
}

double plot_table_num(const plot_table *t, int row, int col) {
  const char *s = plot_table_get(t, row, col);
  char *end;
  double x = strtod(s, &end);
  return (*s == '\0' || *end != '\0') ? NAN : x;
}

/* ---- text --------------------------------------------------------------- */

/* Chinese units and words in English labels, for when no Chinese font is
 * installed; longest first. */
static const char *const english[][2] = {
    {"万m³", "10k m³"},       {"万tce", "10k tce"}, {"万t", "10k t"},
    {"万吨", "10k t"},        {"亿元", "100M yuan"}, {"万元", "10k yuan"},
    {"万人", "10k people"},   {"万亩", "10k mu"},   {"人/千人", "per 1000"},
    {"件/万人", "per 10k people"}, {"元", "yuan"},  {"岁", "years"},
};

/* Appends s escaped for a double-quoted gnuplot string. */
static size_t put_escaped(char *buf, size_t at, size_t size, const char *s) {
  for (; *s && at + 2 < size; s++) {
    if (*s == '"' || *s == '\\') {
      buf[at++] = '\\';
    }
    buf[at++] = *s;
  }
  buf[at] = '\0';
  return at;
}

/* Appends en with the Chinese words of `english` translated. */
static size_t put_english(char *buf, size_t at, size_t size, const char *en) {
  char one[2] = {0};
  while (*en) {
    size_t k = 0, n = sizeof english / sizeof english[0];
    while (k < n && strncmp(en, english[k][0], strlen(english[k][0])) != 0) {
      k++;
    }
    one[0] = *en;
    at = put_escaped(buf, at, size, k < n ? english[k][1] : one);
    en += k < n ? strlen(english[k][0]) : 1;
  }
  return at;
}

const char *plot_text(const plot_ctx *c, const char *zh, const char *en, char *buf,
                      size_t size) {
  size_t at = 0;
  buf[0] = '\0';
  if (c->cjk) {
    at = put_escaped(buf, at, size, zh ? zh : "");
    at = put_escaped(buf, at, size, zh && *zh && en && *en ? " " : "");
    put_escaped(buf, at, size, en ? en : "");
  } else {
    put_english(buf, at, size, en ? en : "");
  }
  return buf;
}

void plot_put(FILE *out, double x) {
  if (isnan(x)) {
    fputs(" NaN", out);
  } else {
    fprintf(out, " %.10g", x);
  }
}

/* ---- data files and scripts -------------------------------------------- */

sim_outfile *plot_data_open(plot_ctx *c, const char *name) {
  char file[160];
  snprintf(file, sizeof file, "%s.dat", name);
  return sim_outfile_open(c->figdir, file, c->why, sizeof c->why);
}

sim_status plot_data_commit(plot_ctx *c, sim_outfile *f) {
  return sim_outfile_commit(f, c->why, sizeof c->why);
}

static const char *template_text(const char *name) {
  for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++) {
    if (strcmp(templates[i].name, name) == 0) {
      return templates[i].text;
    }
  }
  return NULL;
}

/* The replacement of placeholder key (len bytes), or NULL. */
static const char *lookup(const plot_subst *s, int n, const char *key, size_t len) {
  for (int i = 0; i < n; i++) {
    if (strlen(s[i].key) == len && strncmp(s[i].key, key, len) == 0) {
      return s[i].value;
    }
  }
  return NULL;
}

/* Copies text to out with every @KEY@ of s replaced. */
static void substitute(FILE *out, const char *text, const plot_subst *s, int n) {
  while (*text) {
    const char *end = text[0] == '@' ? strchr(text + 1, '@') : NULL;
    const char *value = end ? lookup(s, n, text + 1, (size_t)(end - text - 1)) : NULL;
    if (value) {
      fputs(value, out);
      text = end + 1;
    } else {
      fputc(*text++, out);
    }
  }
}

sim_status plot_script(plot_ctx *c, const char *name, const char *tmpl, const plot_subst *s,
                       int n) {
  char file[160], data[160];
  const char *text = template_text(tmpl);
  if (!text || c->nfig >= PLOT_MAX_FIGURES || n > 60) {
    snprintf(c->why, sizeof c->why, "%s: too many figures or no template %s", name, tmpl);
    return SIM_ERR_IO;
  }
  snprintf(file, sizeof file, "%s.gp", name);
  snprintf(data, sizeof data, "%s.dat", name);
  plot_subst all[64] = {{"NAME", name}, {"DATA", data}, {"FONT", c->font}};
  memcpy(all + 3, s, (size_t)n * sizeof *s);
  sim_outfile *f = sim_outfile_open(c->figdir, file, c->why, sizeof c->why);
  if (!f) {
    return SIM_ERR_IO;
  }
  substitute(sim_outfile_stream(f), text, all, n + 3);
  snprintf(c->fig[c->nfig++], sizeof c->fig[0], "%s", name);
  return sim_outfile_commit(f, c->why, sizeof c->why);
}

/* ---- gnuplot ------------------------------------------------------------ */

/* True when a Chinese font gnuplot can use is installed. */
static bool have_cjk_font(void) {
  bool found = false;
  char line[512];
  FILE *p = popen("fc-list :lang=zh family 2>/dev/null", "r");
  while (p && fgets(line, sizeof line, p)) {
    found = found || strstr(line, CJK_FONT) != NULL;
  }
  if (p) {
    pclose(p);
  }
  return found || access(CJK_FONT_FILE, R_OK) == 0;
}

/* True when an executable `gnuplot` is on PATH. */
static bool have_gnuplot(void) {
  const char *path = getenv("PATH");
  char dir[4096], exe[4200];
  while (path && *path) {
    size_t len = strcspn(path, ":");
    snprintf(dir, sizeof dir, "%.*s", (int)len, path);
    snprintf(exe, sizeof exe, "%s/gnuplot", len ? dir : ".");
    if (access(exe, X_OK) == 0) {
      return true;
    }
    path += len + (path[len] == ':');
  }
  return false;
}

/* Removes figures/NAME.png and NAME.svg. */
static void remove_images(const plot_ctx *c, const char *name) {
  char path[4400];
  snprintf(path, sizeof path, "%s/%s.png", c->figdir, name);
  remove(path);
  snprintf(path, sizeof path, "%s/%s.svg", c->figdir, name);
  remove(path);
}

/* Runs `gnuplot NAME.gp` in the figures folder; on failure removes the
 * images it may have half written. */
static sim_status run_gnuplot(plot_ctx *c, const char *name) {
  char script[160];
  snprintf(script, sizeof script, "%s.gp", name);
  remove_images(c, name);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(c->figdir) == 0) {
      execlp("gnuplot", "gnuplot", script, (char *)NULL);
    }
    _exit(127);
  }
  int ws = 0;
  if (pid < 0 || waitpid(pid, &ws, 0) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
    snprintf(c->why, sizeof c->why, "gnuplot failed on %.300s/%.150s", c->figdir, script);
    remove_images(c, name);
    return SIM_ERR_IO;
  }
  return SIM_OK;
}

/* Draws every recorded figure, or says how to get gnuplot. */
static sim_status draw(plot_ctx *c, bool quiet) {
  if (!have_gnuplot()) {
    fprintf(stderr,
            "plansim: gnuplot is not installed, so only the data and scripts of the "
            "figures were written to %s/.\n"
            "  Install it (Debian/Ubuntu, as root): " INSTALL_HINT "\n"
            "  then draw them: cd %s && gnuplot NAME.gp\n",
            c->figdir, c->figdir);
    return SIM_OK;
  }
  sim_status st = SIM_OK;
  for (int i = 0; i < c->nfig && st == SIM_OK; i++) {
    st = run_gnuplot(c, c->fig[i]);
    if (st == SIM_OK && !quiet) {
      printf("  %s/%s.png .svg\n", c->figdir, c->fig[i]);
    }
  }
  return st;
}

/* True when dir/name exists. */
static bool exists(const char *dir, const char *name) {
  char path[4200];
  struct stat sb;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &sb) == 0;
}

sim_status sim_plot(const char *dir, bool quiet) {
  bool run = exists(dir, "trajectories.csv"), cmp = exists(dir, "compare.csv");
  bool batch = exists(dir, "summary.csv"), sweep = exists(dir, "sweep.csv");
  bool solve = exists(dir, "solve.csv") || exists(dir, "frontier.csv");
  bool capacity = exists(dir, "capacity.csv");
  bool sens = exists(dir, "sensitivity.csv"), disc = exists(dir, "discover.csv");
  if (!run && !cmp && !batch && !sweep && !solve && !capacity && !sens && !disc) {
    fprintf(stderr,
            "plansim: %s is neither a run folder (trajectories.csv), a compare folder "
            "(compare.csv), a batch folder (summary.csv), a sweep folder (sweep.csv), a "
            "solve folder (solve.csv, frontier.csv), a capacity folder (capacity.csv), a "
            "sensitivity folder (sensitivity.csv) nor a discover folder (discover.csv): "
            "nothing to plot\n",
            dir);
    return SIM_ERR_USAGE;
  }
  plot_ctx *c = calloc(1, sizeof *c);
  if (!c) {
    fprintf(stderr, "plansim: out of memory\n");
    return SIM_ERR_NOMEM;
  }
  c->dir = dir;
  c->cjk = have_cjk_font();
  c->font = c->cjk ? CJK_FONT : "Sans";
  snprintf(c->figdir, sizeof c->figdir, "%s/figures", dir);
  sim_status st = sim_mkdirs(c->figdir, c->why, sizeof c->why);
  if (st == SIM_OK) {
    st = run     ? plot_run_figures(c)
         : cmp   ? plot_compare_figures(c)
         : batch ? plot_batch_figures(c)
         : sweep ? plot_sweep_figures(c)
         : solve ? plot_solve_figures(c)
         : capacity ? plot_capacity_figures(c)
         : sens  ? plot_sensitivity_figures(c)
                 : plot_discover_figures(c);
  }
  if (st == SIM_OK) {
    st = draw(c, quiet);
  }
  if (st != SIM_OK) {
    fprintf(stderr, "plansim: cannot plot: %s\n", c->why);
  }
  free(c);
  return st;
}
