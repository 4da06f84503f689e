/* readable.c — numbers rounded for people: fixed notation, trailing zeros
 * cut, residues of floating-point arithmetic (a gap of -6.2e-15) shown as
 * the 0 they stand for. */
#include "report/readable.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Cuts the trailing zeros of a fixed-notation number, and its point. */
static void trim_zeros(char *s) {
  if (!strchr(s, '.')) {
    return;
  }
  char *end = s + strlen(s) - 1;
  while (*end == '0') {
    *end-- = '\0';
  }
  if (*end == '.') {
    *end = '\0';
  }
}

/* A whole number with a comma every three digits. */
static void grouped(double x, bool sign, char *buf, size_t size) {
  char digits[64];
  snprintf(digits, sizeof digits, "%.0f", fabs(x));
  size_t n = strlen(digits), used = 0;
  char out[96];
  if (x < 0 && digits[strspn(digits, "0")]) {
    out[used++] = '-';
  } else if (sign) {
    out[used++] = '+';
  }
  for (size_t k = 0; k < n; k++) {
    if (k && (n - k) % 3 == 0) {
      out[used++] = ',';
    }
    out[used++] = digits[k];
  }
  out[used] = '\0';
  snprintf(buf, size, "%s", out);
}

const char *sim_readable(double x, bool sign, char *buf, size_t size) {
  if (isnan(x)) {
    snprintf(buf, size, "—");
  } else if (isinf(x)) {
    snprintf(buf, size, "%s∞", x < 0 ? "-" : sign ? "+" : "");
  } else if (fabs(x) < 1e-9) {
    snprintf(buf, size, "0");
  } else if (fabs(x) >= 9999.5) {
    grouped(x, sign, buf, size);
  } else {
    int decimals = 3 - (int)floor(log10(fabs(x)));
    decimals = decimals < 0 ? 0 : decimals > 12 ? 12 : decimals;
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", decimals, x);
    trim_zeros(buf);
    if (strcmp(buf, "-0") == 0 || strcmp(buf, "+0") == 0) {
      snprintf(buf, size, "0");
    }
  }
  return buf;
}
