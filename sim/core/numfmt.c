/* numfmt.c — "%.17g" without printf: x = m * 2^e, its decimal exponent E
 * read off e and a table of powers of ten, is scaled to the 17 digits
 * N = x * 10^(16-E), rounded half to even on the exact remainder (as glibc
 * does).  For 1e-11 <= x < 1e17 that takes one 64x64-bit product by 5^(16-E)
 * shifted to the top of a word, the remainder being its low word; elsewhere
 * 192-bit products or a 128-bit division.  N's last 16 digits are made at
 * once, one 16-bit lane a digit (SSE2; a portable form eight at a time), and
 * laid out in %g's fixed or exponential form. */
#include "core/numfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef unsigned __int128 u128;

/* The binary exponents e2 (x in [2^e2, 2^(e2+1))) of the exact path: their
 * decimal exponents are floor(e2 * log10 2) = -38 .. 42 or one more.  5^27
 * is the largest power of five in 64 bits; 10^54 takes two of them and a
 * 192-bit product, 10^-27 one division of 128 bits. */
#define LOW_E2 (-126)
#define HIGH_E2 142
#define LOW_EST (-38)
#define P16 10000000000000000u
#define P17 100000000000000000u
#define P8 100000000u

/* What the digits dropped below N were: the rounding information. */
enum { EXACT, BELOW_HALF, HALF, ABOVE_HALF };

/* 5^k for k <= 27, the powers of five in 64 bits, shifted up to the top
 * bit: top = 5^k * 2^shift, from 2^63 to 2^64 (the common path's factor). */
/* clang-format off */
#define POW5(v) {(uint64_t)(v) << __builtin_clzll(v), __builtin_clzll(v)}
static const struct { uint64_t top; int shift; } pow5[28] = {
    POW5(1u), POW5(5u), POW5(25u), POW5(125u), POW5(625u), POW5(3125u), POW5(15625u),
    POW5(78125u), POW5(390625u), POW5(1953125u), POW5(9765625u), POW5(48828125u),
    POW5(244140625u), POW5(1220703125u), POW5(6103515625u), POW5(30517578125u),
    POW5(152587890625u), POW5(762939453125u), POW5(3814697265625u),
    POW5(19073486328125u), POW5(95367431640625u), POW5(476837158203125u),
    POW5(2384185791015625u), POW5(11920928955078125u), POW5(59604644775390625u),
    POW5(298023223876953125u), POW5(1490116119384765625u), POW5(7450580596923828125u)};

/* 10^k rounded up to a double, k = LOW_EST + 1 .. 43: as x is a double,
 * x >= 10^k exactly when x >= pow10_up[k - LOW_EST - 1]. */
static const double pow10_up[81] = {
    0x1.1039d428a8b8fp-123, 0x1.54484932d2e73p-120, 0x1.a95a5b7f87a0fp-117,
    0x1.09d8792fb4c4ap-113, 0x1.4c4e977ba1f5cp-110, 0x1.9f623d5a8a733p-107,
    0x1.039d665896880p-103, 0x1.4484bfeebc2a0p-100, 0x1.95a5efea6b348p-97,
    0x1.fb0f6be50601ap-94, 0x1.3ce9a36f23c10p-90, 0x1.8c240c4aecb14p-87,
    0x1.ef2d0f5da7dd9p-84, 0x1.357c299a88ea8p-80, 0x1.82db34012b252p-77,
    0x1.e392010175ee6p-74, 0x1.2e3b40a0e9b50p-70, 0x1.79ca10c924224p-67,
    0x1.d83c94fb6d2adp-64, 0x1.2725dd1d243acp-60, 0x1.70ef54646d497p-57,
    0x1.cd2b297d889bdp-54, 0x1.203af9ee75616p-50, 0x1.6849b86a12b9cp-47,
    0x1.c25c268497682p-44, 0x1.19799812dea12p-40, 0x1.5fd7fe1796496p-37,
    0x1.b7cdfd9d7bdbbp-34, 0x1.12e0be826d695p-30, 0x1.5798ee2308c3ap-27,
    0x1.ad7f29abcaf49p-24, 0x1.0c6f7a0b5ed8ep-20, 0x1.4f8b588e368f1p-17,
    0x1.a36e2eb1c432dp-14, 0x1.0624dd2f1a9fcp-10, 0x1.47ae147ae147bp-7,
    0x1.999999999999ap-4, 0x1p+0, 0x1.4000000000000p+3, 0x1.9000000000000p+6,
    0x1.f400000000000p+9, 0x1.3880000000000p+13, 0x1.86a0000000000p+16,
    0x1.e848000000000p+19, 0x1.312d000000000p+23, 0x1.7d78400000000p+26,
    0x1.dcd6500000000p+29, 0x1.2a05f20000000p+33, 0x1.74876e8000000p+36,
    0x1.d1a94a2000000p+39, 0x1.2309ce5400000p+43, 0x1.6bcc41e900000p+46,
    0x1.c6bf526340000p+49, 0x1.1c37937e08000p+53, 0x1.6345785d8a000p+56,
    0x1.bc16d674ec800p+59, 0x1.158e460913d00p+63, 0x1.5af1d78b58c40p+66,
    0x1.b1ae4d6e2ef50p+69, 0x1.0f0cf064dd592p+73, 0x1.52d02c7e14af7p+76,
    0x1.a784379d99db5p+79, 0x1.08b2a2c280291p+83, 0x1.4adf4b7320335p+86,
    0x1.9d971e4fe8402p+89, 0x1.027e72f1f1282p+93, 0x1.431e0fae6d722p+96,
    0x1.93e5939a08ceap+99, 0x1.f8def8808b025p+102, 0x1.3b8b5b5056e17p+106,
    0x1.8a6e32246c99dp+109, 0x1.ed09bead87c04p+112, 0x1.3426172c74d83p+116,
    0x1.812f9cf7920e3p+119, 0x1.e17b84357691cp+122, 0x1.2ced32a16a1b2p+126,
    0x1.78287f49c4a1ep+129, 0x1.d6329f1c35ca5p+132, 0x1.25dfa371a19e7p+136,
    0x1.6f578c4e0a061p+139, 0x1.cb2d6f618c879p+142};
/* clang-format on */

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "numfmt.c keeps digits in words, first digit in the low byte"
#endif

/* 5^k for k <= 27. */
static uint64_t five_to(int k) {
  return pow5[k].top >> pow5[k].shift;
}

/* The class of a dropped remainder rem against half of the divisor. */
static int classify(u128 rem, u128 half) {
  if (rem == 0) {
    return EXACT;
  }
  return rem < half ? BELOW_HALF : rem == half ? HALF : ABOVE_HALF;
}

/* q rounded half to even, the dropped part being of class frac. */
static uint64_t round_class(uint64_t q, int frac) {
  return q + (frac == ABOVE_HALF || (frac == HALF && (q & 1)));
}

/* q rounded half to even, the dropped bits being r (left-aligned: 2^63 is
 * one half).  An odd q turns an exact half into "above". */
static uint64_t round_bits(uint64_t q, uint64_t r) {
  return q + ((r | (q & 1)) > (UINT64_C(1) << 63));
}

/* m * 5^j / 2^sh rounded, for 28 <= j <= 54: the product m * 5^27 *
 * 5^(j-27) needs 192 bits, hi:low. */
static uint64_t scale_up_wide(uint64_t m, int j, int sh) {
  u128 a = (u128)m * five_to(27);
  u128 lo = (u128)(uint64_t)a * five_to(j - 27);
  u128 hi = (a >> 64) * five_to(j - 27) + (lo >> 64);
  uint64_t low = (uint64_t)lo;
  if (sh < 64) {
    uint64_t half = UINT64_C(1) << (sh - 1);
    return round_class((uint64_t)(hi << (64 - sh)) | (low >> sh),
                       classify(low & ((half << 1) - 1), half));
  }
  if (sh == 64) {
    return round_class((uint64_t)hi, classify(low, (u128)1 << 63));
  }
  u128 half = (u128)1 << (sh - 65);
  u128 rem = hi & ((half << 1) - 1); /* low folds in as a sticky bit */
  return round_class((uint64_t)(hi >> (sh - 64)),
                     classify((rem << 1) | (low != 0), half << 1));
}

/* x / 10^k rounded for x = m * 2^e, 1 <= k <= 27 and e >= k (x >= 1e17
 * keeps e > k, and the caller's range keeps m * 2^(e-k) below 2^128). */
static uint64_t scale_down(uint64_t m, int e, int k) {
  u128 a = (u128)m << (e - k);
  uint64_t d = five_to(k);
  uint64_t q = (uint64_t)(a / d);
  uint64_t rem = (uint64_t)(a - (u128)q * d);
  return round_class(q, rem == 0 ? EXACT : 2 * rem < d ? BELOW_HALF : ABOVE_HALF);
}

/* x * 10^(16-E) rounded as scale does, for the E it leaves out: x < 1e-11
 * and x >= 1e17.  Out of line, so that its 192-bit products and 128-bit
 * division do not cost the common case registers. */
__attribute__((noinline)) static uint64_t scale_rare(uint64_t m, int e, int E) {
  if (E > 16) {
    return scale_down(m, e, E - 16);
  }
  int j = 16 - E;
  return scale_up_wide(m, j, -(e + j)); /* x < 1e-11: j > 27, e + j < -60 */
}

/* x * 10^(16-E) rounded half to even, for x = m * 2^e with 10^E <= x <
 * 10^(E+1): 10^16 to 10^17 inclusive.  The common case, 1e-11 <= x < 1e17,
 * has j = 16 - E from 0 to 27: N = m * 2^(e+j) * 5^j = (m * 2^a) * top /
 * 2^64 with a = e + j - shift + 64, so one product holds N in its high word
 * and the dropped bits, exactly, in its low one.  N from 2^53 to 2^57, and
 * m * top from 2^115 to 2^117, keep a between 1 and 5. */
static uint64_t scale(uint64_t m, int e, int E) {
  int j = 16 - E;
  if ((unsigned)j > 27) {
    return scale_rare(m, e, E);
  }
  u128 p = (u128)(m << (e + j - pow5[j].shift + 64)) * pow5[j].top;
  return round_bits((uint64_t)(p >> 64), (uint64_t)p);
}

#if defined(__SSE2__) && !defined(PLANSIM_NUMFMT_SCALAR)
/* The four groups of four digits of hi and lo (each < 10^8), times 4, in
 * 16-bit lanes: g0 g0 g1 g1 g2 g2 g3 g3. */
static __m128i groups4(uint32_t hi, uint32_t lo) {
  __m128i x = _mm_unpacklo_epi64(_mm_cvtsi32_si128((int)hi), _mm_cvtsi32_si128((int)lo));
  __m128i q =
      _mm_srli_epi64(_mm_mul_epu32(x, _mm_set1_epi64x(0xd1b71759)), 45); /* / 10^4 */
  __m128i r = _mm_sub_epi32(x, _mm_mul_epu32(q, _mm_set1_epi64x(10000)));
  __m128i g = _mm_or_si128(q, _mm_slli_epi64(r, 32)); /* g0 g1 g2 g3 in 32-bit lanes */
  g = _mm_slli_epi16(_mm_packs_epi32(g, g), 2);
  return _mm_unpacklo_epi16(g, g);
}

/* The digits of two groups abcd, efgh given as 4 * abcd in the low four
 * 16-bit lanes and 4 * efgh in the high four: two high halves of products
 * make a, ab, abc, abcd (4g * 8389 / 2^25 is g / 1000 for g < 10^4, and so
 * on; the 4 keeps the last lane exact), and each lane less ten times its
 * left neighbour is a digit. */
static __m128i digits2x4(__m128i g) {
  const __m128i div =
      _mm_setr_epi16(8389, 5243, 13108, -32768, 8389, 5243, 13108, -32768);
  const __m128i shift = _mm_setr_epi16(1 << 7, 1 << 11, 1 << 13, -32768, 1 << 7, 1 << 11,
                                       1 << 13, -32768); /* >> 9, 5, 3, 1 */
  __m128i v = _mm_mulhi_epu16(_mm_mulhi_epu16(g, div), shift);
  return _mm_sub_epi16(v, _mm_slli_epi64(_mm_mullo_epi16(v, _mm_set1_epi16(10)), 16));
}

/* The 16 digits after the first of n, given as its digits 2-9 and 10-17,
 * in ASCII (second digit in the low byte), all at once with SSE2; *len gets
 * the number of digits of n once its trailing zeros are dropped (1 to 17). */
static u128 tail_digits(uint32_t hi, uint32_t lo, int *len) {
  __m128i g = groups4(hi, lo);
  __m128i d = _mm_packus_epi16(digits2x4(_mm_unpacklo_epi32(g, g)),
                               digits2x4(_mm_unpackhi_epi32(g, g)));
  /* bit i: digit i + 2 of n is not 0; clz ^ 31 is the index of the top bit */
  unsigned nonzero = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(d, _mm_setzero_si128()));
  *len = 1 + (__builtin_clz(2 * nonzero | 1) ^ 31);
  d = _mm_add_epi8(d, _mm_set1_epi8('0'));
  uint64_t first = (uint64_t)_mm_cvtsi128_si64(d);
  return first | (u128)(uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(d, d)) << 64;
}
#else
/* The 8 digits of v < 10^8 in a word, first digit in the low byte: the
 * divisions by 10^4, 100 and 10 done two or four lanes at a time. */
static uint64_t digits8(uint32_t v) {
  uint64_t merged = (v / 10000) | ((uint64_t)(v % 10000) << 32);
  uint64_t top = ((merged * 10486u) >> 20) & ((UINT64_C(0x7f) << 32) | 0x7f);
  uint64_t hundreds = ((merged - 100u * top) << 16) + top;
  uint64_t tens = (hundreds * 103u) >> 10;
  tens &= (UINT64_C(0xf) << 48) | (UINT64_C(0xf) << 32) | (UINT64_C(0xf) << 16) | 0xf;
  return tens + ((hundreds - 10u * tens) << 8);
}

/* The 16 digits after the first of n, given as its digits 2-9 and 10-17,
 * in ASCII (second digit in the low byte); *len gets the number of digits
 * of n once its trailing zeros are dropped (1 to 17). */
static u128 tail_digits(uint32_t hi, uint32_t lo, int *len) {
  uint64_t a = digits8(hi), b = digits8(lo);
  /* zero digits are zero bytes, and the last digits are the high bytes */
  int zero_bytes = b ? __builtin_clzll(b) / 8 : a ? 8 + __builtin_clzll(a) / 8 : 16;
  *len = 17 - zero_bytes;
  const uint64_t ascii_zeros = UINT64_C(0x3030303030303030);
  return (a + ascii_zeros) | (u128)(b + ascii_zeros) << 64;
}
#endif

/* Stores the low n (8 or 16) bytes of w at p. */
static void store(char *p, u128 w, int n) {
  uint64_t lo = (uint64_t)w, hi = (uint64_t)(w >> 64);
  memcpy(p, &lo, 8);
  if (n > 8) {
    memcpy(p + 8, &hi, 8);
  }
}

/* d.ddde+XX at p: first digit d0, the others in w, len digits; returns the
 * end.  Bytes up to p + 17 are scratch. */
static char *put_exponential(char *p, char d0, u128 w, int len, int E) {
  p[0] = d0;
  p[1] = '.';
  store(p + 2, w, 16);
  p += len > 1 ? len + 1 : 1;
  unsigned u = (unsigned)(E < 0 ? -E : E); /* below 100 on the fast path */
  p[0] = 'e';
  p[1] = E < 0 ? '-' : '+';
  p[2] = (char)('0' + u / 10);
  p[3] = (char)('0' + u % 10);
  return p + 4;
}

/* The %f layout at p of len digits, the first d0 worth 10^E (-4 <= E <= 16),
 * the others in w; returns the end.  Bytes up to p + 25 are scratch. */
static char *put_fixed(char *p, char d0, u128 w, int len, int E) {
  if (E < 0) { /* 0.000ddd */
    memcpy(p, "0.000000", 8);
    p[1 - E] = d0;
    store(p + 2 - E, w, 16);
    return p + 1 - E + len;
  }
  p[0] = d0;
  store(p + 1, w, 16); /* the integer part keeps its zeros */
  if (len <= E + 1) {
    return p + E + 1;
  }
  int frac = len - E - 1; /* at most 16 - E */
  p[E + 1] = '.';
  store(p + E + 2, w >> (8 * E), frac);
  return p + len + 1;
}

/* Prints sign, n (17 digits) and E as %.17g does; returns the length. */
static int put_g17(char *buf, int neg, uint64_t n, int E) {
  uint32_t top = (uint32_t)(n / P8); /* the first 9 digits */
  uint32_t d0 = top / P8;
  int len;
  u128 w = tail_digits(top - d0 * P8, (uint32_t)(n - top * (uint64_t)P8), &len);
  char *p = buf + neg;
  buf[0] = '-';
  p = E < -4 || E >= 17 ? put_exponential(p, (char)('0' + d0), w, len, E)
                        : put_fixed(p, (char)('0' + d0), w, len, E);
  *p = '\0';
  return (int)(p - buf);
}

/* E with 10^E <= |x| < 10^(E+1), for 2^e2 <= |x| < 2^(e2+1) on the exact
 * path; abits is x without its sign (positive doubles order as their bits). */
static int decimal_exponent(uint64_t abits, int e2) {
  int est = (e2 * 78913) >> 18; /* floor(e2 * log10 2): E is est or est + 1 */
  uint64_t bound;
  memcpy(&bound, &pow10_up[est - LOW_EST], sizeof bound);
  return est + (abits >= bound);
}

/* Zero, subnormals, inf, nan and magnitudes outside the exact path. */
__attribute__((noinline)) static int format_rare(double x, uint64_t bits, char *buf) {
  if (bits << 1 == 0) { /* "0" or "-0" */
    int neg = (int)(bits >> 63);
    memcpy(buf, "-0" + !neg, (size_t)(3 - !neg));
    return 2 - !neg;
  }
  return snprintf(buf, SIM_G17_MAX, "%.17g", x);
}

int sim_format_g17(double x, char *buf) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int e2 = (int)(bits >> 52 & 0x7ff) - 1023;
  if ((unsigned)(e2 - LOW_E2) > (unsigned)(HIGH_E2 - LOW_E2)) {
    return format_rare(x, bits, buf);
  }
  int neg = (int)(bits >> 63);
  uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
  int E = decimal_exponent(bits & ~(UINT64_C(1) << 63), e2);
  uint64_t q = scale(m, e2 - 52, E);
  if (q == P17) { /* 9.99...95 rounded up to 10 */
    q = P16;
    E++;
  }
  return put_g17(buf, neg, q, E);
}

int sim_format_cell(double x, char *buf) {
  if (x != x) {
    buf[0] = '\0';
    return 0;
  }
  return sim_format_g17(x, buf);
}
