/* readable.h — numbers rounded for people (scorecard.md, compare.md, the
 * terminal, figure labels): never an exponent, a rounding residue shown as
 * 0, thousands grouped.  The CSV files keep all 17 digits (numfmt.h). */
#ifndef PLANSIM_READABLE_H
#define PLANSIM_READABLE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes x into buf with 4 significant digits below 10,000 and as a whole
 * number with thousands separators from there ("407,123"); |x| < 1e-9 is
 * "0", NaN is "—".  sign: a + before positive numbers.  Returns buf. */
const char *sim_readable(double x, bool sign, char *buf, size_t size);

#endif
