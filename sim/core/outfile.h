/* outfile.h — output files written complete or not at all: each is
 * written under a temporary name in its folder and renamed into place
 * only when every byte reached the disk. */
#ifndef PLANSIM_OUTFILE_H
#define PLANSIM_OUTFILE_H

#include <stdio.h>

#include "sim.h"

typedef struct sim_outfile sim_outfile;

/* Creates folder `dir` and its parents as needed.  On failure fills why
 * (the system's reason) and returns SIM_ERR_IO. */
sim_status sim_mkdirs(const char *dir, char *why, size_t size);

/* Opens a temporary file that will become dir/name.  Returns NULL and fills
 * why on failure.  The caller owns the result: finish it with
 * sim_outfile_commit or sim_outfile_abort. */
sim_outfile *sim_outfile_open(const char *dir, const char *name, char *why, size_t size);

/* The stream to write to; owned by the outfile. */
FILE *sim_outfile_stream(sim_outfile *f);

/* Closes and renames into place; on any write error removes the temporary
 * file, fills why and returns SIM_ERR_IO.  Frees f either way. */
sim_status sim_outfile_commit(sim_outfile *f, char *why, size_t size);

/* Closes and removes the temporary file; frees f.  NULL does nothing. */
void sim_outfile_abort(sim_outfile *f);

/* Writes x with 17 significant digits (round-trip exact); NaN as an empty
 * cell. */
void sim_put_number(FILE *out, double x);

/* Writes s as a CSV field, quoted when it holds a comma, quote or newline. */
void sim_put_csv_text(FILE *out, const char *s);

/* Writes s as a JSON string with quotes and escapes. */
void sim_put_json_text(FILE *out, const char *s);

#endif
