/* power.h — b^t for a whole number t, with the bits of the C library's
 * pow(b, t) but mostly without its call (a sampled "rate" input grows its
 * path as base × (1 + x)^t in every year of every run). */
#ifndef PLANSIM_POWER_H
#define PLANSIM_POWER_H

/* pow(b, t) to the bit, t >= 0. */
double sim_power(double b, int t);
/* out[t] = pow(b, t) to the bit for 0 <= t < n: a path's growth factors. */
void sim_powers(double b, int n, double *out);

#endif
