/* test_power.c — sim_power(b, t) and sim_powers (every t < n at once) are
 * pow(b, t) to the bit: for t = 0 and 1,
 * for bases of sampled rate inputs (1 + x, x within ±30 %) and wider ones,
 * negative ones, every t to 100, including powers that land near a
 * midpoint between two doubles (where it asks pow), and outside its
 * double-double range (where it asks pow too). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/power.h"
#include "harness.h"

static bool same_bits(double x, double y) {
  return memcmp(&x, &y, sizeof x) == 0;
}

/* A xorshift generator: the same draws on every machine. */
static uint64_t state = 88172645463325252u;
static double uniform(double lo, double hi) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return lo + (hi - lo) * (double)(state >> 11) / 9007199254740992.0;
}

int main(void) {
  long differ = 0, compared = 0;
  const double ranges[][2] = {{0.7, 1.3}, {0.05, 15.0}, {-3.0, -0.1}};
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < 300000; i++) {
      double b = uniform(ranges[k][0], ranges[k][1]);
      int t = (int)uniform(0, 101);
      differ += !same_bits(sim_power(b, t), pow(b, t));
      compared++;
    }
  }
  CHECK(differ == 0 && compared == 900000);
  /* a path's factors, every year's from the year before's */
  differ = 0;
  for (int i = 0; i < 20000; i++) {
    double b = uniform(0.7, 1.3), out[101];
    sim_powers(b, 101, out);
    for (int t = 0; t < 101; t++) {
      differ += !same_bits(out[t], pow(b, t));
    }
  }
  CHECK(differ == 0);
  /* exact powers (lo = 0), squares of values with few bits, and 1.5^t */
  for (int t = 0; t <= 100; t++) {
    CHECK(same_bits(sim_power(1.5, t), pow(1.5, t)));
    CHECK(same_bits(sim_power(1 + 0x1p-27, t), pow(1 + 0x1p-27, t)));
    CHECK(same_bits(sim_power(-1.25, t), pow(-1.25, t)));
  }
  /* outside the double-double range, and what is not a number */
  CHECK(same_bits(sim_power(1e10, 3), pow(1e10, 3)));
  CHECK(same_bits(sim_power(2.0, 300), pow(2.0, 300)));
  CHECK(isnan(sim_power(NAN, 2)) && sim_power(NAN, 0) == 1.0 && isnan(sim_power(NAN, 1)));
  CHECK(same_bits(sim_power(-0.0, 1), -0.0) && same_bits(sim_power(0.0, 2), 0.0));
  return test_summary("test_power");
}
