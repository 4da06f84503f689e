/* kernels.c — vector inner loops (see kernels.h): a plain C form, an SSE2
 * form and an AVX2 form of each, the same arithmetic in the same order. */
#include "core/kernels.h"

#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define KERN_X86 1
#include <immintrin.h>
#endif

static bool avx2_allowed = true;

bool kern_allow_avx2(bool allow) {
  avx2_allowed = allow;
#ifdef KERN_X86
  return allow && __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

#ifdef KERN_X86
/* __builtin_cpu_supports reads what libgcc's constructor found: a load. */
#define USE_AVX2() (avx2_allowed && __builtin_cpu_supports("avx2"))
#define AVX2 __attribute__((target("avx2")))
#endif

/* Adds the values x[r..n-1] to m one by one.  Sums of x - shift rather
 * than of x: with shift near the values, s2 - s1^2/n loses no digits to
 * cancellation when the spread is small against the mean. */
static kern_sums moments_tail(kern_sums m, const double *x, int r, int n, double shift) {
  for (; r < n; r++) {
    double d = x[r] - shift;
    m.s1 += d;
    m.s2 += d * d;
    m.min = sim_min(x[r], m.min);
    m.max = sim_max(x[r], m.max);
  }
  return m;
}

#ifdef KERN_X86
/* Four lanes held as (l0, l1) and (l2, l3), combined in registers (a trip
 * through memory stalls store forwarding): (l0 + l1) + (l2 + l3), the
 * least and the greatest. */
static double lanes_sum(__m128d a, __m128d b) {
  return _mm_cvtsd_f64(_mm_add_sd(_mm_add_sd(a, _mm_unpackhi_pd(a, a)),
                                  _mm_add_sd(b, _mm_unpackhi_pd(b, b))));
}

static double lanes_min(__m128d a, __m128d b) {
  __m128d m = _mm_min_pd(a, b);
  return sim_min(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
}

static double lanes_max(__m128d a, __m128d b) {
  __m128d m = _mm_max_pd(a, b);
  return sim_max(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
}

static kern_sums lanes_sums(const __m128d s1[2], const __m128d s2[2], const __m128d lo[2],
                            const __m128d hi[2]) {
  return (kern_sums){lanes_sum(s1[0], s1[1]), lanes_sum(s2[0], s2[1]),
                     lanes_min(lo[0], lo[1]), lanes_max(hi[0], hi[1])};
}
#endif

/* The bins of x[r..n-1], one by one. */
static void bins_tail(const double *x, int r, int n, double lo, double inv_width,
                      double top, uint16_t *bin) {
  for (; r < n; r++) {
    double b = (x[r] - lo) * inv_width;
    /* clamped before the conversion, as the vector forms do: a double out
     * of int's range converts to anything in C and to INT_MIN in SSE */
    b = b < 0 ? 0 : b;
    b = b > top ? top : b;
    bin[r] = (uint16_t)(int)b;
  }
}

/* Where a histogram's bins are written, or NULL for the sums alone. */
typedef struct {
  double lo, inv_width, top;
  uint16_t *bin;
} bin_spec;

#ifdef KERN_X86
/* Four running sums, least and greatest values, in vector lanes. */
typedef struct {
  __m256d c, s1, s2, lo, hi;
} sums_avx2;

AVX2 static inline __attribute__((always_inline)) void add_avx2(sums_avx2 *m, __m256d v) {
  __m256d d = _mm256_sub_pd(v, m->c);
  m->s1 = _mm256_add_pd(m->s1, d);
  m->s2 = _mm256_add_pd(m->s2, _mm256_mul_pd(d, d));
  m->lo = _mm256_min_pd(v, m->lo);
  m->hi = _mm256_max_pd(v, m->hi);
}

/* Four bins of v, clamped to [0, top], as 32-bit integers. */
AVX2 static inline __attribute__((always_inline)) __m128i
bins4_avx2(__m256d v, __m256d l, __m256d w, __m256d t) {
  __m256d b = _mm256_mul_pd(_mm256_sub_pd(v, l), w);
  return _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_max_pd(b, _mm256_setzero_pd()), t));
}

/* The sums of x and, when h->bin, its bins: eight values a step while
 * bins are written, then four. */
AVX2 static inline __attribute__((always_inline)) kern_sums
block_avx2(const double *x, int n, double shift, const bin_spec *h) {
  sums_avx2 m = {_mm256_set1_pd(shift), _mm256_setzero_pd(), _mm256_setzero_pd(),
                 _mm256_set1_pd(INFINITY), _mm256_set1_pd(-INFINITY)};
  int r = 0;
  uint16_t *bin = h->bin; /* a local: the stores could alias *h */
  if (bin) {
    __m256d l = _mm256_set1_pd(h->lo), w = _mm256_set1_pd(h->inv_width);
    __m256d t = _mm256_set1_pd(h->top);
    for (; r + 8 <= n; r += 8) {
      __m256d v0 = _mm256_loadu_pd(x + r), v1 = _mm256_loadu_pd(x + r + 4);
      add_avx2(&m, v0);
      add_avx2(&m, v1);
      __m128i q = _mm_packs_epi32(bins4_avx2(v0, l, w, t), bins4_avx2(v1, l, w, t));
      _mm_storeu_si128((__m128i *)(bin + r), q); /* bins < 32768 */
    }
    if (r < n) {
      bins_tail(x, r, n, h->lo, h->inv_width, h->top, bin);
    }
  }
  for (; r + 4 <= n; r += 4) {
    add_avx2(&m, _mm256_loadu_pd(x + r));
  }
  __m128d h1[2] = {_mm256_castpd256_pd128(m.s1), _mm256_extractf128_pd(m.s1, 1)};
  __m128d h2[2] = {_mm256_castpd256_pd128(m.s2), _mm256_extractf128_pd(m.s2, 1)};
  __m128d hlo[2] = {_mm256_castpd256_pd128(m.lo), _mm256_extractf128_pd(m.lo, 1)};
  __m128d hhi[2] = {_mm256_castpd256_pd128(m.hi), _mm256_extractf128_pd(m.hi, 1)};
  return moments_tail(lanes_sums(h1, h2, hlo, hhi), x, r, n, shift);
}

/* Lanes 0-1 in one register, lanes 2-3 in another; when h->bin, the bins
 * four at a time as well, then the rest one by one. */
static inline __attribute__((always_inline)) kern_sums
moments_sse2(const double *x, int n, double shift, const bin_spec *h) {
  __m128d c = _mm_set1_pd(shift), s1[2], s2[2], lo[2], hi[2];
  __m128d l = _mm_set1_pd(h->lo), w = _mm_set1_pd(h->inv_width), t = _mm_set1_pd(h->top);
  for (int k = 0; k < 2; k++) {
    s1[k] = s2[k] = _mm_setzero_pd();
    lo[k] = _mm_set1_pd(INFINITY);
    hi[k] = _mm_set1_pd(-INFINITY);
  }
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    __m128i q[2];
    for (int k = 0; k < 2; k++) {
      __m128d v = _mm_loadu_pd(x + r + 2 * k), d = _mm_sub_pd(v, c);
      s1[k] = _mm_add_pd(s1[k], d);
      s2[k] = _mm_add_pd(s2[k], _mm_mul_pd(d, d));
      lo[k] = _mm_min_pd(v, lo[k]);
      hi[k] = _mm_max_pd(v, hi[k]);
      __m128d b = _mm_max_pd(_mm_mul_pd(_mm_sub_pd(v, l), w), _mm_setzero_pd());
      q[k] = _mm_cvttpd_epi32(_mm_min_pd(b, t)); /* two in the low half */
    }
    if (h->bin) {
      __m128i p = _mm_packs_epi32(_mm_unpacklo_epi64(q[0], q[1]), _mm_setzero_si128());
      _mm_storel_epi64((__m128i *)(h->bin + r), p); /* bins < 32768 */
    }
  }
  if (h->bin) {
    bins_tail(x, r, n, h->lo, h->inv_width, h->top, h->bin);
  }
  return moments_tail(lanes_sums(s1, s2, lo, hi), x, r, n, shift);
}
#else
static inline __attribute__((always_inline)) kern_sums
moments_plain(const double *x, int n, double shift, const bin_spec *h) {
  double lane[4][4] = {{0},
                       {0},
                       {INFINITY, INFINITY, INFINITY, INFINITY},
                       {-INFINITY, -INFINITY, -INFINITY, -INFINITY}};
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    for (int l = 0; l < 4; l++) {
      double v = x[r + l], d = v - shift;
      lane[0][l] += d;
      lane[1][l] += d * d;
      lane[2][l] = sim_min(v, lane[2][l]);
      lane[3][l] = sim_max(v, lane[3][l]);
    }
  }
  /* (l0 + l1) + (l2 + l3), as lanes_sum adds the vector forms' lanes:
   * every form gives the same bits, so a batch's statistics do not depend
   * on the machine */
  kern_sums m = {
      (lane[0][0] + lane[0][1]) + (lane[0][2] + lane[0][3]),
      (lane[1][0] + lane[1][1]) + (lane[1][2] + lane[1][3]),
      sim_min(sim_min(lane[2][0], lane[2][1]), sim_min(lane[2][2], lane[2][3])),
      sim_max(sim_max(lane[3][0], lane[3][1]), sim_max(lane[3][2], lane[3][3]))};
  if (h->bin) {
    bins_tail(x, 0, n, h->lo, h->inv_width, h->top, h->bin);
  }
  return moments_tail(m, x, r, n, shift);
}
#endif

/* Adds sums m of a block of series s to the series' sums in b. */
static inline void add_sums(const kern_blocks *b, int s, kern_sums m) {
  b->s1[s] += m.s1;
  b->s2[s] += m.s2;
  b->min[s] = sim_min(m.min, b->min[s]);
  b->max[s] = sim_max(m.max, b->max[s]);
}

/* Block k's sums m: added, or kept in b->out for the caller. */
static inline void add_block(const kern_blocks *b, int s, int column, kern_sums m) {
  if (b->out) {
    b->out[column] = m;
  } else {
    add_sums(b, s, m);
  }
}

void kern_add_sums(const kern_blocks *b, const int *id, const int *column, int count) {
  for (int k = 0; k < count; k++) {
    add_sums(b, id[k], b->out[column[k]]);
  }
}

/* Block k's bins: where they go, or NULL. */
static inline bin_spec block_bins(const kern_blocks *b, int s, int column) {
  uint16_t *bin = b->bins ? b->bins + (size_t)column * b->bin_stride : NULL;
  return (bin_spec){b->lo[s], b->inv_width[s], b->nbins - 1, bin};
}

/* kern_moments_many in each form: one loop, the sums inlined. */
#ifdef KERN_X86
AVX2 static void many_avx2(const kern_blocks *b, const int *id, const int *row,
                           const int *column, int count, int n) {
  for (int k = 0; k < count; k++) {
    bin_spec h = block_bins(b, id[k], column[k]);
    const double *x = b->rows + (size_t)row[k] * b->stride;
    add_block(b, id[k], column[k], block_avx2(x, n, b->shift[id[k]], &h));
  }
}

static void many_sse2(const kern_blocks *b, const int *id, const int *row,
                      const int *column, int count, int n) {
  for (int k = 0; k < count; k++) {
    bin_spec h = block_bins(b, id[k], column[k]);
    const double *x = b->rows + (size_t)row[k] * b->stride;
    add_block(b, id[k], column[k], moments_sse2(x, n, b->shift[id[k]], &h));
  }
}
#else
static void many_plain(const kern_blocks *b, const int *id, const int *row,
                       const int *column, int count, int n) {
  for (int k = 0; k < count; k++) {
    bin_spec h = block_bins(b, id[k], column[k]);
    const double *x = b->rows + (size_t)row[k] * b->stride;
    add_block(b, id[k], column[k], moments_plain(x, n, b->shift[id[k]], &h));
  }
}
#endif

void kern_moments_many(const kern_blocks *b, const int *id, const int *row,
                       const int *column, int count, int n) {
#ifdef KERN_X86
  if (USE_AVX2()) {
    many_avx2(b, id, row, column, count, n);
  } else {
    many_sse2(b, id, row, column, count, n);
  }
#else
  many_plain(b, id, row, column, count, n);
#endif
}

/* Bits, not ==: a batch lets a series borrow another's statistics only
 * while every run gives the two the same bits (batch_alias.c), and ==
 * would take 0.0 for -0.0 (and NaN for different from itself).  memcpy is
 * the defined way to read a double's bits; compilers make it a load. */
static bool same_bits_tail(const double *x, const double *y, int r, int n) {
  uint64_t differ = 0;
  for (; r < n; r++) {
    uint64_t a, b;
    memcpy(&a, x + r, sizeof a);
    memcpy(&b, y + r, sizeof b);
    differ |= a ^ b;
  }
  return differ == 0;
}

#ifdef KERN_X86
AVX2 static bool same_bits_avx2(const double *x, const double *y, int n) {
  __m256i differ = _mm256_setzero_si256();
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    __m256i a = _mm256_loadu_si256((const __m256i *)(x + r));
    __m256i b = _mm256_loadu_si256((const __m256i *)(y + r));
    differ = _mm256_or_si256(differ, _mm256_xor_si256(a, b));
  }
  return _mm256_testz_si256(differ, differ) && same_bits_tail(x, y, r, n);
}
#endif

bool kern_same_bits(const double *x, const double *y, int n) {
#ifdef KERN_X86
  if (USE_AVX2()) {
    return same_bits_avx2(x, y, n);
  }
#endif
  return same_bits_tail(x, y, 0, n);
}

static bool inside_tail(const double *v, const double *lo, const double *hi, int i,
                        int n) {
  bool ok = true;
  /* & rather than &&: no branch per value; NaN fails both comparisons */
  for (; i < n; i++) {
    ok &= (v[i] >= lo[i]) & (v[i] <= hi[i]);
  }
  return ok;
}

#ifdef KERN_X86
AVX2 static bool inside_avx2(const double *v, const double *lo, const double *hi, int n) {
  __m256d in = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    __m256d x = _mm256_loadu_pd(v + i);
    __m256d above = _mm256_cmp_pd(x, _mm256_loadu_pd(lo + i), _CMP_GE_OQ);
    __m256d below = _mm256_cmp_pd(x, _mm256_loadu_pd(hi + i), _CMP_LE_OQ);
    in = _mm256_and_pd(in, _mm256_and_pd(above, below));
  }
  return _mm256_movemask_pd(in) == 15 && inside_tail(v, lo, hi, i, n);
}

static bool inside_sse2(const double *v, const double *lo, const double *hi, int n) {
  __m128d in = _mm_castsi128_pd(_mm_set1_epi64x(-1));
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    __m128d x = _mm_loadu_pd(v + i);
    __m128d above = _mm_cmpge_pd(x, _mm_loadu_pd(lo + i));
    __m128d below = _mm_cmple_pd(x, _mm_loadu_pd(hi + i));
    in = _mm_and_pd(in, _mm_and_pd(above, below));
  }
  return _mm_movemask_pd(in) == 3 && inside_tail(v, lo, hi, i, n);
}
#endif

bool kern_inside(const double *v, const double *lo, const double *hi, int n) {
#ifdef KERN_X86
  return USE_AVX2() ? inside_avx2(v, lo, hi, n) : inside_sse2(v, lo, hi, n);
#else
  return inside_tail(v, lo, hi, 0, n);
#endif
}

bool kern_bounds_alloc(kern_bounds *k, int series) {
  k->series = k->nsame = 0;
  k->order = malloc((series ? (size_t)series : 1) * sizeof(int));
  k->lo = malloc((series ? (size_t)series : 1) * sizeof(double));
  k->hi = malloc((series ? (size_t)series : 1) * sizeof(double));
  return k->order && k->lo && k->hi;
}

void kern_bounds_free(kern_bounds *k) {
  free(k->order);
  free(k->lo);
  free(k->hi);
  memset(k, 0, sizeof *k);
}

void kern_bounds_set(kern_bounds *k, const double *lo, const double *hi, int series) {
  int n = 0;
  /* Those asking for one value first: they need one comparison (==)
   * instead of two, and kept together the lane loops test them without a
   * branch per series. */
  for (int one = 1; one >= 0; one--) {
    for (int s = 0; s < series; s++) {
      bool unbounded = lo[s] == -INFINITY && hi[s] == INFINITY;
      if ((lo[s] == hi[s]) == one && !unbounded) {
        k->order[n] = s;
        k->lo[n] = lo[s];
        k->hi[n++] = hi[s];
      }
    }
    k->nsame = one ? n : k->nsame;
  }
  k->series = n; /* the series checked: those not unbounded */
}

/* Lanes [r, lanes) one at a time: bit r set when every series of lane r
 * is inside. */
static uint64_t inside_lanes_tail(const double *v, const kern_bounds *k, int r,
                                  int lanes) {
  uint64_t in = 0;
  for (; r < lanes; r++) {
    bool ok = true;
    for (int j = 0; j < k->series; j++) {
      double x = v[(size_t)k->order[j] * (size_t)lanes + (size_t)r];
      ok &= (x >= k->lo[j]) & (x <= k->hi[j]);
    }
    in |= (uint64_t)ok << r;
  }
  return in;
}

#ifdef KERN_X86
/* ok[q] &= whether the 4q-th to (4q + 3)-th of x equal l (AVX2), or lie in
 * [l, h]; then the same for SSE2, two lanes a register. */
#define AND_EQ_AVX2(ok, x, l) ok = _mm256_and_pd(ok, _mm256_cmp_pd(x, l, _CMP_EQ_OQ))
#define AND_IN_AVX2(ok, x, l, h)                                                         \
  ok = _mm256_and_pd(ok, _mm256_and_pd(_mm256_cmp_pd(x, l, _CMP_GE_OQ),                  \
                                       _mm256_cmp_pd(x, h, _CMP_LE_OQ)))
#define AND_EQ_SSE2(ok, x, l) ok = _mm_and_pd(ok, _mm_cmpeq_pd(x, l))
#define AND_IN_SSE2(ok, x, l, h)                                                         \
  ok = _mm_and_pd(ok, _mm_and_pd(_mm_cmpge_pd(x, l), _mm_cmple_pd(x, h)))

/* Groups of 32 lanes in eight registers, every series against its bounds
 * in turn (one comparison for those asking for one value); then groups of
 * 4; then the rest one by one.  Eight registers: a series' bounds are
 * broadcast once for 32 lanes, and eight independent ANDs keep the
 * comparisons' latency hidden; a 64-lane batch is two groups.  _OQ
 * (ordered, quiet): NaN compares false without raising an exception. */
AVX2 static uint64_t inside_lanes_avx2(const double *v, const kern_bounds *k, int lanes) {
  uint64_t in = 0;
  int r = 0;
  for (; r + 32 <= lanes; r += 32) {
    __m256d ok[8];
    for (int q = 0; q < 8; q++) {
      ok[q] = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    }
    for (int j = 0; j < k->nsame; j++) {
      const double *x = v + (size_t)k->order[j] * (size_t)lanes + (size_t)r;
      __m256d l = _mm256_broadcast_sd(k->lo + j);
      for (int q = 0; q < 8; q++) {
        AND_EQ_AVX2(ok[q], _mm256_loadu_pd(x + 4 * q), l);
      }
    }
    for (int j = k->nsame; j < k->series; j++) {
      const double *x = v + (size_t)k->order[j] * (size_t)lanes + (size_t)r;
      __m256d l = _mm256_broadcast_sd(k->lo + j), h = _mm256_broadcast_sd(k->hi + j);
      for (int q = 0; q < 8; q++) {
        AND_IN_AVX2(ok[q], _mm256_loadu_pd(x + 4 * q), l, h);
      }
    }
    for (int q = 0; q < 8; q++) {
      in |= (uint64_t)_mm256_movemask_pd(ok[q]) << (r + 4 * q);
    }
  }
  for (; r + 4 <= lanes; r += 4) {
    __m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    for (int j = 0; j < k->series; j++) {
      __m256d x = _mm256_loadu_pd(v + (size_t)k->order[j] * (size_t)lanes + (size_t)r);
      AND_IN_AVX2(ok, x, _mm256_broadcast_sd(k->lo + j), _mm256_broadcast_sd(k->hi + j));
    }
    in |= (uint64_t)_mm256_movemask_pd(ok) << r;
  }
  return in | inside_lanes_tail(v, k, r, lanes);
}

/* Groups of 8 lanes in four registers, then groups of 2, then the rest. */
static uint64_t inside_lanes_sse2(const double *v, const kern_bounds *k, int lanes) {
  uint64_t in = 0;
  int r = 0;
  for (; r + 8 <= lanes; r += 8) {
    __m128d ok[4];
    for (int q = 0; q < 4; q++) {
      ok[q] = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    }
    for (int j = 0; j < k->nsame; j++) {
      const double *x = v + (size_t)k->order[j] * (size_t)lanes + (size_t)r;
      __m128d l = _mm_set1_pd(k->lo[j]);
      for (int q = 0; q < 4; q++) {
        AND_EQ_SSE2(ok[q], _mm_loadu_pd(x + 2 * q), l);
      }
    }
    for (int j = k->nsame; j < k->series; j++) {
      const double *x = v + (size_t)k->order[j] * (size_t)lanes + (size_t)r;
      __m128d l = _mm_set1_pd(k->lo[j]), h = _mm_set1_pd(k->hi[j]);
      for (int q = 0; q < 4; q++) {
        AND_IN_SSE2(ok[q], _mm_loadu_pd(x + 2 * q), l, h);
      }
    }
    for (int q = 0; q < 4; q++) {
      in |= (uint64_t)_mm_movemask_pd(ok[q]) << (r + 2 * q);
    }
  }
  for (; r + 2 <= lanes; r += 2) {
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    for (int j = 0; j < k->series; j++) {
      __m128d x = _mm_loadu_pd(v + (size_t)k->order[j] * (size_t)lanes + (size_t)r);
      AND_IN_SSE2(ok, x, _mm_set1_pd(k->lo[j]), _mm_set1_pd(k->hi[j]));
    }
    in |= (uint64_t)_mm_movemask_pd(ok) << r;
  }
  return in | inside_lanes_tail(v, k, r, lanes);
}
#endif

uint64_t kern_inside_lanes(const double *v, const kern_bounds *k, int lanes) {
#ifdef KERN_X86
  return USE_AVX2() ? inside_lanes_avx2(v, k, lanes) : inside_lanes_sse2(v, k, lanes);
#else
  return inside_lanes_tail(v, k, 0, lanes);
#endif
}
