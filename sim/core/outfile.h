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

/* An output folder written as one set: a reader of the folder sees the
 * previous command's files or the new one's, never a mix, and two writers
 * of one folder are kept apart.  docs/output-folders.md says what each
 * kind of stop leaves and how the next writer cleans it. */
typedef struct sim_outdir sim_outdir;

/* Begins writing folder `dir`: creates its parent folders, takes the
 * folder's lock (PARENT/.BASE.lock; refused with SIM_ERR_IO and a message
 * naming the holder's pid while another plansim writes it), cleans what
 * stopped writers left (outdir.c), and makes an empty staging folder
 * beside it (sim_outdir_path), into which the command writes every file.
 * The caller owns *od: finish it with sim_outdir_end. */
sim_status sim_outdir_begin(const char *dir, sim_outdir **od, char *why, size_t size);

/* Takes the lock of existing folder `dir` only, for adding files to it in
 * place (plansim plot); no staging folder.  Finish with sim_outdir_end. */
sim_status sim_outdir_lock(const char *dir, sim_outdir **od, char *why, size_t size);

/* The staging folder to write into; owned by od. */
const char *sim_outdir_path(const sim_outdir *od);

/* The folder being written (dir as given, "." and ".." resolved). */
const char *sim_outdir_target(const sim_outdir *od);

/* Swaps the staging folder in for the folder: plansim's own files of the
 * previous set are replaced whole (the previous set's files that this one
 * does not write are removed); other entries (subfolders such as batch/,
 * a user's files) are kept.  The lock is kept until sim_outdir_end, so
 * figures can be drawn into the new folder. */
sim_status sim_outdir_commit(sim_outdir *od, char *why, size_t size);

/* Removes the staging folder when not committed (the folder stays as it
 * was), releases the lock and frees od.  NULL does nothing. */
void sim_outdir_end(sim_outdir *od);

/* Writes x with 17 significant digits (round-trip exact); NaN as an empty
 * cell. */
void sim_put_number(FILE *out, double x);

/* Writes s as a CSV field, quoted when it holds a comma, quote or newline. */
void sim_put_csv_text(FILE *out, const char *s);

/* Writes s as a JSON string with quotes and escapes. */
void sim_put_json_text(FILE *out, const char *s);

#endif
