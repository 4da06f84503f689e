/* scenario_read.c — reading scenario files: libconfig parsing, `base`
 * inheritance (groups merge key by key, every other value and every path
 * replaces the inherited one whole), --set overrides, and where each
 * merged setting was written. */
#include <errno.h>
#include <stdbool.h>
#include <libgen.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "scenario_impl.h"

/* Reads a whole file; NULL with errno set on failure. */
static char *slurp(const char *file) {
  FILE *f = fopen(file, "rb");
  if (!f) {
    return NULL;
  }
  size_t size = 0, cap = 4096;
  char *buf = malloc(cap);
  while (buf) {
    size += fread(buf + size, 1, cap - size - 1, f);
    if (size < cap - 1) {
      break;
    }
    char *grown = realloc(buf, cap *= 2);
    if (!grown) {
      free(buf);
      buf = NULL;
    }
    buf = grown;
  }
  int failed = ferror(f);
  fclose(f);
  if (buf && failed) {
    free(buf);
    errno = EIO;
    return NULL;
  }
  if (buf) {
    buf[size] = '\0';
  }
  return buf;
}

static void sha256_hex(const char *text, char *hex) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, strlen(text), (const uint8_t *)text);
  sha256_digest(&ctx, sizeof digest, digest);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
    snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  }
}

/* Parses one layer from its text; a syntax error is reported with
 * libconfig's line. */
static sim_status parse_layer(scenario_layer *l, sim_diags *d) {
  config_init(&l->cfg);
  config_set_options(&l->cfg, CONFIG_OPTION_AUTOCONVERT);
  if (config_read_string(&l->cfg, l->text) == CONFIG_TRUE) {
    return SIM_OK;
  }
  sim_origin where = {l->file, config_error_line(&l->cfg)};
  sim_diag_where(d, where, NULL, NULL, "syntax error: %s", config_error_text(&l->cfg));
  return SIM_ERR_SYNTAX;
}

/* The path of `base` relative to the folder of `child`; malloc'd. */
static char *relative_to(const char *child, const char *base) {
  if (base[0] == '/') {
    return strdup(base);
  }
  char *copy = strdup(child);
  if (!copy) {
    return NULL;
  }
  const char *dir = dirname(copy);
  size_t len = strlen(dir) + strlen(base) + 2;
  char *path = malloc(len);
  if (path) {
    snprintf(path, len, "%s/%s", dir, base);
  }
  free(copy);
  return path;
}

/* Reads the file (or built-in text) of layer i. */
static sim_status read_layer(sim_scenario *sc, sim_source src, sim_origin from,
                             sim_diags *d) {
  scenario_layer *l = &sc->layer[sc->nlayers];
  l->file = strdup(src.file);
  l->text = src.text ? strdup(src.text) : slurp(src.file);
  if (!l->file || !l->text) {
    const char *why = strerror(errno);
    if (from.file) {
      sim_diag_where(d, from, "base", src.file, "cannot read the base scenario: %s", why);
    } else {
      sim_diag_where(d, (sim_origin){src.file, 0}, NULL, NULL, "cannot read: %s", why);
    }
    free(l->file);
    free(l->text);
    return SIM_ERR_IO;
  }
  sha256_hex(l->text, l->sha256);
  sc->nlayers++;
  return parse_layer(l, d);
}

/* Reads the scenario and its chain of bases, innermost first. */
static sim_status read_chain(sim_scenario *sc, sim_source src, sim_diags *d) {
  sim_origin from = {NULL, 0};
  char *next = NULL, got[256];
  for (;;) {
    sim_status st = read_layer(sc, src, from, d);
    free(next);
    next = NULL;
    if (st != SIM_OK) {
      return st;
    }
    scenario_layer *l = &sc->layer[sc->nlayers - 1];
    const config_setting_t *base = config_lookup(&l->cfg, "base");
    if (!base) {
      return SIM_OK;
    }
    from = (sim_origin){l->file, config_setting_source_line(base)};
    if (config_setting_type(base) != CONFIG_TYPE_STRING) {
      sim_diag_where(d, from, "base", scenario_got(base, got, sizeof got),
                     "must be a file name in quotes");
      return SIM_ERR_INVALID;
    }
    if (sc->nlayers == SCENARIO_MAX_FILES) {
      sim_diag_where(d, from, "base", NULL,
                     "more than %d generations of base scenarios (a cycle?)",
                     SCENARIO_MAX_FILES - 1);
      return SIM_ERR_INVALID;
    }
    next = relative_to(l->file, config_setting_get_string(base));
    if (!next) {
      return SIM_ERR_NOMEM;
    }
    src = (sim_source){next, NULL};
  }
}

/* Records where a merged setting came from, through libconfig's hook. */
static void set_origin(sim_scenario *sc, config_setting_t *dst, sim_origin where) {
  sim_origin *o = scenario_arena(sc, sizeof *o);
  if (o) {
    *o = where;
    config_setting_set_hook(dst, o);
  }
}

/* Copies src (and everything below it) as member `name` of parent.  The
 * copy's origin is the file of `at` and src's line, or `at` itself when it
 * has a line (--set values). */
static void copy_setting(sim_scenario *sc, config_setting_t *parent,
                         const config_setting_t *src, const char *name, sim_origin at) {
  int type = config_setting_type(src);
  config_setting_t *dst = config_setting_add(parent, name, type);
  if (!dst) {
    return;
  }
  sim_origin where = at;
  if (at.line == 0) {
    where.line = config_setting_source_line(src);
  }
  set_origin(sc, dst, where);
  switch (type) {
  case CONFIG_TYPE_INT:
    config_setting_set_int(dst, config_setting_get_int(src));
    break;
  case CONFIG_TYPE_INT64:
    config_setting_set_int64(dst, config_setting_get_int64(src));
    break;
  case CONFIG_TYPE_FLOAT:
    config_setting_set_float(dst, config_setting_get_float(src));
    break;
  case CONFIG_TYPE_BOOL:
    config_setting_set_bool(dst, config_setting_get_bool(src));
    break;
  case CONFIG_TYPE_STRING:
    config_setting_set_string(dst, config_setting_get_string(src));
    break;
  default: /* group, array, list */
    for (int i = 0; i < config_setting_length(src); i++) {
      const config_setting_t *e = config_setting_get_elem(src, (unsigned)i);
      copy_setting(sc, dst, e, type == CONFIG_TYPE_GROUP ? config_setting_name(e) : NULL,
                   at);
    }
  }
}

/* Merges group src over group dst: groups merge key by key, a path or any
 * other value replaces the inherited one whole. */
static void overlay(sim_scenario *sc, config_setting_t *dst, const config_setting_t *src,
                    const char *prefix, sim_origin at) {
  for (int i = 0; i < config_setting_length(src); i++) {
    const config_setting_t *m = config_setting_get_elem(src, (unsigned)i);
    const char *name = config_setting_name(m);
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", name);
    if (!*prefix && strcmp(name, "base") == 0) {
      continue;
    }
    config_setting_t *old = config_setting_get_member(dst, name);
    bool both_groups = old && config_setting_is_group(old) && config_setting_is_group(m);
    if (both_groups && !scenario_find_path(path, NULL)) {
      overlay(sc, old, m, path, at);
      continue;
    }
    if (old) {
      config_setting_remove(dst, name);
    }
    copy_setting(sc, dst, m, name, at);
  }
}

/* The group at a dotted path of groups, created where missing; NULL when
 * a component exists but is not a group. */
static config_setting_t *group_at(config_setting_t *root, char *path) {
  config_setting_t *g = root;
  for (char *name = strtok(path, "."); name && g; name = strtok(NULL, ".")) {
    config_setting_t *next = config_setting_get_member(g, name);
    if (!next) {
      next = config_setting_add(g, name, CONFIG_TYPE_GROUP);
    }
    g = next && config_setting_is_group(next) ? next : NULL;
  }
  return g;
}

/* Applies one --set PATH=VALUE: VALUE is read as a libconfig value and
 * replaces the setting at PATH whole. */
static sim_status apply_set(sim_scenario *sc, const char *set, int index, sim_diags *d) {
  sim_origin at = {"--set", index};
  const char *eq = strchr(set, '=');
  if (!eq || eq == set) {
    sim_diag_where(d, at, NULL, set, "--set takes PATH=VALUE");
    return SIM_ERR_USAGE;
  }
  char path[256], text[4096];
  snprintf(path, sizeof path, "%.*s", (int)(eq - set), set);
  snprintf(text, sizeof text, "value = %s;", eq + 1);
  config_t one;
  config_init(&one);
  config_set_options(&one, CONFIG_OPTION_AUTOCONVERT);
  sim_status st = SIM_OK;
  if (config_read_string(&one, text) != CONFIG_TRUE) {
    sim_diag_where(d, at, path, eq + 1, "not a valid value: %s", config_error_text(&one));
    st = SIM_ERR_SYNTAX;
  } else {
    char *dot = strrchr(path, '.');
    const char *leaf = dot ? dot + 1 : path;
    if (dot) {
      *dot = '\0';
    }
    config_setting_t *parent = dot ? group_at(config_root_setting(&sc->merged), path)
                                   : config_root_setting(&sc->merged);
    if (!parent || !*leaf) {
      sim_diag_where(d, at, NULL, set, "PATH must name a setting inside groups");
      st = SIM_ERR_INVALID;
    } else {
      config_setting_remove(parent, leaf);
      copy_setting(sc, parent, config_lookup(&one, "value"), leaf, at);
    }
  }
  config_destroy(&one);
  return st;
}

sim_status scenario_read(sim_scenario *sc, sim_source src, const char *const *sets,
                         int nsets, sim_diags *d) {
  sim_status st = read_chain(sc, src, d);
  if (st != SIM_OK) {
    return st;
  }
  for (int i = sc->nlayers - 1; i >= 0; i--) {
    const config_setting_t *root = config_root_setting(&sc->layer[i].cfg);
    overlay(sc, config_root_setting(&sc->merged), root, "",
            (sim_origin){sc->layer[i].file, 0});
  }
  for (int i = 0; i < nsets && st == SIM_OK; i++) {
    if (nsets > SCENARIO_MAX_SETS || !(sc->sets[i] = strdup(sets[i]))) {
      return SIM_ERR_NOMEM;
    }
    sc->nsets++;
    st = apply_set(sc, sets[i], i + 1, d);
  }
  return st;
}

int scenario_locate(const void *ctx, const char *path, sim_origin *where) {
  const sim_scenario *sc = ctx;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  for (;;) {
    const config_setting_t *s = config_lookup(&sc->merged, buf);
    if (s) {
      *where = sim_scenario_origin(sc, s);
      return 1;
    }
    char *dot = strrchr(buf, '.');
    if (!dot) {
      *where = (sim_origin){sc->layer[0].file, 0};
      return 0;
    }
    *dot = '\0';
  }
}

sim_origin sim_scenario_origin(const sim_scenario *sc, const config_setting_t *s) {
  const sim_origin *o = config_setting_get_hook(s);
  if (o) {
    return *o;
  }
  return (sim_origin){sc->layer[0].file, config_setting_source_line(s)};
}
