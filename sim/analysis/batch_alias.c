/* batch_alias.c — series that take the very values of another series in
 * every run (water use of a sector that the red line never curtails and
 * its demand, data-centre water seen by two models): after the pilot, each
 * active series whose values in every pilot run, and in the deterministic
 * run, are bit for bit an earlier one's is aliased to it.  A worker then
 * computes no statistics of it and copies its alias's; the first ok run in
 * which the two differ makes the worker keep it from then on, starting
 * from its alias's sums so far (the same runs, the same bits) and adding
 * to its histogram what its alias's lacks (keep).  The outputs are thus
 * the bytes of a batch without aliases. */
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_internal.h"
#include "core/kernels.h"

static uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

/* The pilot's sums of series s and its deterministic value: a series
 * that took another's bits in every pilot run has the very same. */
static void pilot_key(const batch *b, int s, uint64_t key[5]) {
  const moment_set *m = &b->tot.total;
  const double x[5] = {b->acc.shift[s], m->s1[s], m->s2[s], m->min[s], m->max[s]};
  for (int k = 0; k < 5; k++) {
    key[k] = bits(x[k]);
  }
}

static uint64_t key_hash(const uint64_t key[5]) {
  uint64_t h = 0xcbf29ce484222325u;
  for (int k = 0; k < 5; k++) {
    h = (h ^ key[k]) * 0x100000001b3u; /* FNV-1a's prime */
  }
  return h;
}

/* True when active series i and j had the same pilot sums. */
static bool same_key(const uint64_t *keys, int i, int j) {
  return memcmp(keys + 5 * (size_t)i, keys + 5 * (size_t)j, 5 * sizeof *keys) == 0;
}

/* An alias is found from the pilot's sums, which the very same values in
 * every run give bit for bit (the same additions in the same order), and
 * different values almost never; a series whose values differ after all
 * is caught, as any alias that breaks, by alias_check in the first run
 * where they do (the histograms come after the pilot, from its replay). */
void alias_find(batch *b) {
  size_t n = (size_t)b->acc.nactive;
  uint64_t *h = malloc(n * sizeof *h), *keys = malloc(5 * n * sizeof *keys);
  bool on = h && keys && !getenv("PLANSIM_NO_ALIASES"); /* without memory: no aliases */
  for (int i = 0; on && i < b->acc.nactive; i++) {
    pilot_key(b, b->acc.active[i], keys + 5 * (size_t)i);
    h[i] = key_hash(keys + 5 * (size_t)i);
  }
  for (int i = 0; i < b->acc.nactive; i++) {
    b->acc.alias[i] = -1;
    for (int j = 0; on && j < i && b->acc.alias[i] < 0; j++) {
      if (b->acc.alias[j] < 0 && h[j] == h[i] && same_key(keys, i, j)) {
        b->acc.alias[i] = j;
      }
    }
  }
  free(h);
  free(keys);
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
 * chunk, the values of the block being filled and the bins not yet
 * counted are its alias's.  Its counts go to its own histogram from now
 * on, and its alias's, counted in the same runs, to b->acc.minus: its
 * histogram is then its own counts plus its alias's minus these
 * (alias_histograms), whichever worker's runs broke and whichever did not. */
static void keep(const batch *b, worker *w, chunk_result *c, int a) {
  int i = w->aliased[a], j = b->acc.alias[i], s = b->acc.active[i], t = b->acc.active[j];
  copy_sums(&c->moments, s, t);
  memcpy(w->block + (size_t)i * ACCUM_STRIDE, w->block + (size_t)j * ACCUM_STRIDE,
         (size_t)w->nblock * sizeof(double));
  memcpy(bin_column(b, w, i), bin_column(b, w, j), (size_t)w->pending * sizeof(uint16_t));
  w->kept_series[w->nkept] = s;
  w->kept[w->nkept++] = i;
  w->broken[w->nbroken++] = i;
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

void alias_histograms(const batch *b) {
  for (int i = 0; i < b->acc.nactive; i++) {
    int j = b->acc.alias[i];
    if (j < 0) {
      continue;
    }
    uint32_t *h = series_histogram(b, b->acc.active[i]);
    const uint32_t *of = series_histogram(b, b->acc.active[j]);
    const uint32_t *minus = b->acc.minus + (size_t)i * HIST_STRIDE;
    for (int bin = 0; bin < BATCH_BINS; bin++) {
      h[bin] += of[bin] - minus[bin];
    }
  }
}
