/* test_kernels.c — the vector kernels give the bits of their plain C
 * definitions (kernels.h) in both forms, SSE2 and (where the processor
 * has it) AVX2: sums in four lanes, bins as histogram_bin, and the bounds
 * check, also with bounds narrowed to one value (a batch's frozen series)
 * and for runs side by side in lanes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/batch_stats.h"
#include "harness.h"
#include "core/kernels.h"

#define MAXN 203

static unsigned long state = 20251201;

static double uniform(void) { /* a 64-bit LCG, top 53 bits */
  state = state * 6364136223846793005UL + 1442695040888963407UL;
  return (double)(state >> 11) / 9007199254740992.0;
}

static bool same(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0;
}

/* The definition in kernels.h, one value at a time. */
typedef struct {
  double s1, s2, min, max;
} sums;

/* One block's sums by kern_moments_many (from empty sums), and its bins
 * when bin is not NULL. */
static sums block_sums(const double *x, int n, double shift, double lo, double inv,
                       uint16_t *bin) {
  sums m = {0, 0, INFINITY, -INFINITY};
  int zero = 0;
  kern_blocks b = {x, 0, &shift, &lo, &inv, bin, 0, 4096, &m.s1, &m.s2, &m.min, &m.max};
  kern_moments_many(&b, &zero, &zero, &zero, 1, n);
  return m;
}

static sums reference_moments(const double *x, int n, double shift) {
  double lane[4][4] = {{0},
                       {0},
                       {INFINITY, INFINITY, INFINITY, INFINITY},
                       {-INFINITY, -INFINITY, -INFINITY, -INFINITY}};
  int r = 0;
  for (; r + 4 <= n; r += 4) {
    for (int l = 0; l < 4; l++) {
      double d = x[r + l] - shift;
      lane[0][l] += d;
      lane[1][l] += d * d;
      lane[2][l] = fmin(lane[2][l], x[r + l]);
      lane[3][l] = fmax(lane[3][l], x[r + l]);
    }
  }
  sums m = {(lane[0][0] + lane[0][1]) + (lane[0][2] + lane[0][3]),
            (lane[1][0] + lane[1][1]) + (lane[1][2] + lane[1][3]),
            fmin(fmin(lane[2][0], lane[2][1]), fmin(lane[2][2], lane[2][3])),
            fmax(fmax(lane[3][0], lane[3][1]), fmax(lane[3][2], lane[3][3]))};
  for (; r < n; r++) {
    double d = x[r] - shift;
    m.s1 += d;
    m.s2 += d * d;
    m.min = fmin(m.min, x[r]);
    m.max = fmax(m.max, x[r]);
  }
  return m;
}

/* kern_inside_lanes against its definition, lane by lane, for lane counts
 * around the kernel's groups of 32, 4 (AVX2) or 8, 2 (SSE2); now and then a
 * value outside, NaN, or bounds narrowed to one value (compared once: now
 * and then 0.0 and a value -0.0, which is inside), or no bounds at all
 * (-inf, +inf: not looked at, so NaN passes there). */
static bool check_lanes(void) {
  enum { SERIES = 37 };
  static double v[SERIES * 64], lo[SERIES], hi[SERIES];
  static const int counts[] = {1, 2, 3, 4, 5, 8, 9, 16, 31, 32, 33, 36, 63, 64};
  kern_bounds bounds;
  bool ok = kern_bounds_alloc(&bounds, SERIES);
  for (int c = 0; c < (int)(sizeof counts / sizeof counts[0]); c++) {
    int lanes = counts[c];
    for (int trial = 0; trial < 50; trial++) {
      for (int s = 0; s < SERIES; s++) {
        bool narrow = uniform() < 0.3, zero = narrow && uniform() < 0.2;
        lo[s] = zero ? 0.0 : uniform();
        hi[s] = lo[s] + uniform();
        for (int r = 0; r < lanes; r++) {
          double u = uniform(), x = lo[s] + (hi[s] - lo[s]) * u;
          x = u < 0.002 ? hi[s] + 1 : u > 0.998 ? NAN : x;
          double one = zero && uniform() < 0.5 ? -0.0 : lo[s];
          double off = uniform() < 0.5 ? -1 : 1; /* now and then below or above */
          v[s * lanes + r] = narrow ? (uniform() < 0.01 ? lo[s] + off : one) : x;
        }
        hi[s] = narrow ? lo[s] : hi[s];
        if (!narrow && uniform() < 0.2) { /* unbounded: not looked at, NaN too */
          lo[s] = -INFINITY;
          hi[s] = INFINITY;
        }
      }
      kern_bounds_set(&bounds, lo, hi, SERIES);
      uint64_t want = 0;
      for (int r = 0; r < lanes; r++) {
        bool in = true;
        for (int s = 0; s < SERIES; s++) {
          bool unbounded = lo[s] == -INFINITY && hi[s] == INFINITY;
          in &= unbounded || (lo[s] <= v[s * lanes + r] && v[s * lanes + r] <= hi[s]);
        }
        want |= (uint64_t)in << r;
      }
      ok &= kern_inside_lanes(v, &bounds, lanes) == want;
    }
  }
  kern_bounds_free(&bounds);
  return ok;
}

/* kern_moments_many against its one-series calls, series by series: blocks
 * of 5 series (by row, at columns in another order) added to sums that
 * are not empty, with bins and without. */
static bool check_many(void) {
  enum { SERIES = 5, N = 61, STRIDE = 72 };
  static double rows[SERIES * STRIDE], shift[SERIES], lo[SERIES], inv[SERIES];
  static uint16_t bins[SERIES * 80], want_bins[N];
  bool ok = true;
  for (int with_bins = 0; with_bins < 2; with_bins++) {
    double s1[SERIES], s2[SERIES], mn[SERIES], mx[SERIES];
    for (int s = 0; s < SERIES; s++) {
      shift[s] = 100 * uniform();
      lo[s] = shift[s] - 20;
      inv[s] = 4096 / 40.0;
      s1[s] = uniform();
      s2[s] = uniform();
      mn[s] = shift[s];
      mx[s] = shift[s] + 1;
      for (int r = 0; r < N; r++) {
        rows[s * STRIDE + r] = shift[s] + 10 * (uniform() - 0.5);
      }
    }
    int id[SERIES] = {3, 0, 4, 1, 2}, row[SERIES] = {3, 0, 4, 1, 2};
    int column[SERIES] = {1, 2, 0, 4, 3};
    double w1[SERIES], w2[SERIES], wmn[SERIES], wmx[SERIES];
    memcpy(w1, s1, sizeof s1);
    memcpy(w2, s2, sizeof s2);
    memcpy(wmn, mn, sizeof mn);
    memcpy(wmx, mx, sizeof mx);
    kern_blocks b = {rows, STRIDE, shift, lo, inv, with_bins ? bins : NULL,
                     80,   4096,   s1,    s2, mn,  mx};
    kern_moments_many(&b, id, row, column, SERIES, N);
    for (int k = 0; k < SERIES; k++) {
      int s = id[k];
      sums m = block_sums(rows + row[k] * STRIDE, N, shift[s], lo[s], inv[s], want_bins);
      ok &= same(s1[s], w1[s] + m.s1) && same(s2[s], w2[s] + m.s2) &&
            same(mn[s], fmin(m.min, wmn[s])) && same(mx[s], fmax(m.max, wmx[s]));
      ok &= !with_bins || memcmp(bins + column[k] * 80, want_bins, sizeof want_bins) == 0;
    }
  }
  return ok;
}

static void check_form(const char *form) {
  static double x[MAXN], lo[MAXN], hi[MAXN], nlo[MAXN], nhi[MAXN];
  static uint16_t bin[MAXN];
  static double y[MAXN];
  bool moments_ok = true, bins_ok = true, inside_ok = true, narrowed_ok = true;
  bool bits_ok = true;
  for (int n = 0; n <= MAXN; n++) {
    double shift = 417.3 + uniform(), blo = 400 + 10 * uniform(),
           inv = 4096 / (30 * uniform() + 1);
    for (int i = 0; i < n; i++) {
      x[i] = 417.3 * exp(0.283 * uniform()) -
             3.1 * uniform(); /* some below blo, some above */
      lo[i] = x[i] - (uniform() < 0.01 ? -1 : 1) * uniform(); /* now and then v < lo */
      hi[i] = x[i] + (uniform() < 0.01 ? -1 : 1) * uniform();
      /* bounds narrowed to one value, as for a batch's frozen series: half
       * the values, now and then off by one */
      bool narrow = uniform() < 0.5;
      double ref = uniform() < 0.995 ? x[i] : x[i] + 1;
      nlo[i] = narrow ? ref : lo[i];
      nhi[i] = narrow ? ref : hi[i];
    }
    sums want = reference_moments(x, n, shift),
         got[2] = {block_sums(x, n, shift, 0, 0, NULL),
                   block_sums(x, n, shift, blo, inv, bin)};
    for (int k = 0; k < 2; k++) {
      moments_ok &= same(got[k].s1, want.s1) && same(got[k].s2, want.s2) &&
                    same(got[k].min, want.min) && same(got[k].max, want.max);
    }
    bool inside = true, narrowed = true;
    for (int i = 0; i < n; i++) {
      bins_ok &= bin[i] == histogram_bin(x[i], blo, inv, 4096);
      inside &= lo[i] <= x[i] && x[i] <= hi[i];
      narrowed &= nlo[i] <= x[i] && x[i] <= nhi[i];
    }
    inside_ok &= kern_inside(x, lo, hi, n) == inside;
    memcpy(y, x, (size_t)n * sizeof(double));
    bits_ok &= kern_same_bits(x, y, n);
    if (n > 0) { /* one value one ulp off, anywhere */
      int k = (int)(uniform() * n);
      y[k] = nextafter(y[k], INFINITY);
      bits_ok &= !kern_same_bits(x, y, n);
    }
    narrowed_ok &= kern_inside(x, nlo, nhi, n) == narrowed;
  }
  double zero[5] = {0, 0, 0, 0, 0}, minus[5] = {0, 0, 0, 0, -0.0};
  bits_ok &= !kern_same_bits(zero, minus, 5) && !kern_same_bits(minus + 1, zero, 4);
  x[7] = NAN; /* NaN is never inside */
  inside_ok &= !kern_inside(x, x, x, 9);
  bool lanes_ok = check_lanes(), many_ok = check_many();
  printf("%s: moments %d, bins %d, inside %d, narrowed %d, lanes %d\n", form, moments_ok,
         bins_ok, inside_ok, narrowed_ok, lanes_ok);
  printf("%s: same bits %d, many blocks %d\n", form, bits_ok, many_ok);
  CHECK(many_ok);
  CHECK(bits_ok);
  CHECK(lanes_ok);
  CHECK(moments_ok);
  CHECK(bins_ok);
  CHECK(inside_ok);
  CHECK(narrowed_ok);
}

int main(void) {
  kern_allow_avx2(false);
  check_form("sse2 or plain");
  if (kern_allow_avx2(true)) {
    check_form("avx2");
  } else {
    printf("avx2: not on this processor\n");
  }
  return test_summary("test_kernels");
}
