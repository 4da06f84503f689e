/* xlsx.c — scorecard.xlsx from a folder's CSV files (xlsx.h).  Chinese
 * first, English beside it; every figure a number cell with a format for
 * its size, never text; met and missed coloured (blue and orange, told
 * apart by colour-blind readers) and spelt out. */
#include "report/xlsx.h"

#include <stdio.h>

#ifndef PLANSIM_XLSX

bool sim_xlsx_available(void) {
  return false;
}

sim_status sim_write_xlsx(const char *dir, const char *title, char *why, size_t size) {
  (void)dir, (void)title, (void)why, (void)size;
  return SIM_OK;
}

#else

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "plot/plot_impl.h" /* the CSV reader the figures use */

bool sim_xlsx_available(void) {
  return true;
}

#define MAX_SCENARIOS 64 /* column groups of a compare sheet */

/* The workbook and its formats. */
typedef struct {
  lxw_workbook *wb;
  lxw_format *title, *head, *text, *wrap, *pct, *met, *missed;
  lxw_format *num[5]; /* #,##0  0.0  0.00  0.000  0.0000 */
} book;

/* The folder's tables (empty when the folder has none). */
typedef struct {
  plot_table targets, traj, vars, summary, compare;
} folder;

static lxw_format *new_format(book *b, bool bold, unsigned bg, const char *num) {
  lxw_format *f = workbook_add_format(b->wb);
  if (bold) {
    format_set_bold(f);
  }
  if (bg) {
    format_set_bg_color(f, bg);
    format_set_border(f, LXW_BORDER_THIN);
  }
  if (num) {
    format_set_num_format(f, num);
  }
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

static void make_formats(book *b) {
  static const char *const nums[5] = {"#,##0", "0.0", "0.00", "0.000", "0.0000"};
  b->title = new_format(b, true, 0, NULL);
  format_set_font_size(b->title, 14);
  b->head = new_format(b, true, 0xDDDDDD, NULL);
  format_set_text_wrap(b->head);
  b->text = new_format(b, false, 0, NULL);
  b->wrap = new_format(b, false, 0, NULL);
  format_set_text_wrap(b->wrap);
  b->pct = new_format(b, false, 0, "0.0%");
  b->met = new_format(b, true, 0xCCE4F6, NULL);    /* light blue */
  b->missed = new_format(b, true, 0xFAD7A0, NULL); /* light orange */
  for (int k = 0; k < 5; k++) {
    b->num[k] = new_format(b, false, 0, nums[k]);
  }
}

/* The format that shows x with about four significant digits. */
static lxw_format *num_format(const book *b, double x) {
  double a = fabs(x);
  return a >= 1000 || a == rint(a) ? b->num[0]
         : a >= 100                ? b->num[1]
         : a >= 1                  ? b->num[2]
         : a >= 0.1                ? b->num[3]
                                   : b->num[4];
}

/* A number cell; nothing where the value does not exist.  A residue of
 * floating-point arithmetic (a gap of -6.2e-15) is the 0 it stands for
 * ("-0.0000" otherwise); the CSV files keep every digit. */
static void put_num(lxw_worksheet *ws, const book *b, int row, int col, double x) {
  x = fabs(x) < 1e-9 ? 0 : x;
  if (!isnan(x)) {
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, num_format(b, x));
  }
}

static void put_text(lxw_worksheet *ws, lxw_format *f, int row, int col, const char *s) {
  if (s && *s) {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f);
  }
}

/* A header row: "中文\nEnglish" per column, with widths. */
static void header(lxw_worksheet *ws, const book *b, int row, const char *const *names,
                   const double *widths, int n) {
  for (int k = 0; k < n; k++) {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)k, names[k], b->head);
    worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL);
  }
  worksheet_set_row(ws, (lxw_row_t)row, 32, NULL);
}

/* Cell of table t in row r, column named col. */
static const char *cell(const plot_table *t, int r, const char *col) {
  return plot_table_get(t, r, plot_table_col(t, col));
}

static double num(const plot_table *t, int r, const char *col) {
  return plot_table_num(t, r, plot_table_col(t, col));
}

/* variables.csv's row of output `var`, or -1. */
static int var_row(const folder *f, const char *var) {
  for (int r = 1; r < f->vars.nrows; r++) {
    if (strcmp(cell(&f->vars, r, "name"), var) == 0) {
      return r;
    }
  }
  return -1;
}

/* Output var in calendar year from trajectories.csv; NaN when absent. */
static double traj_value(const folder *f, const char *var, int year) {
  int col = plot_table_col(&f->traj, var);
  for (int r = 1; col >= 0 && r < f->traj.nrows; r++) {
    if ((int)plot_table_num(&f->traj, r, 0) == year) {
      return plot_table_num(&f->traj, r, col);
    }
  }
  return NAN;
}

/* What a target's figure measures, and its comparison, in both tongues. */
static const char *measure(const plot_table *t, int r, char *buf, size_t size) {
  static const char *const kinds[][2] = {{"level", "水平 level"},
                                         {"growth", "年均增长 growth %/yr"},
                                         {"cumulative", "累计 sum"},
                                         {"reduction", "降低 cut %"},
                                         {"synced", "同步 in step, pt"},
                                         {"max", "最高 max"},
                                         {"min", "最低 min"}};
  const char *kind = cell(t, r, "kind"), *text = kind, *op = cell(t, r, "op");
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    text = strcmp(kind, kinds[k][0]) == 0 ? kinds[k][1] : text;
  }
  double tol = num(t, r, "tol");
  if (strcmp(kind, "synced") == 0 || strcmp(op, "~") == 0) {
    snprintf(buf, size, "%s, ~ ±%g", text, tol);
  } else {
    snprintf(buf, size, "%s, %s", text, strcmp(op, ">=") == 0 ? "≥" : "≤");
  }
  return buf;
}

static const char *attribute_text(const char *a) {
  return strcmp(a, "binding") == 0 ? "约束性 binding" : "预期性 expected";
}

static const char *basis_text(const char *basis) {
  return strcmp(basis, "path") == 0     ? "路径 path"
         : strcmp(basis, "follow") == 0 ? "跟随 follow"
                                        : "模型 model";
}

static void put_status(lxw_worksheet *ws, const book *b, int row, int col,
                       const char *s) {
  bool met = strcmp(s, "met") == 0;
  if (*s) {
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col,
                           met ? "✔ 达成 met" : "✘ 未达成 missed",
                           met ? b->met : b->missed);
  }
}

static void title_row(lxw_worksheet *ws, const book *b, const char *title,
                      const char *what) {
  char text[1024];
  snprintf(text, sizeof text, "%s%s%s", title, *title ? " — " : "", what);
  worksheet_write_string(ws, 0, 0, text, b->title);
}

/* The plan's indicator table with the projection beside it. */
static void plan_sheet(const book *b, const folder *f, const char *title) {
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "规划指标 Indicators");
  const plot_table *t = &f->targets;
  int from = (int)num(t, 1, "from"), to = (int)num(t, 1, "to");
  char base_head[64], to_head[64];
  snprintf(base_head, sizeof base_head, "%d年\nBase year", from);
  snprintf(to_head, sizeof to_head, "%d年 预测\nProjected", to);
  const char *names[] = {"序号\nNo.",
                         "指标",
                         "Indicator",
                         "单位\nUnit",
                         base_head,
                         to_head,
                         "年均增长 %\nAvg growth",
                         "属性\nAttribute",
                         "目标口径\nMeasure",
                         "规划目标\nPlan",
                         "预测结果\nResult",
                         "差距\nGap",
                         "结果\nStatus",
                         "依据\nBasis",
                         "来源\nSource"};
  const double widths[] = {5, 26, 30, 12, 11, 12, 10, 13, 20, 10, 10, 10, 14, 11, 40};
  title_row(ws, b, title, "规划主要指标 Main plan indicators");
  header(ws, b, 2, names, widths, 15);
  char buf[128];
  for (int r = 1; r < t->nrows; r++) {
    int row = r + 2, y0 = (int)num(t, r, "from"), y1 = (int)num(t, r, "to");
    const char *var = cell(t, r, "var");
    int v = var_row(f, var);
    double a = traj_value(f, var, y0), z = traj_value(f, var, y1);
    worksheet_write_number(ws, (lxw_row_t)row, 0, r, b->num[0]);
    put_text(ws, b->text, row, 1, cell(t, r, "label_zh"));
    put_text(ws, b->text, row, 2, cell(t, r, "label"));
    put_text(ws, b->text, row, 3, v > 0 ? cell(&f->vars, v, "unit") : "");
    put_num(ws, b, row, 4, a);
    put_num(ws, b, row, 5, z);
    if (a > 0 && z >= 0 && y1 > y0) { /* the projection's average growth */
      put_num(ws, b, row, 6, (pow(z / a, 1.0 / (y1 - y0)) - 1) * 100);
    }
    put_text(ws, b->text, row, 7, attribute_text(cell(t, r, "attribute")));
    put_text(ws, b->text, row, 8, measure(t, r, buf, sizeof buf));
    put_num(ws, b, row, 9, num(t, r, "value"));
    put_num(ws, b, row, 10, num(t, r, "result"));
    put_num(ws, b, row, 11, num(t, r, "gap"));
    put_status(ws, b, row, 12, cell(t, r, "status"));
    put_text(ws, b->text, row, 13, basis_text(cell(t, r, "basis")));
    put_text(ws, b->text, row, 14, cell(t, r, "source"));
  }
  worksheet_freeze_panes(ws, 3, 3);
}

/* Every output over the years, one row each (years across, as plans
 * print them). */
static void trajectory_sheet(const book *b, const folder *f) {
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "轨迹 Trajectories");
  const plot_table *t = &f->traj;
  const char *names[] = {"变量\nVariable", "名称", "Name", "单位\nUnit"};
  const double widths[] = {30, 26, 36, 12};
  header(ws, b, 0, names, widths, 4);
  for (int r = 1; r < t->nrows; r++) { /* a year a column */
    worksheet_write_number(ws, 0, (lxw_col_t)(3 + r), plot_table_num(t, r, 0), b->head);
    worksheet_set_column(ws, (lxw_col_t)(3 + r), (lxw_col_t)(3 + r), 12, NULL);
  }
  for (int c = 1; c < t->ncols; c++) {
    const char *var = plot_table_get(t, 0, c);
    int v = var_row(f, var);
    put_text(ws, b->text, c, 0, var);
    if (v > 0) {
      put_text(ws, b->text, c, 1, cell(&f->vars, v, "label_zh"));
      put_text(ws, b->text, c, 2, cell(&f->vars, v, "label"));
      put_text(ws, b->text, c, 3, cell(&f->vars, v, "unit"));
    }
    for (int r = 1; r < t->nrows; r++) {
      put_num(ws, b, c, 3 + r, plot_table_num(t, r, c));
    }
  }
  worksheet_freeze_panes(ws, 1, 1);
}

/* A batch's share of runs meeting each target. */
static void p_met_sheet(const book *b, const folder *f, const char *title) {
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "达成概率 P(met)");
  const plot_table *t = &f->targets;
  const char *names[] = {"序号\nNo.",       "指标",        "Indicator",
                         "属性\nAttribute", "依据\nBasis", "目标口径\nMeasure",
                         "规划目标\nPlan",  "年份\nYears", "达成概率\nP(met)",
                         "说明\nNote",      "来源\nSource"};
  const double widths[] = {5, 26, 30, 13, 11, 20, 10, 11, 10, 36, 40};
  title_row(ws, b, title, "达成概率 Share of runs meeting each target");
  header(ws, b, 2, names, widths, 11);
  char buf[128];
  for (int r = 1; r < t->nrows; r++) {
    int row = r + 2;
    bool all = strcmp(cell(t, r, "id"), "all_binding") == 0;
    if (!all) {
      worksheet_write_number(ws, (lxw_row_t)row, 0, r, b->num[0]);
    }
    put_text(ws, b->text, row, 1, cell(t, r, "label_zh"));
    put_text(ws, b->text, row, 2, cell(t, r, "label"));
    put_text(ws, b->text, row, 3, attribute_text(cell(t, r, "attribute")));
    if (!all) {
      put_text(ws, b->text, row, 4, basis_text(cell(t, r, "basis")));
      put_text(ws, b->text, row, 5, measure(t, r, buf, sizeof buf));
      put_num(ws, b, row, 6, num(t, r, "value"));
      snprintf(buf, sizeof buf, "%s–%s", cell(t, r, "from"), cell(t, r, "to"));
      put_text(ws, b->text, row, 7, buf);
    }
    double p = num(t, r, "p_met");
    if (!isnan(p)) {
      worksheet_write_number(ws, (lxw_row_t)row, 8, p, b->pct);
    }
    if (*cell(t, r, "p_met_note")) {
      put_text(
          ws, b->wrap, row, 9,
          "路径未受抽样影响，非模型结论 a path no sampled input touches: no finding");
    }
    put_text(ws, b->text, row, 10, cell(t, r, "source"));
  }
  worksheet_freeze_panes(ws, 3, 3);
}

/* A batch's percentiles of every output and year. */
static void summary_sheet(const book *b, const folder *f) {
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "分布 Summary");
  const plot_table *t = &f->summary;
  static const char *const stats[] = {"mean", "sd",  "min", "p05", "p25",
                                      "p50",  "p75", "p95", "max", "runs"};
  const char *names[] = {
      "年份\nYear", "变量\nVariable", "名称",        "Name", "单位\nUnit",  "均值\nmean",
      "标准差\nsd", "最小\nmin",      "p05",         "p25",  "中位数\np50", "p75",
      "p95",        "最大\nmax",      "运行数\nruns"};
  const double widths[] = {7, 30, 24, 32, 12, 11, 11, 11, 11, 11, 11, 11, 11, 11, 9};
  header(ws, b, 0, names, widths, 15);
  for (int r = 1; r < t->nrows; r++) {
    const char *var = cell(t, r, "var");
    int v = var_row(f, var);
    worksheet_write_number(ws, (lxw_row_t)r, 0, num(t, r, "year"), b->num[0]);
    put_text(ws, b->text, r, 1, var);
    if (v > 0) {
      put_text(ws, b->text, r, 2, cell(&f->vars, v, "label_zh"));
      put_text(ws, b->text, r, 3, cell(&f->vars, v, "label"));
      put_text(ws, b->text, r, 4, cell(&f->vars, v, "unit"));
    }
    for (int k = 0; k < 10; k++) {
      put_num(ws, b, r, 5 + k, num(t, r, stats[k]));
    }
  }
  worksheet_freeze_panes(ws, 1, 2);
}

/* Distinct scenarios of compare.csv in order; returns their number. */
static int scenarios(const plot_table *t, const char **names, int max) {
  int n = 0;
  for (int r = 1; r < t->nrows; r++) {
    const char *s = cell(t, r, "scenario");
    int k = 0;
    while (k < n && strcmp(names[k], s) != 0) {
      k++;
    }
    if (k == n && n < max) {
      names[n++] = s;
    }
  }
  return n;
}

/* compare.csv's row of target id in scenario s, or -1. */
static int compare_row(const plot_table *t, const char *s, const char *id) {
  for (int r = 1; r < t->nrows; r++) {
    if (strcmp(cell(t, r, "scenario"), s) == 0 && strcmp(cell(t, r, "id"), id) == 0) {
      return r;
    }
  }
  return -1;
}

/* True when target id appears in a row above r. */
static bool seen_before(const plot_table *t, int r) {
  for (int q = 1; q < r; q++) {
    if (strcmp(cell(t, q, "id"), cell(t, r, "id")) == 0) {
      return true;
    }
  }
  return false;
}

/* Targets as rows; per scenario a group of result, gap and status. */
static void compare_sheet(const book *b, const folder *f, const char *title) {
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "情景比较 Compare");
  const plot_table *t = &f->compare;
  const char *names[] = {"序号\nNo.",       "指标",        "Indicator",
                         "属性\nAttribute", "依据\nBasis", "目标口径\nMeasure",
                         "规划目标\nPlan"};
  const double widths[] = {5, 26, 30, 13, 11, 20, 10};
  const char *sc[MAX_SCENARIOS];
  int n = scenarios(t, sc, MAX_SCENARIOS);
  title_row(ws, b, title, "情景比较 Scenarios side by side");
  header(ws, b, 3, names, widths, 7);
  for (int k = 0; k < 7; k++) { /* the left headers span both header rows */
    worksheet_merge_range(ws, 2, (lxw_col_t)k, 3, (lxw_col_t)k, names[k], b->head);
  }
  for (int s = 0; s < n; s++) {
    int c = 7 + 3 * s;
    worksheet_merge_range(ws, 2, (lxw_col_t)c, 2, (lxw_col_t)(c + 2), sc[s], b->head);
    const char *sub[] = {"预测结果\nResult", "差距\nGap", "结果\nStatus"};
    for (int k = 0; k < 3; k++) {
      worksheet_write_string(ws, 3, (lxw_col_t)(c + k), sub[k], b->head);
    }
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)(c + 1), 11, NULL);
    worksheet_set_column(ws, (lxw_col_t)(c + 2), (lxw_col_t)(c + 2), 14, NULL);
  }
  worksheet_set_row(ws, 3, 32, NULL);
  char buf[128];
  int row = 4;
  for (int r = 1; r < t->nrows; r++) {
    if (seen_before(t, r)) {
      continue;
    }
    worksheet_write_number(ws, (lxw_row_t)row, 0, row - 3, b->num[0]);
    put_text(ws, b->text, row, 1, cell(t, r, "label_zh"));
    put_text(ws, b->text, row, 2, cell(t, r, "label"));
    put_text(ws, b->text, row, 3, attribute_text(cell(t, r, "attribute")));
    put_text(ws, b->text, row, 4, basis_text(cell(t, r, "basis")));
    put_text(ws, b->text, row, 5, measure(t, r, buf, sizeof buf));
    put_num(ws, b, row, 6, num(t, r, "value"));
    for (int s = 0; s < n; s++) {
      int q = compare_row(t, sc[s], cell(t, r, "id"));
      if (q > 0) {
        put_num(ws, b, row, 7 + 3 * s, num(t, q, "result"));
        put_num(ws, b, row, 8 + 3 * s, num(t, q, "gap"));
        put_status(ws, b, row, 9 + 3 * s, cell(t, q, "status"));
      }
    }
    row++;
  }
  worksheet_freeze_panes(ws, 4, 3);
}

static sim_status read_folder(const char *dir, folder *f, char *why, size_t size) {
  *f = (folder){0};
  sim_status st = plot_table_read_optional(dir, "compare.csv", &f->compare, why, size);
  if (st == SIM_OK && f->compare.nrows == 0) {
    st = plot_table_read(dir, "targets.csv", &f->targets, why, size);
  }
  if (st == SIM_OK) {
    st = plot_table_read_optional(dir, "summary.csv", &f->summary, why, size);
  }
  if (st == SIM_OK) {
    st = plot_table_read_optional(dir, "trajectories.csv", &f->traj, why, size);
  }
  if (st == SIM_OK) {
    st = plot_table_read_optional(dir, "variables.csv", &f->vars, why, size);
  }
  return st;
}

static void free_folder(folder *f) {
  plot_table_free(&f->targets);
  plot_table_free(&f->traj);
  plot_table_free(&f->vars);
  plot_table_free(&f->summary);
  plot_table_free(&f->compare);
}

/* Writes the workbook's sheets for the folder's kind into path. */
static sim_status write_book(const char *path, const folder *f, const char *title,
                             char *why, size_t size) {
  book b = {workbook_new(path)};
  if (!b.wb) {
    snprintf(why, size, "%s: cannot create the workbook", path);
    return SIM_ERR_IO;
  }
  /* a fixed date, so that the same folder gives the same bytes (a
   * refactoring is checked by comparing outputs, tests/same_outputs.sh) */
  lxw_doc_properties props = {.title = (char *)title,
                              .author = "plansim",
                              .created = 1767225600 /* 2026-01-01 */};
  workbook_set_properties(b.wb, &props);
  make_formats(&b);
  if (f->compare.nrows > 0) {
    compare_sheet(&b, f, title);
  } else if (f->summary.nrows > 0) {
    p_met_sheet(&b, f, title);
    summary_sheet(&b, f);
  } else {
    plan_sheet(&b, f, title);
    if (f->traj.nrows > 0) {
      trajectory_sheet(&b, f);
    }
  }
  lxw_error err = workbook_close(b.wb);
  if (err != LXW_NO_ERROR) {
    snprintf(why, size, "%s: %s", path, lxw_strerror(err));
    return SIM_ERR_IO;
  }
  return SIM_OK;
}

sim_status sim_write_xlsx(const char *dir, const char *title, char *why, size_t size) {
  folder f;
  sim_status st = read_folder(dir, &f, why, size);
  char tmp[4200], path[4200];
  snprintf(tmp, sizeof tmp, "%s/.scorecard.xlsx.XXXXXX", dir);
  snprintf(path, sizeof path, "%s/scorecard.xlsx", dir);
  int fd = st == SIM_OK ? mkstemp(tmp) : -1; /* a name of our own beside the file */
  if (st == SIM_OK && fd < 0) {
    snprintf(why, size, "%s: cannot create a temporary file", tmp);
    st = SIM_ERR_IO;
  }
  if (fd >= 0) {
    close(fd);
    st = write_book(tmp, &f, title, why, size);
    if (st == SIM_OK && rename(tmp, path) != 0) {
      snprintf(why, size, "%s: cannot rename into place", path);
      st = SIM_ERR_IO;
    }
    if (st != SIM_OK) {
      unlink(tmp);
    }
  }
  free_folder(&f);
  return st;
}

#endif
