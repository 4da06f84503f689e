/* diag.h — scenario diagnostics: every problem found while loading a
 * scenario, each as "FILE:LINE: PATH: message (got VALUE)", collected so
 * that all of them can be reported in one go. */
#ifndef PLANSIM_DIAG_H
#define PLANSIM_DIAG_H

#include <stdio.h>

#include "sim.h"

/* Where a setting was written: file and line (line 0: unknown). */
typedef struct {
  const char *file;
  int line;
} sim_origin;

/* Finds where the setting at `path` was written; returns false if unknown. */
typedef int (*sim_locate_fn)(const void *ctx, const char *path, sim_origin *where);

/* A new, empty collection.  Owned by the caller; free with sim_diags_free. */
sim_diags *sim_diags_alloc(void);
void sim_diags_free(sim_diags *d);

/* Sets how sim_diag_at finds the file and line of a setting path. */
void sim_diags_set_locator(sim_diags *d, sim_locate_fn fn, const void *ctx);

/* Records a problem at a known file and line. */
void sim_diag_where(sim_diags *d, sim_origin where, const char *path, const char *got,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Number of problems recorded so far. */
int sim_diags_count(const sim_diags *d);

/* The i-th problem as one line, without newline; owned by d. */
const char *sim_diags_line(const sim_diags *d, int i);

/* Prints every problem, one per line, to f. */
void sim_diags_print(const sim_diags *d, FILE *f);

#endif
