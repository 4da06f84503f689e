/* batch_alias.c — series that take the very values of another series in
 * every run (water use of a sector that the red line never curtails and
 * its demand, data-centre water seen by two models): after the pilot, each
 * active series whose values in every pilot run, and in the deterministic
 * run, are bit for bit an earlier one's is aliased to it.  A worker then
 * computes no statistics of it and copies its alias's; the first ok run in
 * which the two differ makes the worker keep it from then on, starting
 * from its alias's statistics so far (the same runs, the same bits).  The
 * outputs are thus the bytes of a batch without aliases. */
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_internal.h"
#include "core/kernels.h"

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* A hash of active series i's deterministic and ok pilot values. */
static uint64_t pilot_hash(const batch *b, int i) {
  int s = b->acc.active[i];
  const double *v = pilot_values(b, s);
  uint64_t h = bits(b->acc.shift[s]);
  for (long run = 0; run < b->pilot; run++) {
    if (b->acc.pilot_ok[run]) {
      h = (h ^ bits(v[run])) * 0x100000001b3u; /* FNV-1a's prime */
    }
  }
  return h;
}

/* True when series s and t took the same bits in the deterministic run
 * and in every ok pilot run. */
static bool same_pilot(const batch *b, int s, int t) {
  const double *x = pilot_values(b, s), *y = pilot_values(b, t);
  bool same = bits(b->acc.shift[s]) == bits(b->acc.shift[t]);
  for (long run = 0; same && run < b->pilot; run++) {
    same = !b->acc.pilot_ok[run] || bits(x[run]) == bits(y[run]);
  }
  return same;
}

void alias_find(batch *b) {
  uint64_t *h = malloc((size_t)b->acc.nactive * sizeof *h);
  bool on = h && !getenv("PLANSIM_NO_ALIASES"); /* without memory: no aliases */
  for (int i = 0; on && i < b->acc.nactive; i++) {
    h[i] = pilot_hash(b, i);
  }
  for (int i = 0; i < b->acc.nactive; i++) {
    b->acc.alias[i] = -1;
    for (int j = 0; on && j < i && b->acc.alias[i] < 0; j++) {
      if (b->acc.alias[j] < 0 && h[j] == h[i] && same_pilot(b, b->acc.active[i], b->acc.active[j])) {
        b->acc.alias[i] = j;
      }
    }
  }
  free(h);
  for (int k = 0; k < b->nworkers; k++) {
    worker *w = &b->workers[k];
    w->nkept = w->naliased = 0;
    for (int i = 0; i < b->acc.nactive; i++) {
      if (b->acc.alias[i] < 0) {
        w->kept_series[w->nkept] = b->acc.active[i];
        w->kept[w->nkept++] = i;
      } else {
        w->aliased[w->naliased++] = i;
      }
    }
  }
}

/* True when x and y differ in the bits of some lane in ok. */
static bool lanes_differ(const double *x, const double *y, int lanes, uint64_t ok) {
  if (kern_same_bits(x, y, lanes)) { /* every lane at once */
    return false;
  }
  for (int r = 0; r < lanes; r++) {
    if ((ok >> r & 1) && bits(x[r]) != bits(y[r])) {
      return true;
    }
  }
  return false;
}

/* Copies series t's sums in m to series s. */
static void copy_sums(moment_set *m, int s, int t) {
  m->s1[s] = m->s1[t];
  m->s2[s] = m->s2[t];
  m->min[s] = m->min[t];
  m->max[s] = m->max[t];
}

/* Keeps the a-th aliased series of the worker from now on: its sums in the
 * chunk, the values of the block being filled, the bins and counts not yet
 * counted and its histogram are its alias's. */
static void keep(const batch *b, worker *w, chunk_result *c, int a) {
  int i = w->aliased[a], j = b->acc.alias[i], s = b->acc.active[i], t = b->acc.active[j];
  copy_sums(&c->moments, s, t);
  memcpy(w->block + (size_t)i * ACCUM_STRIDE, w->block + (size_t)j * ACCUM_STRIDE,
         (size_t)w->nblock * sizeof(double));
  memcpy(bin_column(b, w, i), bin_column(b, w, j), (size_t)w->pending * sizeof(uint16_t));
  memcpy(recent_counts(w, i), recent_counts(w, j), BATCH_BINS * sizeof(uint16_t));
  memcpy(series_histogram(w, s), series_histogram(w, t), BATCH_BINS * sizeof(uint32_t));
  w->kept_series[w->nkept] = s;
  w->kept[w->nkept++] = i;
  w->aliased[a] = w->aliased[--w->naliased];
}

void alias_check(const batch *b, worker *w, chunk_result *c, const double *values,
                 int lanes, uint64_t ok) {
  for (int a = 0; a < w->naliased;) {
    int i = w->aliased[a];
    const double *x = values + (size_t)b->acc.active[i] * (size_t)lanes;
    const double *y = values + (size_t)b->acc.active[b->acc.alias[i]] * (size_t)lanes;
    if (lanes_differ(x, y, lanes, ok)) {
      keep(b, w, c, a); /* the last aliased one moves to a */
    } else {
      a++;
    }
  }
}

void alias_sums(const batch *b, const worker *w, chunk_result *c) {
  for (int a = 0; a < w->naliased; a++) {
    int i = w->aliased[a];
    copy_sums(&c->moments, b->acc.active[i], b->acc.active[b->acc.alias[i]]);
  }
}

void alias_histograms(const batch *b, const worker *w) {
  for (int a = 0; a < w->naliased; a++) {
    int i = w->aliased[a], s = b->acc.active[i], t = b->acc.active[b->acc.alias[i]];
    memcpy(series_histogram(w, s), series_histogram(w, t), BATCH_BINS * sizeof(uint32_t));
  }
}
