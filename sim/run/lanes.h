/* lanes.h — one worker's runs side by side: a copy of each model's
 * parameters per lane (for the models whose numbers differ between
 * lanes), an engine that runs the lanes at once (the fast path) and a
 * one-lane engine that runs again, alone, each lane the fast path
 * refused, to learn whether and why it fails.
 *
 * A runner worker (runner.h) of a many-case analysis owns one: it sets
 * each lane's parameters for its case, calls sim_lanes_run once per group
 * of up to SIM_LANES cases and reads the values of the ok lanes. */
#ifndef PLANSIM_LANES_H
#define PLANSIM_LANES_H

#include "core/engine.h"
#include "core/registry.h"

/* Lanes per group: the count the models' loops are compiled for. */
#define SIM_LANES SIM_BATCH_LANES

typedef struct sim_lanes sim_lanes;

/* A lane set for years [start, end] with every lane's parameters copied
 * from base; varies[m] says whether model m's parameters may differ
 * between lanes (else all lanes read one copy).  NULL on failure
 * (out of memory, or the base parameters do not link).  The caller owns
 * it: sim_lanes_free. */
sim_lanes *sim_lanes_alloc(int start, int end, const void *const *base,
                           const bool varies[SIM_MAX_MODELS]);
void sim_lanes_free(sim_lanes *l);

/* Every model's parameters of lane r, out[m] (writable where varies[m]). */
void sim_lanes_params(const sim_lanes *l, int r, void **out);

/* Bytes from one lane's parameters of model m to the next (0: shared). */
size_t sim_lanes_stride(const sim_lanes *l, int m);

/* The lanes' engine: values after sim_lanes_run (output i of year t, lane
 * r at values[(t * count + i) * lanes + r]); also usable for one run. */
sim_engine *sim_lanes_engine(const sim_lanes *l);

/* Called for each lane of a group that failed, in lane order: v is the
 * bound it broke when run alone, NULL when the lane was skipped (its
 * inputs were refused before running). */
typedef void sim_lanes_failure(void *ctx, int lane, const sim_violation *v);

/* Runs lanes [0, n) side by side, lanes set in `skip` counting as failed
 * without a run; a lane that breaks a bound in the fast path runs again
 * alone and is ok if it passes then.  *passed: the lanes that passed the
 * fast path.  Returns the ok lanes (bit r for lane r). */
uint64_t sim_lanes_run(sim_lanes *l, int n, uint64_t skip, uint64_t *passed,
                       sim_lanes_failure *failed, void *ctx);

/* Runs lane r alone: the bound it breaks, NULL when it breaks none (valid
 * until the next call).  For a caller that checked some bounds itself
 * (a batch, on its statistics: sim_engine_set_check). */
const sim_violation *sim_lanes_run_alone(sim_lanes *l, int r);

#endif
