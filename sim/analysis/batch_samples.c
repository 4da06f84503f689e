/* batch_samples.c — samples.csv without the cells that are the same in
 * every run.  The seed is the batch's (run.json's "seed"); a target whose
 * cell was the same text in every ok pilot run (a plan indicator on its
 * path, a target on frozen outputs) is a *constant column*: its cell is
 * written once, in run.json's "samples_constants", and a later ok run
 * whose cell differs (a frozen output that moved) is listed in
 * "samples_exceptions".  The pilot's rows are held until the columns are
 * known, then written without those cells.  PLANSIM_FULL_SAMPLES=1 keeps
 * every column (the seed too): a test restores the slim file from run.json
 * and finds that file's bytes. */
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_internal.h"

void samples_begin(batch *b) {
  b->rows.full = getenv("PLANSIM_FULL_SAMPLES") != NULL;
  b->rows.seed_len = b->rows.full ? snprintf(b->rows.seed_text, sizeof b->rows.seed_text,
                                             ",%lld", b->opts->seed)
                                  : 0;
}

/* The cells of one row of text: their starts and ends (the row's newline
 * excluded); returns the count, at most max. */
static int row_cells(const char *row, const char *end, const char **at, int *len, int max) {
  int n = 0;
  for (const char *p = row; n < max;) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *stop = comma ? comma : end;
    at[n] = p;
    len[n++] = (int)(stop - p);
    if (!comma) {
      break;
    }
    p = comma + 1;
  }
  return n;
}

/* The first column of the targets' cells in a pilot row. */
static int first_target_column(const batch *b) {
  return 1 + (b->rows.seed_len > 0) + b->u->inputs.n;
}

/* a pilot row: run, seed (PLANSIM_FULL_SAMPLES), the inputs, the targets, status */
#define MAX_CELLS (2 + SIM_MAX_INPUTS + SIM_MAX_LIST + 1)

/* Marks the constant columns: a target whose cell is the same text in
 * every ok pilot row (and there is one). */
static void find_constants(batch *b) {
  const text_buf *t = &b->rows.pilot_rows;
  const char *first[SIM_MAX_LIST] = {0}, *at[MAX_CELLS];
  int first_len[SIM_MAX_LIST], len[MAX_CELLS], from = first_target_column(b);
  bool same[SIM_MAX_LIST];
  for (int i = 0; i < b->ts->n; i++) {
    same[i] = !b->rows.full;
  }
  for (const char *row = t->data, *end; row && row < t->data + t->len; row = end + 1) {
    end = memchr(row, '\n', (size_t)(t->data + t->len - row));
    int n = row_cells(row, end, at, len, MAX_CELLS);
    if (n != from + b->ts->n + 1 || len[n - 1] != 2 || memcmp(at[n - 1], "ok", 2) != 0) {
      continue; /* a failed run: no results */
    }
    for (int i = 0; i < b->ts->n; i++) {
      const char *cell = at[from + i];
      if (!first[i]) {
        first[i] = cell, first_len[i] = len[from + i];
      }
      same[i] &= len[from + i] == first_len[i] && memcmp(cell, first[i], (size_t)first_len[i]) == 0;
    }
  }
  b->rows.nconstant = 0;
  for (int i = 0; i < b->ts->n; i++) {
    b->rows.constant[i] = same[i] && first[i] && first_len[i] <= SIM_G17_MAX;
    if (b->rows.constant[i]) {
      memcpy(b->rows.constant_cell[i], first[i], (size_t)first_len[i]);
      b->rows.constant_cell[i][first_len[i]] = '\0';
      b->rows.nconstant++;
    }
  }
}

/* The header: run[,seed], the inputs, the targets not constant, status. */
static void put_header(const batch *b, FILE *out) {
  fputs(b->rows.full ? "run,seed" : "run", out);
  for (int j = 0; j < b->u->inputs.n; j++) {
    fputc(',', out);
    sim_put_csv_text(out, b->u->inputs.item[j].path);
  }
  for (int i = 0; i < b->ts->n; i++) {
    if (!b->rows.constant[i]) {
      fputc(',', out);
      sim_put_csv_text(out, b->ts->item[i].id);
    }
  }
  fputs(",status\n", out);
}

/* The held pilot rows without the constant columns' cells. */
static void put_pilot_rows(const batch *b, FILE *out) {
  const text_buf *t = &b->rows.pilot_rows;
  const char *at[MAX_CELLS];
  int len[MAX_CELLS], from = first_target_column(b);
  for (const char *row = t->data, *end; row && row < t->data + t->len; row = end + 1) {
    end = memchr(row, '\n', (size_t)(t->data + t->len - row));
    int n = row_cells(row, end, at, len, MAX_CELLS);
    for (int k = 0; k < n; k++) {
      bool dropped = k >= from && k < from + b->ts->n && b->rows.constant[k - from];
      if (!dropped) {
        if (k > 0) {
          fputc(',', out);
        }
        fwrite(at[k], 1, (size_t)len[k], out);
      }
    }
    fputc('\n', out);
  }
}

void samples_columns(batch *b, FILE *samples) {
  if (b->rows.columns_known) {
    return;
  }
  find_constants(b);
  if (samples) {
    put_header(b, samples);
    put_pilot_rows(b, samples);
  }
  free(b->rows.pilot_rows.data);
  b->rows.pilot_rows = (text_buf){0};
  b->rows.columns_known = true;
}

char *samples_cell(const batch *b, chunk_result *c, char *p, long run, int i, double x) {
  if (!b->rows.columns_known || !b->rows.constant[i]) {
    *p++ = ',';
    return p + sim_format_cell(x, p);
  }
  char cell[SIM_G17_MAX + 1];
  int n = sim_format_cell(x, cell);
  if (n != (int)strlen(b->rows.constant_cell[i]) || memcmp(cell, b->rows.constant_cell[i], (size_t)n)) {
    /* "run,target,cell\n": a frozen output moved and the cell with it */
    char *e = text_reserve(&c->exceptions, 64 + (size_t)n);
    if (!e) {
      c->rows_lost++;
      return p;
    }
    int head = snprintf(e, 64, "%ld,%d,", run, i);
    memcpy(e + head, cell, (size_t)n);
    e[head + n] = '\n';
    c->exceptions.len += (size_t)head + (size_t)n + 1;
  }
  return p;
}

void samples_json(const batch *b, FILE *out) {
  if (b->opts->no_samples || !b->rows.columns_known) {
    return;
  }
  fputs("  \"samples_constants\": [", out);
  bool any = false;
  if (!b->rows.full) {
    fprintf(out, "{\"column\": \"seed\", \"cell\": \"%lld\"}", b->opts->seed);
    any = true;
  }
  for (int i = 0; i < b->ts->n; i++) {
    if (b->rows.constant[i]) {
      fputs(any ? ",\n    {\"column\": " : "{\"column\": ", out);
      sim_put_json_text(out, b->ts->item[i].id);
      fputs(", \"cell\": ", out);
      sim_put_json_text(out, b->rows.constant_cell[i]);
      fputc('}', out);
      any = true;
    }
  }
  fputs("],\n  \"samples_exceptions\": [", out);
  const text_buf *t = &b->rows.exceptions;
  for (const char *e = t->data, *end; e && e < t->data + t->len; e = end + 1) {
    end = memchr(e, '\n', (size_t)(t->data + t->len - e));
    char *rest;
    long run = strtol(e, &rest, 10);
    int i = (int)strtol(rest + 1, &rest, 10);
    fprintf(out, "%s{\"run\": %ld, \"column\": ", e == t->data ? "" : ",\n    ", run);
    sim_put_json_text(out, b->ts->item[i].id);
    fprintf(out, ", \"cell\": \"%.*s\"}", (int)(end - rest - 1), rest + 1);
  }
  fputs("],\n", out);
}
