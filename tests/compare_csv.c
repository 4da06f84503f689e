/* compare_csv.c — golden-file comparison: two CSV files must have the same
 * header and rows; numeric cells must agree to DIGITS significant digits
 * (relative 10^-DIGITS, absolute near zero), other cells exactly.
 * usage: compare_csv EXPECTED GOT [DIGITS]   (DIGITS defaults to 12) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 1048576

/* Next comma-separated cell of *s (no quoted commas in numeric files; a
 * quoted cell is compared as text). */
static char *next_cell(char **s) {
  char *start = *s, *p = start;
  if (!start) {
    return NULL;
  }
  if (*p == '"') {
    for (p++; *p && !(*p == '"' && p[1] != '"'); p += (*p == '"') ? 2 : 1) {
    }
    if (*p) {
      p++;
    }
  }
  p = strchr(p, ',');
  if (p) {
    *p = '\0';
    *s = p + 1;
  } else {
    *s = NULL;
  }
  start[strcspn(start, "\r\n")] = '\0';
  return start;
}

static int same_cell(const char *a, const char *b, double tol) {
  char *ea, *eb;
  double x = strtod(a, &ea), y = strtod(b, &eb);
  if (*a && *b && !*ea && !*eb) {
    double scale = fmax(fabs(x), fabs(y));
    return fabs(x - y) <= tol * (scale > 1e-300 ? scale : 1) || (x == y);
  }
  return strcmp(a, b) == 0;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: compare_csv EXPECTED GOT [DIGITS]\n");
    return 2;
  }
  double tol = pow(10, -(argc > 3 ? atof(argv[3]) : 12));
  FILE *fa = fopen(argv[1], "r"), *fb = fopen(argv[2], "r");
  if (!fa || !fb) {
    fprintf(stderr, "compare_csv: cannot open %s\n", fa ? argv[2] : argv[1]);
    return 2;
  }
  static char la[LINE_MAX_LEN], lb[LINE_MAX_LEN], header[LINE_MAX_LEN];
  int row = 0, bad = 0, cells = 0;
  while (1) {
    char *ra = fgets(la, sizeof la, fa), *rb = fgets(lb, sizeof lb, fb);
    if (!ra || !rb) {
      if (ra || rb) {
        printf("%s has more rows than %s\n", ra ? argv[1] : argv[2], ra ? argv[2] : argv[1]);
        bad++;
      }
      break;
    }
    if (row == 0) {
      memcpy(header, la, sizeof la);
    }
    char *sa = la, *sb = lb, *h = header, *ca, *cb;
    for (int col = 0; (ca = next_cell(&sa)), (cb = next_cell(&sb)), (ca || cb); col++) {
      char *name = next_cell(&h);
      cells++;
      if (!ca || !cb || !same_cell(ca, cb, tol)) {
        if (bad++ < 20) {
          printf("row %d column %s: expected %s, got %s\n", row, name ? name : "?",
                 ca ? ca : "(none)", cb ? cb : "(none)");
        }
      }
    }
    h = header;
    row++;
  }
  printf("%s: %d cells compared, %d differ\n", argv[2], cells, bad);
  printf("%d passed, %d failed\n", bad ? 0 : 1, bad ? 1 : 0);
  return bad ? 1 : 0;
}
