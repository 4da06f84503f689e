/* scenario.h — loading a scenario: libconfig files with `base`
 * inheritance and --set overrides, checked against the models' parameter
 * tables, every problem reported in one go. */
#ifndef PLANSIM_SCENARIO_H
#define PLANSIM_SCENARIO_H

#include <libconfig.h>

#include "core/diag.h"
#include "sim.h"

typedef struct sim_scenario sim_scenario;

/* Where the scenario text comes from: a file, or text built into the
 * program (then `file` is the name shown in messages). */
typedef struct sim_source {
  const char *file;
  const char *text; /* NULL: read `file` */
  /* Not NULL: a scenario loaded before from the same file, whose texts
   * and parsed trees of `file` and its bases are taken instead of reading
   * and parsing them again (a server loads a scenario per request and
   * reads no disk).  It must outlive the scenario loaded. */
  const struct sim_scenario *again;
} sim_source;

/* Reads a scenario and checks its own settings: the files, their bases and
 * the --set overrides ("PATH=VALUE", applied after the files), the header,
 * unknown keys and every model's parameters.  Most callers want
 * sim_scenario_load (scenario/load.h), which adds the checks that need an
 * engine.  Every problem goes to d.  Returns SIM_OK, SIM_ERR_IO (a file
 * missing or unreadable), SIM_ERR_SYNTAX, SIM_ERR_INVALID, SIM_ERR_USAGE
 * (a --set without '=') or SIM_ERR_NOMEM.  *out is the scenario whenever
 * its files were read, also with SIM_ERR_INVALID or SIM_ERR_USAGE, so that
 * the cross-checks can report their problems with the rest (d keeps
 * locating settings in it); the caller owns it.  Otherwise *out is NULL. */
sim_status sim_scenario_read(sim_source src, const char *const *sets, int nsets,
                             sim_diags *d, sim_scenario **out);
void sim_scenario_free(sim_scenario *sc);

const char *sim_scenario_name(const sim_scenario *sc);
const char *sim_scenario_title(const sim_scenario *sc);
const char *sim_scenario_title_zh(const sim_scenario *sc);
int sim_scenario_start(const sim_scenario *sc);
int sim_scenario_end(const sim_scenario *sc);

/* Parameter structs of the registry's models, params[m] for model m; owned
 * by the scenario. */
const void *const *sim_scenario_params(const sim_scenario *sc);

/* The merged setting at a libconfig path ("targets", "uncertainty"), or
 * NULL; owned by the scenario. */
const config_setting_t *sim_scenario_setting(const sim_scenario *sc, const char *path);

/* Where a setting (given by pointer) was written. */
sim_origin sim_scenario_origin(const sim_scenario *sc, const config_setting_t *s);

/* The comment written after the setting at `path` on its line, without
 * the '#' and surrounding blanks, or NULL. */
const char *sim_scenario_comment(const sim_scenario *sc, const char *path);

/* The libconfig path of element i of `parent` (at `path`): "a.b" for a
 * group member, "a.[2]" for a list or array element; written to buf. */
const char *sim_setting_child_path(const config_setting_t *parent, int i, const char *path,
                                   char *buf, size_t size);

/* Calls fn for every setting with a comment beside it: its path, its
 * value written compactly, and the comment. */
typedef void (*sim_note_fn)(void *ctx, const char *path, const char *value,
                            const char *note);
void sim_scenario_notes(const sim_scenario *sc, sim_note_fn fn, void *ctx);

/* The files read, innermost (the one named on the command line) first, and
 * the SHA-256 of each in hex; the --set overrides as given. */
int sim_scenario_file_count(const sim_scenario *sc);
const char *sim_scenario_file(const sim_scenario *sc, int i);
const char *sim_scenario_file_sha256(const sim_scenario *sc, int i);
int sim_scenario_set_count(const sim_scenario *sc);
const char *sim_scenario_set(const sim_scenario *sc, int i);

/* Loads the list setting at `path` (e.g. "targets") into dst with the
 * generic loader, using `row` (kind SIM_LIST, key "") and its field table;
 * problems go to d. */
void sim_scenario_load_list(sim_scenario *sc, const sim_param *row, const char *path,
                            void *dst, sim_diags *d);

/* Loads the group at `path` into dst with the generic loader and the n
 * rows of `table` (offsets into dst); unknown keys are reported. */
void sim_scenario_load_group(sim_scenario *sc, const sim_param *table, int n,
                             const char *path, void *dst, sim_diags *d);

/* Copies text into storage that lives as long as the scenario. */
const char *sim_scenario_keep(sim_scenario *sc, const char *text);

#endif
