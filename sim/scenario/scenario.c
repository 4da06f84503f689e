/* scenario.c — the public scenario calls: read (read, merge, check every
 * key and value), accessors, and the comments written beside settings.
 * The checks that need an engine, targets or sampled inputs are made a
 * layer above, in load.c, so nothing here includes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"
#include "scenario/scenario_impl.h"

/* Ownership: everything a scenario hands out (the models' parameter
 * structs and every text they point to) lives in its arena and goes with
 * sim_scenario_free in one sweep, so a parameter struct can be copied
 * byte for byte (a batch's lanes, a sweep's workers) with no text owned
 * twice.  Sizes round up to 16 bytes, malloc's alignment, which any
 * parameter struct needs. */
void *scenario_arena(sim_scenario *sc, size_t size) {
  size = (size + 15) & ~(size_t)15;
  arena_block *b = sc->arena;
  if (!b || b->used + size > b->size) {
    size_t cap = size > 65536 ? size : 65536;
    b = calloc(1, sizeof *b + cap);
    if (!b) {
      return NULL;
    }
    b->size = cap;
    b->next = sc->arena;
    sc->arena = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  return p;
}

const char *sim_scenario_keep(sim_scenario *sc, const char *text) {
  size_t len = strlen(text) + 1;
  char *copy = scenario_arena(sc, len);
  if (copy) {
    memcpy(copy, text, len);
  }
  return copy ? copy : ""; /* callers store it where models read it without a NULL test */
}

/* Text setting at `path`, or `fallback` when absent; reports non-text. */
static const char *top_text(sim_scenario *sc, const char *path, const char *fallback,
                            sim_diags *d) {
  const config_setting_t *s = config_lookup(&sc->merged, path);
  if (!s) {
    return fallback;
  }
  if (config_setting_type(s) != CONFIG_TYPE_STRING) {
    char got[256];
    sim_diag_at(d, path, scenario_got(s, got, sizeof got), "must be text in quotes");
    return fallback;
  }
  if (!scenario_utf8(config_setting_get_string(s))) {
    sim_diag_at(d, path, NULL, "must be UTF-8 text");
    return fallback;
  }
  return sim_scenario_keep(sc, config_setting_get_string(s));
}

/* True when name can be the folder plansim-out/NAME: not empty, "." or
 * "..", without '/', '\\' or control characters. */
static bool folder_name(const char *name) {
  if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    return false;
  }
  for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
    if (*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\') {
      return false;
    }
  }
  return true;
}

static int top_year(sim_scenario *sc, const char *path, sim_diags *d) {
  const config_setting_t *s = config_lookup(&sc->merged, path);
  char got[256];
  if (!s) {
    sim_diag_at(d, path, NULL, "missing: a year is required");
    return 0;
  }
  int t = config_setting_type(s);
  if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
    sim_diag_at(d, path, scenario_got_real(s, got, sizeof got), "must be a whole year");
    return 0;
  }
  long long year = config_setting_get_int64(s);
  if (year < 1900 || year > 2200) {
    sim_diag_at(d, path, scenario_got(s, got, sizeof got), "must be a year in 1900..2200");
    return 0;
  }
  return (int)year;
}

/* Scenario name from the file: its base name without ".cfg". */
static const char *name_from_file(sim_scenario *sc, const char *file) {
  const char *slash = strrchr(file, '/');
  char name[256];
  snprintf(name, sizeof name, "%s", slash ? slash + 1 : file);
  char *dot = strstr(name, ".cfg");
  if (dot) {
    *dot = '\0';
  }
  return sim_scenario_keep(sc, name);
}

static void load_header(sim_scenario *sc, sim_diags *d) {
  sc->name = top_text(sc, "name", name_from_file(sc, sc->layer[0].file), d);
  if (!folder_name(sc->name)) {
    char got[256];
    snprintf(got, sizeof got, "\"%s\"", sc->name);
    sim_diag_at(d, "name", got,
                "must be usable as a folder name (plansim-out/NAME): not empty, . or .., "
                "without / or \\");
  }
  sc->title = top_text(sc, "title", sc->name, d);
  sc->title_zh = top_text(sc, "title_zh", "", d);
  const config_setting_t *time = config_lookup(&sc->merged, "time");
  if (time && !config_setting_is_group(time)) {
    char got[256];
    sim_diag_at(d, "time", scenario_got(time, got, sizeof got),
                "must be a group { start = YEAR; end = YEAR; }");
    return;
  }
  sc->start = top_year(sc, "time.start", d);
  sc->end = top_year(sc, "time.end", d);
  if (sc->start && sc->end && (sc->end <= sc->start || sc->end - sc->start >= SIM_MAX_YEARS)) {
    char got[64];
    snprintf(got, sizeof got, "%d..%d", sc->start, sc->end);
    sim_diag_at(d, "time.end", got, "must be after time.start, by at most %d years",
                SIM_MAX_YEARS - 1);
    sc->start = sc->end = 0;
  }
}

void scenario_check_keys(sim_scenario *sc, sim_diags *d) {
  static const char *const known[] = {"name",    "title",       "title_zh", "description",
                                      "time",    "targets",     "uncertainty", NULL};
  const config_setting_t *root = config_root_setting(&sc->merged);
  char got[256];
  for (int i = 0; i < config_setting_length(root); i++) {
    const config_setting_t *m = config_setting_get_elem(root, (unsigned)i);
    const char *name = config_setting_name(m);
    bool ok = sim_model_find(name) != NULL;
    for (int k = 0; known[k] && !ok; k++) {
      ok = strcmp(known[k], name) == 0;
    }
    if (!ok) {
      sim_diag_at(d, name, scenario_got(m, got, sizeof got),
                  "unknown setting (expected name, title, title_zh, time, a model, "
                  "targets or uncertainty)");
    }
  }
  const config_setting_t *time = config_lookup(&sc->merged, "time");
  for (int i = 0; time && i < config_setting_length(time); i++) {
    const config_setting_t *m = config_setting_get_elem(time, (unsigned)i);
    const char *name = config_setting_name(m);
    if (name && strcmp(name, "start") && strcmp(name, "end")) {
      char path[128];
      snprintf(path, sizeof path, "time.%s", name);
      sim_diag_at(d, path, scenario_got(m, got, sizeof got),
                  "unknown setting (expected start or end)");
    }
  }
}

static sim_status alloc_params(sim_scenario *sc) {
  for (int m = 0; m < sim_nmodels; m++) {
    sc->params[m] = scenario_arena(sc, sim_models[m]->params_size);
    if (!sc->params[m]) {
      return SIM_ERR_NOMEM;
    }
  }
  return SIM_OK;
}

sim_status sim_scenario_read(sim_source src, const char *const *sets, int nsets,
                             sim_diags *d, sim_scenario **out) {
  *out = NULL;
  sim_scenario *sc = calloc(1, sizeof *sc);
  if (!sc) {
    return SIM_ERR_NOMEM;
  }
  config_init(&sc->merged);
  /* AUTOCONVERT: libconfig's lookups then take `from = 1;` as a real */
  config_set_options(&sc->merged, CONFIG_OPTION_AUTOCONVERT);
  sim_diags_set_locator(d, scenario_locate, sc);
  sim_status set_status, st = scenario_read(sc, src, sets, nsets, d, &set_status);
  if (st == SIM_OK) {
    st = alloc_params(sc);
  }
  if (st == SIM_OK) { /* checked even after a bad --set: every problem at once */
    int before = sim_diags_count(d);
    load_header(sc, d);
    scenario_check_keys(sc, d);
    if (sc->start && sc->end) {
      scenario_load_params(sc, d);
    }
    st = set_status != SIM_OK              ? set_status
         : sim_diags_count(d) > before ? SIM_ERR_INVALID
                                       : SIM_OK;
    *out = sc; /* with its problems: load.c adds the cross-checks' */
    return st;
  }
  sim_diags_set_locator(d, NULL, NULL);
  sim_scenario_free(sc);
  return st;
}

void sim_scenario_free(sim_scenario *sc) {
  if (!sc) {
    return;
  }
  config_destroy(&sc->merged);
  for (int i = 0; i < sc->nlayers; i++) {
    if (!sc->layer[i].borrowed) {
      config_destroy(&sc->layer[i].cfg);
    }
    free(sc->layer[i].file);
    free(sc->layer[i].text);
  }
  for (int i = 0; i < sc->nsets; i++) {
    free(sc->sets[i]);
  }
  while (sc->arena) {
    arena_block *next = sc->arena->next;
    free(sc->arena);
    sc->arena = next;
  }
  free(sc);
}

const char *sim_scenario_name(const sim_scenario *sc) {
  return sc->name;
}
const char *sim_scenario_title(const sim_scenario *sc) {
  return sc->title;
}
const char *sim_scenario_title_zh(const sim_scenario *sc) {
  return sc->title_zh;
}
int sim_scenario_start(const sim_scenario *sc) {
  return sc->start;
}
int sim_scenario_end(const sim_scenario *sc) {
  return sc->end;
}
const void *const *sim_scenario_params(const sim_scenario *sc) {
  return (const void *const *)sc->params;
}
const config_setting_t *sim_scenario_setting(const sim_scenario *sc, const char *path) {
  return config_lookup(&sc->merged, path);
}
int sim_scenario_file_count(const sim_scenario *sc) {
  return sc->nlayers;
}
const char *sim_scenario_file(const sim_scenario *sc, int i) {
  return sc->layer[i].file;
}
const char *sim_scenario_file_sha256(const sim_scenario *sc, int i) {
  return sc->layer[i].sha256;
}
int sim_scenario_set_count(const sim_scenario *sc) {
  return sc->nsets;
}
const char *sim_scenario_set(const sim_scenario *sc, int i) {
  return sc->sets[i];
}

/* Start of a '#' or '//' comment on the line, outside quotes, or NULL.
 * Quotes matter: a label may hold '#' ("No. #3") or a URL's "//".  These
 * comments carry a setting's source or "assumption", which the scorecard
 * lists. */
static const char *comment_start(const char *line, const char *end) {
  bool quoted = false;
  for (const char *p = line; p < end; p++) {
    if (*p == '"' && (p == line || p[-1] != '\\')) {
      quoted = !quoted;
    } else if (!quoted && (*p == '#' || (*p == '/' && p + 1 < end && p[1] == '/'))) {
      return p + (*p == '#' ? 1 : 2);
    }
  }
  return NULL;
}

const char *sim_scenario_comment(const sim_scenario *sc, const char *path) {
  const config_setting_t *s = config_lookup(&sc->merged, path);
  if (!s) {
    return NULL;
  }
  sim_origin o = sim_scenario_origin(sc, s);
  for (int i = 0; i < sc->nlayers; i++) {
    if (strcmp(sc->layer[i].file, o.file) != 0 || o.line < 1) {
      continue;
    }
    const char *line = sc->layer[i].text;
    for (int k = 1; k < o.line && line; k++) {
      line = strchr(line, '\n');
      line = line ? line + 1 : NULL;
    }
    if (!line) {
      return NULL;
    }
    const char *end = strchr(line, '\n');
    end = end ? end : line + strlen(line);
    const char *c = comment_start(line, end);
    if (!c) {
      return NULL;
    }
    while (c < end && (*c == ' ' || *c == '\t')) {
      c++;
    }
    while (end > c && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
      end--;
    }
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)(end - c), c);
    return sim_scenario_keep((sim_scenario *)sc, buf);
  }
  return NULL;
}

/* Writes a setting's value compactly into buf: numbers, "text", [a, b],
 * { k = v; }, ( ... ). */
static size_t render(const config_setting_t *s, char *buf, size_t size) {
  size_t used = 0;
  int type = config_setting_type(s), n = config_setting_length(s);
  if (type != CONFIG_TYPE_GROUP && type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
    scenario_got(s, buf, size);
    return strlen(buf);
  }
  const char *open = type == CONFIG_TYPE_GROUP ? "{ " : type == CONFIG_TYPE_ARRAY ? "[" : "( ";
  const char *close = type == CONFIG_TYPE_GROUP ? "}" : type == CONFIG_TYPE_ARRAY ? "]" : " )";
  used += (size_t)snprintf(buf, size, "%s", open);
  for (int i = 0; i < n && used < size; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    if (type == CONFIG_TYPE_GROUP) {
      used += (size_t)snprintf(buf + used, size - used, "%s = ", config_setting_name(e));
    } else if (i) {
      used += (size_t)snprintf(buf + used, size - used, ", ");
    }
    if (used < size) {
      used += render(e, buf + used, size - used);
    }
    if (type == CONFIG_TYPE_GROUP && used < size) {
      used += (size_t)snprintf(buf + used, size - used, "; ");
    }
  }
  if (used < size) {
    used += (size_t)snprintf(buf + used, size - used, "%s", close);
  }
  return used;
}

/* Visits s and the settings below it; a setting whose comment shares the
 * line of the setting that was just reported is not reported again. */
static void visit_notes(const sim_scenario *sc, const config_setting_t *s, const char *path,
                        int skip_line, sim_note_fn fn, void *ctx) {
  int line = sim_scenario_origin(sc, s).line;
  const char *note = *path ? sim_scenario_comment(sc, path) : NULL;
  if (note && line != skip_line) {
    char value[512];
    render(s, value, sizeof value);
    fn(ctx, path, value, note);
    skip_line = line;
  }
  for (int i = 0; config_setting_is_aggregate(s) && i < config_setting_length(s); i++) {
    char sub[512];
    visit_notes(sc, config_setting_get_elem(s, (unsigned)i),
                sim_setting_child_path(s, i, path, sub, sizeof sub), skip_line, fn, ctx);
  }
}

const char *sim_setting_child_path(const config_setting_t *parent, int i, const char *path,
                                   char *buf, size_t size) {
  if (config_setting_is_group(parent)) {
    const config_setting_t *e = config_setting_get_elem(parent, (unsigned)i);
    snprintf(buf, size, "%s%s%s", path, *path ? "." : "", config_setting_name(e));
  } else {
    snprintf(buf, size, "%s.[%d]", path, i);
  }
  return buf;
}

void sim_scenario_notes(const sim_scenario *sc, sim_note_fn fn, void *ctx) {
  visit_notes(sc, config_root_setting(&sc->merged), "", -1, fn, ctx);
}
