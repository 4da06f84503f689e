/* prim.c — PRIM's peeling and pasting, after the EMA Workbench's
 * analysis/prim.py (real-valued inputs): candidate peels at the
 * peel_alpha and 1 - peel_alpha quantiles of each input inside the box,
 * scored by (mean inside the new box - mean inside the old) / samples
 * removed; ties go to the peel that restricts fewer inputs, then to the
 * first in input order (upper before lower, as the Workbench lists them). */
#include "analysis/prim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double prim_quantile(const double *sorted, long n, double q) {
  double at = (double)(n - 1) * q;
  long lo = (long)floor(at), hi = (long)ceil(at);
  if (q > 0.5) {
    while (sorted[lo] == sorted[hi] && lo > 0) {
      lo--;
    }
  } else {
    while (sorted[lo] == sorted[hi] && hi < n - 1) {
      hi++;
    }
  }
  return (sorted[lo] + sorted[hi]) / 2;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Working state: the samples, the current box and its members. */
typedef struct {
  const double *x;
  const bool *coi;
  long n, total_coi;
  int d;
  const prim_options *o;
  double *lo, *hi;   /* the current box */
  long *in, nin;     /* samples inside it */
  double *scratch;   /* n values */
  long *candidate;   /* n: members of a candidate box */
  prim_result *r;
  long cap;          /* steps room */
} prim_state;

static bool inside(const prim_state *s, long i, const double *lo, const double *hi) {
  const double *xi = s->x + (size_t)i * (size_t)s->d;
  for (int j = 0; j < s->d; j++) {
    if (xi[j] < lo[j] || xi[j] > hi[j]) {
      return false;
    }
  }
  return true;
}

static int restricted(const prim_state *s, const double *lo, const double *hi) {
  int k = 0;
  for (int j = 0; j < s->d; j++) {
    k += lo[j] > s->r->lo0[j] || hi[j] < s->r->hi0[j];
  }
  return k;
}

/* Appends the current box to the trajectory. */
static sim_status record(prim_state *s) {
  prim_result *r = s->r;
  if (r->steps == s->cap) {
    long cap = 2 * s->cap;
    prim_point *p = realloc(r->point, (size_t)cap * sizeof *p);
    if (p) {
      r->point = p;
    }
    double *lo = realloc(r->lower, (size_t)cap * (size_t)s->d * sizeof *lo);
    if (lo) {
      r->lower = lo;
    }
    double *hi = realloc(r->upper, (size_t)cap * (size_t)s->d * sizeof *hi);
    if (hi) {
      r->upper = hi;
    }
    if (!p || !lo || !hi) {
      return SIM_ERR_NOMEM;
    }
    s->cap = cap;
  }
  long coi = 0;
  for (long k = 0; k < s->nin; k++) {
    coi += s->coi[s->in[k]];
  }
  r->point[r->steps] = (prim_point){(double)coi / (double)s->total_coi,
                                    (double)coi / (double)s->nin,
                                    (double)s->nin / (double)s->n,
                                    restricted(s, s->lo, s->hi)};
  memcpy(r->lower + (size_t)r->steps * (size_t)s->d, s->lo, (size_t)s->d * sizeof(double));
  memcpy(r->upper + (size_t)r->steps * (size_t)s->d, s->hi, (size_t)s->d * sizeof(double));
  r->steps++;
  return SIM_OK;
}

/* A candidate box: input j's limit `value` (upper when `upper`). */
typedef struct {
  int j;
  bool upper;
  double value, obj;
  int free_inputs; /* inputs it leaves unrestricted */
  long n;          /* samples inside */
  long coi;
} candidate;

/* The Workbench's lenient1: gain in the share of cases per sample moved. */
static double lenient1(long n_old, long coi_old, long n_new, long coi_new) {
  double mean_old = (double)coi_old / (double)n_old;
  double mean_new = n_new > 0 ? (double)coi_new / (double)n_new : 0;
  if (mean_old == mean_new || n_old == n_new) {
    return 0;
  }
  return (mean_new - mean_old) / (double)labs(n_old - n_new);
}

/* Scores the box `lo, hi` with input c->j's limit replaced by c->value,
 * counting over the samples `from[0..m-1]`. */
static void score(prim_state *s, candidate *c, const long *from, long m, long n_old,
                  long coi_old) {
  double lo[64], hi[64];
  memcpy(lo, s->lo, (size_t)s->d * sizeof lo[0]);
  memcpy(hi, s->hi, (size_t)s->d * sizeof hi[0]);
  (c->upper ? hi : lo)[c->j] = c->value;
  c->n = c->coi = 0;
  for (long k = 0; k < m; k++) {
    long i = from ? from[k] : k;
    if (inside(s, i, lo, hi)) {
      c->n++;
      c->coi += s->coi[i];
    }
  }
  c->obj = lenient1(n_old, coi_old, c->n, c->coi);
  c->free_inputs = s->d - restricted(s, lo, hi);
}

/* True when a beats b: a higher objective, then more inputs free. */
static bool better(const candidate *a, const candidate *b) {
  return a->obj > b->obj || (a->obj == b->obj && a->free_inputs > b->free_inputs);
}

/* Makes the candidate the current box (members recounted over from). */
static void take(prim_state *s, const candidate *c, const long *from, long m) {
  (c->upper ? s->hi : s->lo)[c->j] = c->value;
  long kept = 0;
  for (long k = 0; k < m; k++) {
    long i = from ? from[k] : k;
    if (inside(s, i, s->lo, s->hi)) {
      s->candidate[kept++] = i;
    }
  }
  memcpy(s->in, s->candidate, (size_t)kept * sizeof *s->in);
  s->nin = kept;
}

static long box_coi(const prim_state *s) {
  long coi = 0;
  for (long k = 0; k < s->nin; k++) {
    coi += s->coi[s->in[k]];
  }
  return coi;
}

/* The best peel of the current box; false when there is none. */
static bool best_peel(prim_state *s, candidate *best) {
  long coi = box_coi(s);
  bool any = false;
  for (int j = 0; j < s->d; j++) {
    for (long k = 0; k < s->nin; k++) {
      s->scratch[k] = s->x[(size_t)s->in[k] * (size_t)s->d + (size_t)j];
    }
    qsort(s->scratch, (size_t)s->nin, sizeof(double), compare_doubles);
    for (int upper = 1; upper >= 0; upper--) {
      double q = upper ? 1 - s->o->peel_alpha : s->o->peel_alpha;
      candidate c = {j, upper, prim_quantile(s->scratch, s->nin, q), 0, 0, 0, 0};
      score(s, &c, s->in, s->nin, s->nin, coi);
      if (!any || better(&c, best)) {
        *best = c;
        any = true;
      }
    }
  }
  return any;
}

static sim_status peel(prim_state *s) {
  candidate c = {0};
  while (s->nin > 1 && best_peel(s, &c)) {
    double mass = (double)c.n / (double)s->n;
    if (!(mass >= s->o->mass_min && c.n < s->nin && c.obj > 0)) {
      break;
    }
    take(s, &c, s->in, s->nin);
    sim_status st = record(s);
    if (st != SIM_OK) {
      return st;
    }
  }
  return SIM_OK;
}

/* The paste of input j's limit (upper when `upper`) outwards: to the
 * paste_alpha quantile of the samples between the limit and the sampled
 * range's end that lie inside the box on every other input. */
static double paste_value(prim_state *s, int j, bool upper) {
  double lo[64], hi[64];
  memcpy(lo, s->lo, (size_t)s->d * sizeof lo[0]);
  memcpy(hi, s->hi, (size_t)s->d * sizeof hi[0]);
  if (upper) {
    lo[j] = s->hi[j];
    hi[j] = s->r->hi0[j];
  } else {
    lo[j] = s->r->lo0[j];
    hi[j] = s->lo[j];
  }
  long m = 0;
  for (long i = 0; i < s->n; i++) {
    if (inside(s, i, lo, hi)) {
      s->scratch[m++] = s->x[(size_t)i * (size_t)s->d + (size_t)j];
    }
  }
  if (m == 0) {
    return upper ? s->r->hi0[j] : s->r->lo0[j];
  }
  qsort(s->scratch, (size_t)m, sizeof(double), compare_doubles);
  return prim_quantile(s->scratch, m, upper ? s->o->paste_alpha : 1 - s->o->paste_alpha);
}

static sim_status paste(prim_state *s) {
  for (;;) {
    long coi = box_coi(s);
    candidate best = {0}, c;
    bool any = false;
    for (int j = 0; j < s->d; j++) {
      if (!(s->lo[j] > s->r->lo0[j] || s->hi[j] < s->r->hi0[j])) {
        continue; /* the Workbench pastes only restricted inputs */
      }
      for (int upper = 0; upper <= 1; upper++) {
        c = (candidate){j, upper, paste_value(s, j, upper), 0, 0, 0, 0};
        score(s, &c, NULL, s->n, s->nin, coi);
        if (!any || better(&c, &best)) {
          best = c;
          any = true;
        }
      }
    }
    double mass = any ? (double)best.n / (double)s->n : 0;
    bool denser = any && (double)best.coi / (double)best.n > (double)coi / (double)s->nin;
    if (!any || !(mass >= s->o->mass_min && best.n > s->nin && best.obj > 0 && denser)) {
      return SIM_OK;
    }
    take(s, &best, NULL, s->n);
    sim_status st = record(s);
    if (st != SIM_OK) {
      return st;
    }
  }
}

/* The box of largest coverage with density >= min_density (the denser on
 * a tie), else the densest (the larger coverage on a tie). */
static void choose(prim_result *r, double min_density) {
  r->chosen = -1;
  for (int k = 0; k < r->steps; k++) {
    const prim_point *p = &r->point[k], *c = r->chosen >= 0 ? &r->point[r->chosen] : NULL;
    if (p->density >= min_density &&
        (!c || p->coverage > c->coverage ||
         (p->coverage == c->coverage && p->density > c->density))) {
      r->chosen = k;
    }
  }
  r->reached = r->chosen >= 0;
  for (int k = 0; !r->reached && k < r->steps; k++) {
    const prim_point *p = &r->point[k], *c = r->chosen >= 0 ? &r->point[r->chosen] : NULL;
    if (!c || p->density > c->density ||
        (p->density == c->density && p->coverage > c->coverage)) {
      r->chosen = k;
    }
  }
}

/* The sampled range of each input: box 0. */
static void initial_box(prim_state *s) {
  for (int j = 0; j < s->d; j++) {
    s->lo[j] = s->hi[j] = s->x[j];
    for (long i = 1; i < s->n; i++) {
      double v = s->x[(size_t)i * (size_t)s->d + (size_t)j];
      s->lo[j] = fmin(s->lo[j], v);
      s->hi[j] = fmax(s->hi[j], v);
    }
  }
  for (long i = 0; i < s->n; i++) {
    s->in[i] = i;
    s->total_coi += s->coi[i];
  }
  s->nin = s->n;
}

static sim_status run(prim_state *s, prim_result *r) {
  initial_box(s);
  memcpy((double *)r->lo0, s->lo, (size_t)s->d * sizeof(double));
  memcpy((double *)r->hi0, s->hi, (size_t)s->d * sizeof(double));
  if (s->total_coi == 0) {
    return SIM_ERR_USAGE;
  }
  sim_status st = record(s);
  if (st == SIM_OK) {
    st = peel(s);
  }
  if (st == SIM_OK) {
    st = paste(s);
  }
  if (st == SIM_OK) {
    choose(r, s->o->min_density);
  }
  return st;
}

sim_status prim_find(const double *x, const bool *coi, long n, int d, const prim_options *o,
                     prim_result **out) {
  *out = NULL;
  if (n < 2 || d < 1 || d > 64) {
    return SIM_ERR_USAGE;
  }
  prim_result *r = calloc(1, sizeof *r);
  prim_state s = {x, coi, n, 0, d, o, NULL, NULL, NULL, 0, NULL, NULL, r, 64};
  double *range = malloc(2 * (size_t)d * sizeof *range);
  s.lo = malloc((size_t)d * sizeof *s.lo);
  s.hi = malloc((size_t)d * sizeof *s.hi);
  s.in = malloc((size_t)n * sizeof *s.in);
  s.candidate = malloc((size_t)n * sizeof *s.candidate);
  s.scratch = malloc((size_t)n * sizeof *s.scratch);
  sim_status st = SIM_ERR_NOMEM;
  if (r && range && s.lo && s.hi && s.in && s.candidate && s.scratch) {
    r->d = d;
    r->lo0 = range;
    r->hi0 = range + d;
    r->point = malloc((size_t)s.cap * sizeof *r->point);
    r->lower = malloc((size_t)s.cap * (size_t)d * sizeof(double));
    r->upper = malloc((size_t)s.cap * (size_t)d * sizeof(double));
    range = NULL; /* r owns it */
    st = r->point && r->lower && r->upper ? run(&s, r) : SIM_ERR_NOMEM;
  }
  free(range);
  free(s.lo);
  free(s.hi);
  free(s.in);
  free(s.candidate);
  free(s.scratch);
  if (st != SIM_OK) {
    prim_free(r);
    return st;
  }
  *out = r;
  return SIM_OK;
}

bool prim_restricts(const prim_result *r, int k, int j) {
  return r->lower[(size_t)k * (size_t)r->d + (size_t)j] > r->lo0[j] ||
         r->upper[(size_t)k * (size_t)r->d + (size_t)j] < r->hi0[j];
}

void prim_free(prim_result *r) {
  if (!r) {
    return;
  }
  free(r->point);
  free(r->lower);
  free(r->upper);
  free((double *)r->lo0);
  free(r);
}
