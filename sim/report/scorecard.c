/* scorecard.c — the files and lines that hold a run against its plan. */
#define _GNU_SOURCE /* strcasestr */
#include "report/scorecard.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "core/outfile.h"
#include "report/readable.h"

#ifndef PLANSIM_VERSION
#define PLANSIM_VERSION "0.0.0"
#endif

const char *sim_target_plan_text(const sim_target *t, char *buf, size_t size) {
  char v[48], tol[48];
  sim_readable(t->value, false, v, sizeof v);
  sim_readable(t->tol, false, tol, sizeof tol);
  if (t->kind == TARGET_SYNCED) {
    snprintf(buf, size, "in step with %s ±%s pt", t->ref, tol);
  } else if (t->op == TARGET_NEAR) {
    snprintf(buf, size, "~%s ±%s", v, tol);
  } else {
    snprintf(buf, size, "%s %s", sim_target_ops[t->op], v);
  }
  return buf;
}

const char *const sim_basis_text[] = {"模型 model", "路径 path", "跟随 follow"};

const char *sim_basis_summary(const sim_targets *ts, const sim_target_result *r, char *buf,
                              size_t size) {
  int n[3] = {0, 0, 0}, model_met = 0;
  for (int i = 0; i < ts->n; i++) {
    n[ts->item[i].basis]++;
    model_met += ts->item[i].basis == SIM_BASIS_MODEL && r[i].met;
  }
  snprintf(buf, size,
           "%d of %d targets are model results; %d of them met (%d rest on a path given "
           "in the scenario, %d follow another output by an assumed elasticity)",
           n[SIM_BASIS_MODEL], ts->n, model_met, n[SIM_BASIS_PATH], n[SIM_BASIS_FOLLOW]);
  return buf;
}

bool sim_target_glide(const sim_target *t, const double *v, int count, int start, int year,
                      double *path, bool *on_track) {
#define AT(y) v[(size_t)((y) - start) * count + t->var_index]
  int from = t->from < t->to ? t->from : start;
  double v0 = AT(from), x = AT(year), span = t->to - from;
  if (span <= 0) {
    return false;
  }
  double frac = (year - from) / span;
  if (t->kind == TARGET_LEVEL) {
    *path = v0 + (t->value - v0) * frac;
  } else if (t->kind == TARGET_GROWTH) {
    *path = v0 * pow(1 + t->value / 100, year - from);
  } else if (t->kind == TARGET_REDUCTION) {
    *path = v0 * pow(1 - t->value / 100, frac);
  } else {
    return false;
  }
  bool reduction = t->kind == TARGET_REDUCTION;
  double tol = t->kind == TARGET_LEVEL ? t->tol : fabs(*path) * t->tol / 100;
  if (t->op == TARGET_NEAR) {
    *on_track = year == from || fabs(x - *path) <= tol * (1 + 1e-12);
  } else if ((t->op == TARGET_GE) != reduction) {
    *on_track = x >= *path * (1 - 1e-12);
  } else {
    *on_track = x <= *path * (1 + 1e-12);
  }
#undef AT
  return true;
}

static void put_fields(FILE *out, const char *const *fields, int n) {
  for (int k = 0; k < n; k++) {
    if (k) {
      fputc(',', out);
    }
    sim_put_csv_text(out, fields[k]);
  }
}

const char sim_target_columns[] = "id,attribute,basis,kind,var,ref,from,to,op,value,tol";

void sim_put_target_head(FILE *out, const sim_target *t) {
  char from[16], to[16];
  snprintf(from, sizeof from, "%d", t->from);
  snprintf(to, sizeof to, "%d", t->to);
  const char *fields[] = {t->id,    sim_target_attributes[t->attribute],
                          sim_basis_names[t->basis], sim_target_kinds[t->kind],
                          t->var,   t->ref ? t->ref : "",
                          from,     to,
                          sim_target_ops[t->op]};
  put_fields(out, fields, 9);
  fputc(',', out);
  sim_put_number(out, t->value);
  fputc(',', out);
  sim_put_number(out, t->tol);
}

typedef struct {
  const sim_scenario *sc;
  const sim_engine *e;
  const sim_targets *ts;
  const sim_target_result *r;
} card;

const char sim_target_row_columns[] =
    "id,attribute,basis,kind,var,ref,from,to,op,value,tol,result,gap,status,label,label_zh,"
    "source";

void sim_put_target_row(FILE *out, const sim_target *t, const sim_target_result *r) {
  sim_put_target_head(out, t);
  fputc(',', out);
  sim_put_number(out, r->result);
  fputc(',', out);
  sim_put_number(out, r->gap);
  const char *fields[] = {r->met ? "met" : "missed", t->label, t->label_zh, t->source};
  fputc(',', out);
  put_fields(out, fields, 4);
}

static void targets_csv(FILE *out, const card *c) {
  fprintf(out, "%s\n", sim_target_row_columns);
  for (int i = 0; i < c->ts->n; i++) {
    sim_put_target_row(out, &c->ts->item[i], &c->r[i]);
    fputc('\n', out);
  }
}

static void by_year_csv(FILE *out, const card *c) {
  int count = sim_engine_output_count(c->e), start = sim_engine_start(c->e);
  const double *v = sim_engine_values(c->e);
  fputs("id,year,value,path,on_track\n", out);
  for (int i = 0; i < c->ts->n; i++) {
    const sim_target *t = &c->ts->item[i];
    int from = t->from < t->to ? t->from : start;
    for (int y = from; y <= t->to; y++) {
      double path;
      bool on_track;
      if (!sim_target_glide(t, v, count, start, y, &path, &on_track)) {
        break;
      }
      sim_put_csv_text(out, t->id);
      fprintf(out, ",%d,", y);
      sim_put_number(out, v[(size_t)(y - start) * count + t->var_index]);
      fputc(',', out);
      sim_put_number(out, path);
      fprintf(out, ",%d\n", on_track ? 1 : 0);
    }
  }
}

static const char *unit_of(const card *c, const sim_target *t, char *buf, size_t size) {
  if (t->kind == TARGET_GROWTH || t->kind == TARGET_SYNCED) {
    return "%/yr";
  }
  if (t->kind == TARGET_REDUCTION) {
    return "% cut";
  }
  if (t->kind == TARGET_PEAK) {
    return "peak year";
  }
  const char *unit = sim_engine_output(c->e, t->var_index)->unit;
  size_t len = strlen(unit);
  if (t->kind == TARGET_CUMULATIVE && len > 3 && strcmp(unit + len - 3, "/yr") == 0) {
    snprintf(buf, size, "%.*s", (int)(len - 3), unit); /* a sum over years: 万人/yr -> 万人 */
    return buf;
  }
  return unit;
}

static void card_rows(FILE *out, const card *c, int attribute) {
  char plan[128], years[32], result[32], gap[32], unit[64];
  for (int i = 0; i < c->ts->n; i++) {
    const sim_target *t = &c->ts->item[i];
    if (t->attribute != attribute) {
      continue;
    }
    if (t->kind == TARGET_LEVEL) {
      snprintf(years, sizeof years, "%d", t->to);
    } else if (t->kind == TARGET_CUMULATIVE) { /* the years summed: from + 1 .. to */
      snprintf(years, sizeof years, "sum %d–%d", t->from + 1, t->to);
    } else {
      snprintf(years, sizeof years, "%d–%d", t->from, t->to);
    }
    fprintf(out, "| %s | %s | %s (%s) | %s | %s %s | %s | %s | %s |\n",
            attribute == 0 ? "约束性 binding" : "预期性 expected",
            *t->label_zh ? t->label_zh : t->id, *t->label ? t->label : t->var, years,
            sim_basis_text[t->basis], sim_target_plan_text(t, plan, sizeof plan),
            unit_of(c, t, unit, sizeof unit),
            sim_readable(c->r[i].result, false, result, sizeof result),
            sim_readable(c->r[i].gap, true, gap, sizeof gap),
            c->r[i].met ? "✅ met 达成" : "❌ missed 未达成");
  }
}

static void note_line(void *ctx, const char *path, const char *value, const char *note) {
  if (strcasestr(note, "assumption")) {
    fprintf(ctx, "- `%s = %s` — %s\n", path, value, note);
  }
}

static void scorecard_md(FILE *out, const card *c) {
  const sim_scenario *sc = c->sc;
  fprintf(out, "# %s %s — scorecard 规划目标评估\n\n", sim_scenario_title_zh(sc),
          sim_scenario_title(sc));
  fprintf(out, "Scenario `%s`, %d–%d, plansim %s.\n\n", sim_scenario_name(sc),
          sim_scenario_start(sc), sim_scenario_end(sc), PLANSIM_VERSION);
  char line[256];
  fprintf(out, "**%s.**\n\n", sim_basis_summary(c->ts, c->r, line, sizeof line));
  fputs("| 属性 Attribute | 指标 | Indicator | 依据 Basis | 规划 Plan | 预测 Projected | 差距 "
        "Gap | 结果 Status |\n|---|---|---|---|---|---|---|---|\n",
        out);
  card_rows(out, c, 0);
  card_rows(out, c, 1);
  fputs("\nBasis 依据: *model* — computed by the coupled models from other settings, a "
        "finding; *path* — a path or curve given in the scenario, met or missed by "
        "construction; *follow* — tied to another output by an assumed elasticity or "
        "ratio, met as far as that assumption holds.\n",
        out);
  fputs("\n## Targets resting on assumptions 目标中的假设\n\n", out);
  for (int i = 0; i < c->ts->n; i++) {
    const sim_target *t = &c->ts->item[i];
    if (strcasestr(t->source, "assumption")) {
      fprintf(out, "- `%s`: %s\n", t->id, t->source);
    }
  }
  fputs("\n## What this scenario assumed 情景假设\n\nSettings marked as assumptions in the "
        "scenario file (not plan figures):\n\n",
        out);
  sim_scenario_notes(sc, note_line, out);
}

typedef void (*card_fn)(FILE *out, const card *c);

static sim_status write_one(const char *dir, const char *name, card_fn fn, const card *c,
                            char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(dir, name, why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  fn(sim_outfile_stream(f), c);
  return sim_outfile_commit(f, why, size);
}

sim_status sim_write_scorecard(const char *dir, const sim_scenario *sc, const sim_engine *e,
                               const sim_targets *ts, const sim_target_result *r,
                               char *why, size_t size) {
  card c = {sc, e, ts, r};
  sim_status st = write_one(dir, "targets.csv", targets_csv, &c, why, size);
  if (st == SIM_OK) {
    st = write_one(dir, "targets_by_year.csv", by_year_csv, &c, why, size);
  }
  if (st == SIM_OK) {
    st = write_one(dir, "scorecard.md", scorecard_md, &c, why, size);
  }
  return st;
}

void sim_print_targets(FILE *out, const sim_targets *ts, const sim_target_result *r) {
  char plan[128], got[48], line[256];
  int met = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < ts->n; i++) {
      const sim_target *t = &ts->item[i];
      if (t->attribute == pass) {
        met += r[i].met;
        fprintf(out, "  %-8s %-7s %-6s %-32.32s plan %-26s got %-12s %s\n",
                pass ? "expected" : "binding", r[i].met ? "met" : "MISSED",
                sim_basis_names[t->basis], t->id, sim_target_plan_text(t, plan, sizeof plan),
                sim_readable(r[i].result, false, got, sizeof got), t->label_zh);
      }
    }
  }
  fprintf(out, "  %d of %d targets met\n  %s\n", met, ts->n,
          sim_basis_summary(ts, r, line, sizeof line));
}
