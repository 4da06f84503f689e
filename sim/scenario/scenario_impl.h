/* scenario_impl.h — the scenario's private state, shared by scenario.c
 * (public calls), scenario_read.c (files, inheritance, --set) and
 * scenario_params.c (the table-driven parameter loader). */
#ifndef PLANSIM_SCENARIO_IMPL_H
#define PLANSIM_SCENARIO_IMPL_H

#include "core/registry.h"
#include "scenario/scenario.h"

#define SCENARIO_MAX_FILES 8 /* a scenario and up to 7 generations of bases */
#define SCENARIO_MAX_SETS 64
/* Input limits (README "Guarantees"): far above any real scenario (the
 * largest shipped one is 27 KB with 283 settings), low enough that a hostile
 * file is refused before it costs memory or time: libconfig's check for a
 * repeated name is quadratic in a group's members (40,000 took 37 s, 5,000
 * take 0.25 s). */
#define SCENARIO_MAX_BYTES (16L << 20)
#define SCENARIO_MAX_SETTINGS 5000

/* One file read: its parsed tree, text and hash. */
typedef struct {
  config_t cfg;
  /* The parsed file: &cfg, or the tree of the same file in the scenario
   * given as sim_source.again (borrowed: read only, never destroyed). */
  const config_t *tree;
  bool borrowed;
  char *file; /* path as given or resolved against the child's folder */
  char *text; /* whole file, for comments and the hash */
  char sha256[65];
} scenario_layer;

/* Strings and origins live in chained blocks freed with the scenario. */
typedef struct arena_block {
  struct arena_block *next;
  size_t used, size;
  char data[];
} arena_block;

struct sim_scenario {
  scenario_layer layer[SCENARIO_MAX_FILES];
  int nlayers;
  config_t merged; /* bases, then the file, then --set */
  char *sets[SCENARIO_MAX_SETS];
  int nsets;
  arena_block *arena;
  const char *name, *title, *title_zh;
  int start, end;
  void *params[SIM_MAX_MODELS];
};

/* Memory from the scenario's arena, zeroed, or NULL. */
void *scenario_arena(sim_scenario *sc, size_t size);

/* Reads src and its bases into layers and merges them into sc->merged,
 * then applies the --set overrides: every one that is valid, each bad one
 * reported, the first bad one's status in *set_status (the returned
 * status is the files'). */
sim_status scenario_read(sim_scenario *sc, sim_source src, const char *const *sets,
                         int nsets, sim_diags *d, sim_status *set_status);

/* Locates a libconfig path for diagnostics (a sim_locate_fn). */
int scenario_locate(const void *sc, const char *path, sim_origin *where);

/* Loads every model's parameters from sc->merged into sc->params. */
void scenario_load_params(sim_scenario *sc, sim_diags *d);

/* Reports top-level and model keys that no table knows. */
void scenario_check_keys(sim_scenario *sc, sim_diags *d);

/* The parameter row of "model.key" when that parameter is a path, else
 * NULL; *model (if not NULL) gets the model index. */
const sim_param *scenario_find_path(const char *path, int *model);

/* Text of a setting for "(got ...)": numbers as written, strings quoted,
 * groups, arrays and lists by size.  Uses buf. */
const char *scenario_got(const config_setting_t *s, char *buf, size_t size);

/* The same, with a whole real keeping its point ("2021.0"), for messages
 * that ask for a whole number. */
const char *scenario_got_real(const config_setting_t *s, char *buf, size_t size);

/* True when text is valid UTF-8 (what every output file is written in). */
bool scenario_utf8(const char *text);

#endif
