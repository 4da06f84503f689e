/* batch_ranks.c — a batch over the ranks of an MPI job (run/ranks.h).
 *
 * Every rank runs the pilot (the first BATCH_PILOT_RUNS runs: they set
 * the histograms' ranges, the frozen series and the aliases, identically
 * on every rank; rank 0 alone runs it again for its histograms), then its
 * contiguous block of the later runs, cut at whole chunks, on its threads
 * as today.  Rank 0 then takes the other
 * ranks' counts and each of their chunks' sums in run order — the very
 * additions, in the very order, of one process merging every chunk, so
 * the bytes do not depend on the split — and their histograms summed
 * (integers: exact in any order).  Rank r > 0 writes its samples.csv rows
 * to a part file in the output folder (a folder every rank sees: on a
 * cluster, a shared file system), which rank 0 appends in rank order.
 *
 * A rank stopped by a signal merges a prefix of its block; the result is
 * then the ranks' blocks up to and including the first one cut short: a
 * prefix of the runs, marked partial like a stopped one-process batch. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/batch_internal.h"
#include "run/ranks.h"

/* What a rank reports to rank 0, followed by nsums moment sets and the
 * text of its samples.csv exceptions (batch_samples.c). */
typedef struct {
  long end, last; /* its merged prefix ends at end; its block at last */
  long ok, failed, all_binding, rows_lost, met[SIM_MAX_LIST];
  int nfailures;
  char failures[5][256];
  long nsums;
  size_t exceptions;
} rank_report;
_Static_assert(sizeof(rank_report) % 8 == 0, "the sums after a report are aligned");

static void part_path(const batch *b, int r, char *path, size_t size) {
  snprintf(path, size, "%s/.samples.csv.rank%d", b->opts->dir, r);
}

sim_status ranks_begin(batch *b, char *why, size_t size) {
  rank_state *k = &b->ranks;
  k->rank = sim_ranks_rank();
  k->count = sim_ranks_count();
  long after = b->opts->runs > b->pilot ? b->opts->runs - b->pilot : 0, first, last;
  sim_ranks_block((after + BATCH_CHUNK - 1) / BATCH_CHUNK, k->rank, &first, &last);
  k->first = b->pilot + first * BATCH_CHUNK;
  k->last = b->pilot + last * BATCH_CHUNK;
  k->last = k->last < b->opts->runs ? k->last : b->opts->runs;
  k->first = k->first < k->last ? k->first : k->last;
  k->end = k->last;
  if (k->rank == 0 || b->opts->no_samples || after == 0) {
    return SIM_OK;
  }
  sim_status st = sim_mkdirs(b->opts->dir, why, size);
  char path[4200];
  part_path(b, k->rank, path, sizeof path);
  k->part = st == SIM_OK ? fopen(path, "w") : NULL;
  if (st == SIM_OK && !k->part) {
    snprintf(why, size, "%s", path);
    st = SIM_ERR_IO;
  }
  return st;
}

void ranks_record(batch *b, const chunk_result *c) {
  rank_state *k = &b->ranks;
  size_t per = 4 * (size_t)b->series;
  if (k->nsums == k->cap) {
    long cap = k->cap ? 2 * k->cap : 64;
    double *more = realloc(k->sums, (size_t)cap * per * sizeof *more);
    if (!more) {
      b->tot.rows_lost++; /* out of memory: the batch fails */
      return;
    }
    k->sums = more, k->cap = cap;
  }
  double *at = k->sums + (size_t)k->nsums++ * per;
  const moment_set *m = &c->moments;
  size_t n = (size_t)b->series * sizeof *at;
  memcpy(at, m->s1, n);
  memcpy(at + b->series, m->s2, n);
  memcpy(at + 2 * b->series, m->min, n);
  memcpy(at + 3 * b->series, m->max, n);
}

/* This rank's report: its own runs' counts (those after the pilot's on
 * rank > 0; rank 0's are already in its totals) and chunk sums. */
static char *report(const batch *b, size_t *len) {
  const rank_state *k = &b->ranks;
  size_t sums = (size_t)k->nsums * 4 * (size_t)b->series * sizeof(double);
  const text_buf *e = &b->rows.exceptions; /* rank > 0: all its block's */
  rank_report r = {k->end, k->last, .nsums = k->nsums, .exceptions = e->len};
  const totals *t = &b->tot, *p = &k->at_pilot;
  r.ok = t->ok - p->ok, r.failed = t->failed - p->failed;
  r.all_binding = t->all_binding - p->all_binding, r.rows_lost = t->rows_lost - p->rows_lost;
  for (int i = 0; i < b->ts->n; i++) {
    r.met[i] = t->met[i] - p->met[i];
  }
  for (int f = p->nfailures; f < t->nfailures; f++) {
    memcpy(r.failures[r.nfailures++], t->failures[f], sizeof r.failures[0]);
  }
  /* padded to 8 bytes: the reports are gathered end to end, and the next
   * one's sums are doubles */
  size_t whole = (sizeof r + sums + e->len + 7) / 8 * 8;
  char *out = calloc(whole, 1);
  if (out) {
    memcpy(out, &r, sizeof r);
    if (sums) { /* a rank that ran no chunk has no sums (k->sums NULL) */
      memcpy(out + sizeof r, k->sums, sums);
    }
    if (e->len) {
      memcpy(out + sizeof r + sums, e->data, e->len);
    }
  }
  *len = out ? whole : 0;
  return out;
}

/* Rank 0: adds rank r's report to the totals, its chunks in run order. */
static void take(batch *b, const char *at) {
  rank_report r;
  memcpy(&r, at, sizeof r);
  totals *t = &b->tot;
  t->ok += r.ok, t->failed += r.failed, t->all_binding += r.all_binding;
  t->rows_lost += r.rows_lost;
  for (int i = 0; i < b->ts->n; i++) {
    t->met[i] += r.met[i];
  }
  for (int f = 0; f < r.nfailures && t->nfailures < 5; f++) {
    memcpy(t->failures[t->nfailures++], r.failures[f], sizeof r.failures[0]);
  }
  const double *sums = (const double *)(at + sizeof r);
  for (long c = 0; c < r.nsums; c++) {
    const double *s = sums + (size_t)c * 4 * (size_t)b->series;
    moment_set one = {b->series, (double *)s, (double *)s + b->series,
                      (double *)s + 2 * b->series, (double *)s + 3 * b->series};
    moment_set_merge(&t->total, &one);
  }
  const char *e = (const char *)(sums + (size_t)r.nsums * 4 * (size_t)b->series);
  char *to = r.exceptions ? text_reserve(&b->rows.exceptions, r.exceptions) : NULL;
  if (to) {
    memcpy(to, e, r.exceptions);
    b->rows.exceptions.len += r.exceptions;
  } else if (r.exceptions) {
    t->rows_lost++; /* out of memory: the batch fails */
  }
}

/* Rank 0: appends rank r's samples.csv rows (when `samples`) and removes
 * its part file. */
static sim_status join_part(const batch *b, int r, FILE *samples) {
  char path[4200], buf[1 << 16];
  part_path(b, r, path, sizeof path);
  FILE *in = samples ? fopen(path, "r") : NULL;
  size_t n;
  bool ok = !samples || in;
  while (in && (n = fread(buf, 1, sizeof buf, in)) > 0) {
    ok &= fwrite(buf, 1, n, samples) == n;
  }
  if (in) {
    ok &= !ferror(in);
    fclose(in);
  }
  unlink(path);
  return ok ? SIM_OK : SIM_ERR_IO;
}

sim_status ranks_merge(batch *b, FILE *samples) {
  rank_state *k = &b->ranks;
  if (k->part && fclose(k->part) != 0) {
    b->tot.rows_lost++; /* the part did not reach the disk */
  }
  k->part = NULL;
  /* the first rank cut short (count when none): later ranks are left out */
  double t0 = batch_clock();
  long cut = -sim_ranks_max(-(k->end < k->last ? k->rank : k->count));
  k->wait = batch_clock() - t0; /* the slowest rank's block ends it */
  k->merge = batch_clock();      /* the merge's start; merge_histograms ends it */
  k->excluded = k->rank > cut;
  size_t len, *lens = malloc((size_t)k->count * sizeof *lens);
  char *mine = report(b, &len);
  if (!mine || !lens) {
    b->tot.rows_lost++; /* out of memory: the batch fails */
  }
  char *all = sim_ranks_gather(mine, len, lens);
  free(mine);
  sim_status st = SIM_OK;
  if (k->rank == 0) {
    size_t at = lens[0];
    for (int r = 1; r < k->count; r++) {
      if (r <= cut && all && lens[r] >= sizeof(rank_report)) {
        take(b, all + at);
        st = st == SIM_OK ? join_part(b, r, b->opts->no_samples ? NULL : samples) : st;
      } else {
        join_part(b, r, NULL);
        b->tot.rows_lost += r <= cut; /* a report lost: the batch fails */
      }
      at += lens[r];
    }
  }
  free(all);
  free(lens);
  return st;
}

void merge_histograms(batch *b) {
  if (!b->acc.histograms) {
    return;
  }
  size_t cells = (size_t)b->series * HIST_STRIDE;
  accum_settle(b);
  if (b->ranks.count > 1) {
    if (b->ranks.excluded) {
      memset(b->acc.hist, 0, cells * sizeof *b->acc.hist);
    }
    sim_ranks_sum_u32(b->acc.hist, cells);
    b->ranks.merge = batch_clock() - b->ranks.merge; /* since ranks_merge's wait ended */
  }
}

void ranks_free(batch *b) {
  if (b->ranks.part) {
    fclose(b->ranks.part);
  }
  free(b->ranks.sums);
}
