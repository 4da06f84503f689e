/* numfmt.c — "%.17g" without printf: x = m * 2^e is scaled by an exact power
 * of five and a shift to N = x * 10^(16-E) in 128-bit integers, rounded half
 * to even on the exact remainder (as glibc does), and printed eight digits
 * at a time (no division per digit) in %g's fixed or exponential layout. */
#include "numfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef unsigned __int128 u128;

/* The decimal exponents (floor(e2 * log10 2) estimates) of the exact path:
 * 5^27 is the largest power of five in 64 bits; 10^54 takes two of them
 * and a 192-bit product, 10^-27 one division of 128 bits. */
#define LOW_EXP (-38)
#define HIGH_EXP 43
#define P16 10000000000000000u
#define P17 100000000000000000u

/* What the digits dropped below N were: the rounding information. */
enum { EXACT, BELOW_HALF, HALF, ABOVE_HALF };

/* 5^k for k <= 27, the powers of five in 64 bits. */
/* clang-format off */
static const uint64_t pow5[28] = {
    1u, 5u, 25u, 125u, 625u, 3125u, 15625u, 78125u, 390625u, 1953125u, 9765625u,
    48828125u, 244140625u, 1220703125u, 6103515625u, 30517578125u, 152587890625u,
    762939453125u, 3814697265625u, 19073486328125u, 95367431640625u, 476837158203125u,
    2384185791015625u, 11920928955078125u, 59604644775390625u, 298023223876953125u,
    1490116119384765625u, 7450580596923828125u};
/* clang-format on */

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "numfmt.c stores digits eight at a time, first digit in the low byte"
#endif

/* The class of a dropped remainder rem against half of the divisor. */
static int classify(u128 rem, u128 half) {
  if (rem == 0) {
    return EXACT;
  }
  return rem < half ? BELOW_HALF : rem == half ? HALF : ABOVE_HALF;
}

/* floor(m * 5^j / 2^sh) for 28 <= j <= 54: the product m * 5^27 * 5^(j-27)
 * needs 192 bits, hi:low; *frac gets the dropped part. */
static uint64_t scale_up_wide(uint64_t m, int j, int sh, int *frac) {
  u128 a = (u128)m * pow5[27];
  u128 lo = (u128)(uint64_t)a * pow5[j - 27];
  u128 hi = (a >> 64) * pow5[j - 27] + (lo >> 64);
  uint64_t low = (uint64_t)lo;
  if (sh < 64) {
    uint64_t half = UINT64_C(1) << (sh - 1);
    *frac = classify(low & ((half << 1) - 1), half);
    return (uint64_t)(hi << (64 - sh)) | (low >> sh);
  }
  if (sh == 64) {
    *frac = classify(low, (u128)1 << 63);
    return (uint64_t)hi;
  }
  u128 half = (u128)1 << (sh - 65);
  u128 rem = hi & ((half << 1) - 1); /* low folds in as a sticky bit */
  *frac = classify((rem << 1) | (low != 0), half << 1);
  return (uint64_t)(hi >> (sh - 64));
}

/* floor(m * 2^e * 10^j) for 0 <= j <= 54; *frac gets the dropped part. */
static uint64_t scale_up(uint64_t m, int e, int j, int *frac) {
  int s = e + j;
  if (j > 27) {
    return scale_up_wide(m, j, -s, frac); /* x < 1e-11: s < -60 */
  }
  u128 p = (u128)m * pow5[j];
  if (s >= 0) {
    *frac = EXACT;
    return (uint64_t)(p << s);
  }
  u128 half = (u128)1 << (-s - 1);
  *frac = classify(p & ((half << 1) - 1), half);
  return (uint64_t)(p >> -s);
}

/* floor(m * 2^e / 10^k) for 1 <= k <= 27 and e >= k (x >= 1e17 keeps e > k,
 * and the caller's range keeps m * 2^(e-k) below 2^128). */
static uint64_t scale_down(uint64_t m, int e, int k, int *frac) {
  u128 a = (u128)m << (e - k);
  uint64_t q = (uint64_t)(a / pow5[k]);
  uint64_t rem = (uint64_t)(a - (u128)q * pow5[k]);
  *frac = rem == 0 ? EXACT : 2 * rem < pow5[k] ? BELOW_HALF : ABOVE_HALF;
  return q;
}

/* floor(x * 10^(16-E)) for x = m * 2^e, LOW_EXP <= E <= HIGH_EXP;
 * *frac gets the dropped part. */
static uint64_t scale(uint64_t m, int e, int E, int *frac) {
  return E <= 16 ? scale_up(m, e, 16 - E, frac) : scale_down(m, e, E - 16, frac);
}

/* q / 10 with the dropped digit folded into *frac (q has 18 digits). */
static uint64_t drop_digit(uint64_t q, int *frac) {
  unsigned r = (unsigned)(q % 10);
  if (r == 0) {
    *frac = *frac == EXACT ? EXACT : BELOW_HALF;
  } else if (r == 5) {
    *frac = *frac == EXACT ? HALF : ABOVE_HALF;
  } else {
    *frac = r < 5 ? BELOW_HALF : ABOVE_HALF;
  }
  return q / 10;
}

/* The 8 digits of v < 10^8 as ASCII in a word, first digit in the low byte:
 * the divisions by 10^4, 100 and 10 done two or four lanes at a time. */
static uint64_t ascii8(uint32_t v) {
  uint64_t merged = (v / 10000) | ((uint64_t)(v % 10000) << 32);
  uint64_t top = ((merged * 10486u) >> 20) & ((UINT64_C(0x7f) << 32) | 0x7f);
  uint64_t hundreds = ((merged - 100u * top) << 16) + top;
  uint64_t tens = (hundreds * 103u) >> 10;
  tens &= (UINT64_C(0xf) << 48) | (UINT64_C(0xf) << 32) | (UINT64_C(0xf) << 16) | 0xf;
  tens += (hundreds - 10u * tens) << 8;
  return tens + UINT64_C(0x3030303030303030);
}

/* Stores the low n (8 or 16) bytes of w at p. */
static void store(char *p, u128 w, int n) {
  uint64_t lo = (uint64_t)w, hi = (uint64_t)(w >> 64);
  memcpy(p, &lo, 8);
  if (n > 8) {
    memcpy(p + 8, &hi, 8);
  }
}

/* The digits after the first of 10^16 <= n < 10^17, as 16 ASCII bytes
 * (second digit in the low byte); *len gets the number of digits left once
 * trailing zeros are dropped (1 to 17). */
static u128 tail_digits(uint64_t n, int *len) {
  uint64_t rest = n % P16;
  u128 w = ascii8((uint32_t)(rest / 100000000u)) |
           (u128)ascii8((uint32_t)(rest % 100000000u)) << 64;
  u128 z = w - (((u128)UINT64_C(0x3030303030303030) << 64) |
                UINT64_C(0x3030303030303030)); /* digit values, no borrow */
  uint64_t hi = (uint64_t)(z >> 64), lo = (uint64_t)z;
  int zero_bytes = hi ? __builtin_clzll(hi) / 8 : lo ? 8 + __builtin_clzll(lo) / 8 : 16;
  *len = 17 - zero_bytes;
  return w;
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
  int len;
  u128 w = tail_digits(n, &len);
  char d0 = (char)('0' + n / P16);
  char *p = buf + neg;
  buf[0] = '-';
  p = E < -4 || E >= 17 ? put_exponential(p, d0, w, len, E) : put_fixed(p, d0, w, len, E);
  *p = '\0';
  return (int)(p - buf);
}

int sim_format_g17(double x, char *buf) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int neg = (int)(bits >> 63);
  int bexp = (int)(bits >> 52) & 0x7ff;
  uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
  if (bexp == 0 && m == 0) { /* "0" or "-0" */
    memcpy(buf, "-0" + !neg, (size_t)(3 - !neg));
    return 2 - !neg;
  }
  int e2 = bexp - 1023;
  int est = (e2 * 78913) >> 18; /* floor(e2 * log10 2): E is est or est + 1 */
  if (bexp == 0 || bexp == 0x7ff || est < LOW_EXP || est > HIGH_EXP) {
    return snprintf(buf, SIM_G17_MAX, "%.17g", x);
  }
  m |= UINT64_C(1) << 52;
  int e = e2 - 52, frac;
  int E = est; /* or est + 1: then q has 18 digits */
  uint64_t q = scale(m, e, E, &frac);
  if (q >= P17) {
    q = drop_digit(q, &frac);
    E++;
  }
  q += frac == ABOVE_HALF || (frac == HALF && (q & 1));
  if (q == P17) { /* 9.99...95 rounded up to 10 */
    q = P16;
    E++;
  }
  return put_g17(buf, neg, q, E);
}
