/* sample.c — distributions by inverse CDF (GSL's cdf functions), the
 * counter-based generator type (with GSL's shuffle redone on it, draw for
 * draw) and keyed permutations for Latin-hypercube strata. */
#include "scenario/sample.h"

#include <assert.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

static bool positive(double x) {
  return x > 0 && isfinite(x);
}

/* The weights in d->cumulative become running sums divided by the total,
 * so that a draw is the first value whose sum exceeds u (weights need not
 * sum to 1: a plan may give 3:1 odds). */
static const char *prepare_discrete(sim_dist *d) {
  double total = 0;
  if (d->nvalues < 1 || d->nvalues > SIM_DIST_MAX_VALUES) {
    return "discrete needs 1 to 32 values with as many weights";
  }
  for (int i = 0; i < d->nvalues; i++) {
    if (!(d->cumulative[i] >= 0) || !isfinite(d->cumulative[i])) {
      return "weights must be >= 0";
    }
    total += d->cumulative[i];
    d->cumulative[i] = total;
  }
  if (!(total > 0)) {
    return "weights must not all be 0";
  }
  for (int i = 0; i < d->nvalues; i++) {
    d->cumulative[i] /= total;
  }
  return NULL;
}

/* A truncated normal's window [min, max] in the normal's standard units,
 * mirrored below the mean when it lies above it: x = mean + sign * sd * z
 * for z in [lo, hi].  Lower-tail probabilities keep their precision far
 * out (P(-8) = 6.2e-16 to 16 digits) where 1 - P would round to 0. */
typedef struct {
  double lo, hi, sign;
} std_window;

static std_window truncnormal_window(const double *p) {
  double a = (p[2] - p[0]) / p[1], b = (p[3] - p[0]) / p[1];
  return a > 0 ? (std_window){-b, -a, -1} : (std_window){a, b, 1};
}

/* Beta shapes for which GSL's inverse CDF was checked: finite, inside
 * [0, 1], and P(Pinv(u)) = u, on a 61 x 61 grid of shapes and u from 1e-15
 * to 1 - 1e-15 (README, Batches). */
#define BETA_MIN_SHAPE 0.5
#define BETA_MAX_SHAPE 50.0
/* How far from the mean a truncated normal's window may lie, in sd. */
#define TRUNCNORMAL_MAX_SD 20.0

const char *sim_dist_prepare(sim_dist *d) {
  const double *p = d->p;
  switch (d->kind) {
  case SIM_DIST_NORMAL:
    return positive(p[1]) ? NULL : "sd must be > 0";
  case SIM_DIST_LOGNORMAL:
    return positive(p[0]) && positive(p[1]) ? NULL : "median and sigma must be > 0";
  case SIM_DIST_UNIFORM:
    return p[0] < p[1] ? NULL : "min must be < max";
  case SIM_DIST_TRIANGULAR:
    return p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2] ? NULL
                                                       : "needs min <= mode <= max, min < max";
  case SIM_DIST_BETA: /* GSL's inverse CDF fails or never ends for some shapes outside */
    return p[0] >= BETA_MIN_SHAPE && p[0] <= BETA_MAX_SHAPE && p[1] >= BETA_MIN_SHAPE &&
                   p[1] <= BETA_MAX_SHAPE && p[2] < p[3]
               ? NULL
               : "needs a and b in [0.5, 50], and min < max";
  case SIM_DIST_TRUNCNORMAL:
    if (!positive(p[1]) || !(p[2] < p[3])) {
      return "needs sd > 0 and min < max";
    }
    return truncnormal_window(p).hi >= -TRUNCNORMAL_MAX_SD
               ? NULL
               : "the window [min, max] must come within 20 sd of the mean";
  case SIM_DIST_DISCRETE:
    return prepare_discrete(d);
  }
  return "unknown distribution";
}

static double triangular_quantile(const double *p, double u) {
  double lo = p[0], mode = p[1], hi = p[2], cut = (mode - lo) / (hi - lo);
  if (u < cut) {
    return lo + sqrt(u * (hi - lo) * (mode - lo));
  }
  return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}

static double truncnormal_quantile(const double *p, double u) {
  std_window w = truncnormal_window(p);
  double a = gsl_cdf_ugaussian_P(w.lo), b = gsl_cdf_ugaussian_P(w.hi);
  double v = w.sign > 0 ? u : 1 - u; /* x rises with u either way */
  double x = p[0] + w.sign * (p[1] * gsl_cdf_ugaussian_Pinv(a + v * (b - a)));
  return sim_clamp(x, p[2], p[3]); /* Pinv's last ulp may step outside the window */
}

static double discrete_quantile(const sim_dist *d, double u) {
  for (int i = 0; i < d->nvalues - 1; i++) {
    if (u < d->cumulative[i]) {
      return d->values[i];
    }
  }
  return d->values[d->nvalues - 1];
}

/* Every law by its inverse CDF, never by a sampler of its own: LHS and
 * QMC hand in stratified or low-discrepancy u, and only the inverse CDF
 * carries their structure into the draws. */
double sim_dist_quantile(const sim_dist *d, double u) {
  const double *p = d->p;
  switch (d->kind) {
  case SIM_DIST_NORMAL:
    return p[0] + gsl_cdf_gaussian_Pinv(u, p[1]);
  case SIM_DIST_LOGNORMAL:
    return gsl_cdf_lognormal_Pinv(u, log(p[0]), p[1]);
  case SIM_DIST_UNIFORM:
    return gsl_cdf_flat_Pinv(u, p[0], p[1]);
  case SIM_DIST_TRIANGULAR:
    return triangular_quantile(p, u);
  case SIM_DIST_BETA:
    return p[2] + (p[3] - p[2]) * gsl_cdf_beta_Pinv(u, p[0], p[1]);
  case SIM_DIST_TRUNCNORMAL:
    return truncnormal_quantile(p, u);
  case SIM_DIST_DISCRETE:
    return discrete_quantile(d, u);
  }
  return NAN;
}

void sim_dist_support(const sim_dist *d, double *least, double *most) {
  const double *p = d->p;
  switch (d->kind) {
  case SIM_DIST_NORMAL:
    *least = -INFINITY, *most = INFINITY;
    return;
  case SIM_DIST_LOGNORMAL:
    *least = 0, *most = INFINITY;
    return;
  case SIM_DIST_UNIFORM:
    *least = p[0], *most = p[1];
    return;
  case SIM_DIST_TRIANGULAR:
    *least = p[0], *most = p[2];
    return;
  case SIM_DIST_BETA:
  case SIM_DIST_TRUNCNORMAL:
    *least = p[2], *most = p[3];
    return;
  case SIM_DIST_DISCRETE:
    *least = *most = d->values[0];
    for (int i = 1; i < d->nvalues; i++) {
      *least = sim_min(d->values[i], *least);
      *most = sim_max(d->values[i], *most);
    }
    return;
  }
  *least = -INFINITY, *most = INFINITY;
}

/* Mean and variance of a normal truncated to [lo, hi]. */
static void truncnormal_moments(const double *p, double *mean, double *variance) {
  std_window w = truncnormal_window(p);
  double a = w.lo, b = w.hi;
  double z = gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
  double pa = gsl_ran_ugaussian_pdf(a), pb = gsl_ran_ugaussian_pdf(b);
  double shift = (pa - pb) / z;
  *mean = p[0] + w.sign * p[1] * shift;
  *variance = p[1] * p[1] * (1 + (a * pa - b * pb) / z - shift * shift);
}

void sim_dist_moments(const sim_dist *d, double *mean, double *variance) {
  const double *p = d->p;
  double m = 0, v = 0, s2, ab;
  switch (d->kind) {
  case SIM_DIST_NORMAL:
    m = p[0], v = p[1] * p[1];
    break;
  case SIM_DIST_LOGNORMAL:
    s2 = p[1] * p[1];
    m = p[0] * exp(s2 / 2), v = (exp(s2) - 1) * p[0] * p[0] * exp(s2);
    break;
  case SIM_DIST_UNIFORM:
    m = (p[0] + p[1]) / 2, v = (p[1] - p[0]) * (p[1] - p[0]) / 12;
    break;
  case SIM_DIST_TRIANGULAR:
    m = (p[0] + p[1] + p[2]) / 3;
    v = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - p[0] * p[1] - p[0] * p[2] - p[1] * p[2]) / 18;
    break;
  case SIM_DIST_BETA:
    ab = p[0] + p[1];
    m = p[2] + (p[3] - p[2]) * p[0] / ab;
    v = (p[3] - p[2]) * (p[3] - p[2]) * p[0] * p[1] / (ab * ab * (ab + 1));
    break;
  case SIM_DIST_TRUNCNORMAL:
    truncnormal_moments(p, &m, &v);
    break;
  case SIM_DIST_DISCRETE:
    for (int i = 0; i < d->nvalues; i++) {
      double w = d->cumulative[i] - (i ? d->cumulative[i - 1] : 0);
      m += w * d->values[i];
      v += w * d->values[i] * d->values[i];
    }
    v -= m * m;
    break;
  }
  *mean = m;
  *variance = v;
}

/* splitmix64 (Steele, Lea and Flood 2014): a counter through a bijective
 * mixer; state is the counter.  Counter-based so that run k's stream is
 * a seed away (sim_rng_seed_run), not k draws away: any worker, thread
 * or lane can draw run k, and a batch gives the same runs whatever its
 * -j and chunking. */
typedef struct {
  uint64_t counter;
} counter_state;

static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline uint32_t next32(counter_state *s) {
  s->counter += 0x9e3779b97f4a7c15ULL;
  return (uint32_t)(mix64(s->counter) >> 32);
}

static unsigned long counter_get(void *vstate) {
  return next32(vstate);
}

static double counter_get_double(void *vstate) {
  return counter_get(vstate) / 4294967296.0;
}

static void counter_set(void *vstate, unsigned long seed) {
  ((counter_state *)vstate)->counter = mix64((uint64_t)seed);
}

static const gsl_rng_type counter_type = {"plansim-splitmix64", 0xffffffffUL, 0,
                                          sizeof(counter_state), counter_set, counter_get,
                                          counter_get_double};
const gsl_rng_type *sim_rng_counter = &counter_type;

void sim_rng_seed_run(gsl_rng *r, uint64_t seed, uint64_t run) {
  ((counter_state *)r->state)->counter = mix64(mix64(seed) ^ (run * 0xd1b54a32d192ed03ULL));
}

/* GSL 2.7's gsl_ran_shuffle: for i from n - 1 down to 1, swap element i
 * with element gsl_rng_uniform_int(r, i + 1), which divides the raw
 * output by scale = (max - min) / (i + 1) and draws again while the
 * quotient is above i. */
/* Redone rather than called: this form reads the counter state directly
 * and takes a stride, so a column of a design shuffles in place, with the
 * same swaps gsl_ran_shuffle would make. */
void sim_rng_shuffle(gsl_rng *r, double *a, size_t n, size_t stride) {
  counter_state *s = r->state;
  assert(r->type == sim_rng_counter && n <= 0xffffffffu);
  for (size_t i = n - 1; n > 1 && i > 0; i--) {
    uint32_t m = (uint32_t)i + 1, scale = 0xffffffffu / m, j;
    do {
      j = next32(s) / scale;
    } while (j >= m);
    double t = a[i * stride];
    a[i * stride] = a[j * stride];
    a[j * stride] = t;
  }
}

uint64_t sim_key(uint64_t seed, uint64_t stream) {
  return mix64(mix64(seed) + stream * 0x9e3779b97f4a7c15ULL);
}

#define FEISTEL_ROUNDS 4 /* Luby and Rackoff: enough for a pseudo-random permutation */

/* One pass of a balanced Feistel network on 2 * half bits. */
static uint64_t feistel(uint64_t x, int half, uint64_t key) {
  uint64_t mask = ((uint64_t)1 << half) - 1, left = x >> half, right = x & mask;
  for (int r = 0; r < FEISTEL_ROUNDS; r++) {
    uint64_t f = mix64(right ^ key ^ ((uint64_t)r << 56)) & mask;
    uint64_t next = left ^ f;
    left = right;
    right = next;
  }
  return (left << half) | right;
}

/* A permutation computed one index at a time, never stored: LHS strata of
 * a million runs cost no memory, and a chunk can find its runs' strata
 * without the others'. */
uint64_t sim_permute(uint64_t i, uint64_t n, uint64_t key) {
  if (n <= 1) {
    return 0;
  }
  int bits = 64 - __builtin_clzll(n - 1); /* 2^bits >= n */
  int half = (bits + 1) / 2;
  do { /* cycle-walking: the orbit of i < n returns below n */
    i = feistel(i, half, key);
  } while (i >= n);
  return i;
}
