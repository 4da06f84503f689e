/* numfmt.h — a fast "%.17g": the exact bytes snprintf writes, by exact
 * integer arithmetic for magnitudes from about 1e-38 to 1e43, and by
 * snprintf itself outside that range (subnormals, inf, nan). */
#ifndef PLANSIM_NUMFMT_H
#define PLANSIM_NUMFMT_H

/* Bytes sim_format_g17 may write, NUL included ("-1.2345678901234567e-308"
 * needs 25). */
#define SIM_G17_MAX 32

/* Writes into buf (at least SIM_G17_MAX bytes) exactly the bytes
 * snprintf(buf, SIM_G17_MAX, "%.17g", x) writes in the default rounding
 * mode, NUL-terminated; returns their number, the NUL excluded.  Unlike
 * snprintf it may also change bytes after the NUL, within the first
 * SIM_G17_MAX: it stores digits eight at a time. */
int sim_format_g17(double x, char *buf);

/* The same for a CSV cell: NaN (a value that does not exist) is the empty
 * text, returning 0. */
int sim_format_cell(double x, char *buf);

#endif
