/* kernels.c — vector inner loops (see kernels.h): a plain C form, an SSE2
 * form and an AVX2 form of each, the same arithmetic in the same order. */
#include "kernels.h"

#include "sim.h"

#include <math.h>
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

/* Adds the values x[r..n-1] to m one by one. */
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

#ifdef KERN_X86
AVX2 static kern_sums moments_avx2(const double *x, int n, double shift) {
  __m256d c = _mm256_set1_pd(shift), s1 = _mm256_setzero_pd(), s2 = _mm256_setzero_pd();
  __m256d lo = _mm256_set1_pd(INFINITY), hi = _mm256_set1_pd(-INFINITY);
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    __m256d v = _mm256_loadu_pd(x + r), d = _mm256_sub_pd(v, c);
    s1 = _mm256_add_pd(s1, d);
    s2 = _mm256_add_pd(s2, _mm256_mul_pd(d, d));
    lo = _mm256_min_pd(v, lo);
    hi = _mm256_max_pd(v, hi);
  }
  __m128d h1[2] = {_mm256_castpd256_pd128(s1), _mm256_extractf128_pd(s1, 1)};
  __m128d h2[2] = {_mm256_castpd256_pd128(s2), _mm256_extractf128_pd(s2, 1)};
  __m128d hlo[2] = {_mm256_castpd256_pd128(lo), _mm256_extractf128_pd(lo, 1)};
  __m128d hhi[2] = {_mm256_castpd256_pd128(hi), _mm256_extractf128_pd(hi, 1)};
  return moments_tail(lanes_sums(h1, h2, hlo, hhi), x, r, n, shift);
}

/* Lanes 0-1 in one register, lanes 2-3 in another. */
static kern_sums moments_sse2(const double *x, int n, double shift) {
  __m128d c = _mm_set1_pd(shift), s1[2], s2[2], lo[2], hi[2];
  for (int h = 0; h < 2; h++) {
    s1[h] = s2[h] = _mm_setzero_pd();
    lo[h] = _mm_set1_pd(INFINITY);
    hi[h] = _mm_set1_pd(-INFINITY);
  }
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    for (int h = 0; h < 2; h++) {
      __m128d v = _mm_loadu_pd(x + r + 2 * h), d = _mm_sub_pd(v, c);
      s1[h] = _mm_add_pd(s1[h], d);
      s2[h] = _mm_add_pd(s2[h], _mm_mul_pd(d, d));
      lo[h] = _mm_min_pd(v, lo[h]);
      hi[h] = _mm_max_pd(v, hi[h]);
    }
  }
  return moments_tail(lanes_sums(s1, s2, lo, hi), x, r, n, shift);
}
#else
static kern_sums moments_plain(const double *x, int n, double shift) {
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
  kern_sums m = {
      (lane[0][0] + lane[0][1]) + (lane[0][2] + lane[0][3]),
      (lane[1][0] + lane[1][1]) + (lane[1][2] + lane[1][3]),
      sim_min(sim_min(lane[2][0], lane[2][1]), sim_min(lane[2][2], lane[2][3])),
      sim_max(sim_max(lane[3][0], lane[3][1]), sim_max(lane[3][2], lane[3][3]))};
  return moments_tail(m, x, r, n, shift);
}
#endif

kern_sums kern_moments(const double *x, int n, double shift) {
#ifdef KERN_X86
  return USE_AVX2() ? moments_avx2(x, n, shift) : moments_sse2(x, n, shift);
#else
  return moments_plain(x, n, shift);
#endif
}

/* The bins of x[r..n-1], one by one. */
static void bins_tail(const double *x, int r, int n, double lo, double inv_width,
                      double top, uint16_t *bin) {
  for (; r < n; r++) {
    double b = (x[r] - lo) * inv_width;
    b = b < 0 ? 0 : b;
    b = b > top ? top : b;
    bin[r] = (uint16_t)(int)b;
  }
}

#ifdef KERN_X86
AVX2 static void bins_avx2(const double *x, int n, double lo, double inv_width,
                           double top, uint16_t *bin) {
  __m256d l = _mm256_set1_pd(lo), w = _mm256_set1_pd(inv_width);
  __m256d zero = _mm256_setzero_pd(), t = _mm256_set1_pd(top);
  int r = 0;
  for (; r + 8 <= n; r += 8) {
    __m128i q[2];
    for (int k = 0; k < 2; k++) {
      __m256d b = _mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(x + r + 4 * k), l), w);
      q[k] = _mm256_cvttpd_epi32(_mm256_min_pd(_mm256_max_pd(b, zero), t));
    }
    _mm_storeu_si128((__m128i *)(bin + r), _mm_packs_epi32(q[0], q[1])); /* < 32768 */
  }
  bins_tail(x, r, n, lo, inv_width, top, bin);
}

static void bins_sse2(const double *x, int n, double lo, double inv_width, double top,
                      uint16_t *bin) {
  __m128d l = _mm_set1_pd(lo), w = _mm_set1_pd(inv_width);
  __m128d zero = _mm_setzero_pd(), t = _mm_set1_pd(top);
  int r = 0;
  for (; r + 8 <= n; r += 8) {
    __m128i q[4];
    for (int k = 0; k < 4; k++) {
      __m128d b = _mm_mul_pd(_mm_sub_pd(_mm_loadu_pd(x + r + 2 * k), l), w);
      q[k] =
          _mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(b, zero), t)); /* two in the low half */
    }
    __m128i a = _mm_unpacklo_epi64(q[0], q[1]), c = _mm_unpacklo_epi64(q[2], q[3]);
    _mm_storeu_si128((__m128i *)(bin + r), _mm_packs_epi32(a, c));
  }
  bins_tail(x, r, n, lo, inv_width, top, bin);
}
#endif

void kern_bins(const double *x, int n, double lo, double inv_width, int bins,
               uint16_t *bin) {
  double top = bins - 1;
#ifdef KERN_X86
  if (USE_AVX2()) {
    bins_avx2(x, n, lo, inv_width, top, bin);
  } else {
    bins_sse2(x, n, lo, inv_width, top, bin);
  }
#else
  bins_tail(x, 0, n, lo, inv_width, top, bin);
#endif
}

static bool inside_tail(const double *v, const double *lo, const double *hi, int i,
                        int n) {
  bool ok = true;
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

/* Lanes [r, lanes) one at a time: bit k set when every series of lane k
 * is inside. */
static uint64_t inside_lanes_tail(const double *v, const double *lo, const double *hi,
                                  size_t series, int r, int lanes) {
  uint64_t in = 0;
  for (; r < lanes; r++) {
    bool ok = true;
    for (size_t s = 0; s < series; s++) {
      double x = v[s * (size_t)lanes + (size_t)r];
      ok &= (x >= lo[s]) & (x <= hi[s]);
    }
    in |= (uint64_t)ok << r;
  }
  return in;
}

#ifdef KERN_X86
/* Groups of 32 lanes in eight registers, every series against its bounds
 * in turn; then groups of 4; then the rest one by one. */
AVX2 static uint64_t inside_lanes_avx2(const double *v, const double *lo,
                                       const double *hi, size_t series, int lanes) {
  uint64_t in = 0;
  int r = 0;
  for (; r + 32 <= lanes; r += 32) {
    __m256d ok[8];
    for (int k = 0; k < 8; k++) {
      ok[k] = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    }
    const double *x = v + r;
    for (size_t s = 0; s < series; s++, x += lanes) {
      __m256d l = _mm256_broadcast_sd(lo + s), h = _mm256_broadcast_sd(hi + s);
      for (int k = 0; k < 8; k++) {
        __m256d xk = _mm256_loadu_pd(x + 4 * k);
        ok[k] = _mm256_and_pd(ok[k], _mm256_and_pd(_mm256_cmp_pd(xk, l, _CMP_GE_OQ),
                                                   _mm256_cmp_pd(xk, h, _CMP_LE_OQ)));
      }
    }
    for (int k = 0; k < 8; k++) {
      in |= (uint64_t)_mm256_movemask_pd(ok[k]) << (r + 4 * k);
    }
  }
  for (; r + 4 <= lanes; r += 4) {
    __m256d ok = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    for (size_t s = 0; s < series; s++) {
      __m256d x = _mm256_loadu_pd(v + s * (size_t)lanes + (size_t)r);
      ok = _mm256_and_pd(
          ok, _mm256_and_pd(_mm256_cmp_pd(x, _mm256_broadcast_sd(lo + s), _CMP_GE_OQ),
                            _mm256_cmp_pd(x, _mm256_broadcast_sd(hi + s), _CMP_LE_OQ)));
    }
    in |= (uint64_t)_mm256_movemask_pd(ok) << r;
  }
  return in | inside_lanes_tail(v, lo, hi, series, r, lanes);
}

/* Groups of 8 lanes in four registers, then groups of 2, then the rest. */
static uint64_t inside_lanes_sse2(const double *v, const double *lo, const double *hi,
                                  size_t series, int lanes) {
  uint64_t in = 0;
  int r = 0;
  for (; r + 8 <= lanes; r += 8) {
    __m128d ok[4];
    for (int k = 0; k < 4; k++) {
      ok[k] = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    }
    for (size_t s = 0; s < series; s++) {
      __m128d l = _mm_set1_pd(lo[s]), h = _mm_set1_pd(hi[s]);
      const double *x = v + s * (size_t)lanes + (size_t)r;
      for (int k = 0; k < 4; k++) {
        __m128d xk = _mm_loadu_pd(x + 2 * k);
        ok[k] = _mm_and_pd(ok[k], _mm_and_pd(_mm_cmpge_pd(xk, l), _mm_cmple_pd(xk, h)));
      }
    }
    for (int k = 0; k < 4; k++) {
      in |= (uint64_t)_mm_movemask_pd(ok[k]) << (r + 2 * k);
    }
  }
  for (; r + 2 <= lanes; r += 2) {
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi64x(-1));
    for (size_t s = 0; s < series; s++) {
      __m128d x = _mm_loadu_pd(v + s * (size_t)lanes + (size_t)r);
      ok = _mm_and_pd(ok, _mm_and_pd(_mm_cmpge_pd(x, _mm_set1_pd(lo[s])),
                                     _mm_cmple_pd(x, _mm_set1_pd(hi[s]))));
    }
    in |= (uint64_t)_mm_movemask_pd(ok) << r;
  }
  return in | inside_lanes_tail(v, lo, hi, series, r, lanes);
}
#endif

uint64_t kern_inside_lanes(const double *v, const double *lo, const double *hi,
                           size_t series, int lanes) {
  if (lanes == 1) {
    return kern_inside(v, lo, hi, (int)series);
  }
#ifdef KERN_X86
  return USE_AVX2() ? inside_lanes_avx2(v, lo, hi, series, lanes)
                    : inside_lanes_sse2(v, lo, hi, series, lanes);
#else
  return inside_lanes_tail(v, lo, hi, series, 0, lanes);
#endif
}
