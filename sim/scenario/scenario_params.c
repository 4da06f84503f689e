/* scenario_params.c — the generic, table-driven parameter loader: reads
 * each row of every model's parameter table from the merged scenario,
 * checks type, range and shape, and stores the value in the model's
 * parameter struct.  Every problem is reported; loading goes on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"
#include "scenario/scenario_impl.h"

/* A value that fails its check is reported and left as it was; loading
 * goes on, so that one `plansim check` lists every problem of a scenario
 * rather than the first. */
typedef struct {
  sim_scenario *sc;
  sim_diags *d;
} loader;

static void load_param(loader *L, const sim_param *p, const config_setting_t *group,
                       const char *prefix, void *base);

const char *scenario_got(const config_setting_t *s, char *buf, size_t size) {
  switch (config_setting_type(s)) {
  case CONFIG_TYPE_INT:
  case CONFIG_TYPE_INT64:
    snprintf(buf, size, "%lld", config_setting_get_int64(s));
    break;
  case CONFIG_TYPE_FLOAT:
    snprintf(buf, size, "%.15g", config_setting_get_float(s));
    break;
  case CONFIG_TYPE_BOOL:
    snprintf(buf, size, "%s", config_setting_get_bool(s) ? "true" : "false");
    break;
  case CONFIG_TYPE_STRING:
    snprintf(buf, size, "\"%s\"", config_setting_get_string(s));
    break;
  case CONFIG_TYPE_GROUP:
    snprintf(buf, size, "a group of %d settings", config_setting_length(s));
    break;
  case CONFIG_TYPE_ARRAY:
    snprintf(buf, size, "an array of %d values", config_setting_length(s));
    break;
  default:
    snprintf(buf, size, "a list of %d entries", config_setting_length(s));
  }
  return buf;
}

bool scenario_utf8(const char *text) {
  const unsigned char *c = (const unsigned char *)text;
  while (*c) {
    int more = *c < 0x80 ? 0 : *c >= 0xc2 && *c <= 0xdf ? 1 : (*c & 0xf0) == 0xe0 ? 2
               : *c >= 0xf0 && *c <= 0xf4                  ? 3
                                                           : -1;
    /* the second byte's range: no overlong form, surrogate or code above U+10FFFF */
    unsigned lo = *c == 0xe0 ? 0xa0 : *c == 0xf0 ? 0x90 : 0x80;
    unsigned hi = *c == 0xed ? 0x9f : *c == 0xf4 ? 0x8f : 0xbf;
    if (more < 0 || (more > 0 && (c[1] < lo || c[1] > hi))) {
      return false;
    }
    for (c++; more > 0; more--, c++) {
      if ((*c & 0xc0) != 0x80) {
        return false;
      }
    }
  }
  return true;
}

/* %.15g writes the real 3.0 as "3", which would make "must be a whole
 * number (got 3)" look absurd: the ".0" shows it was written as a real. */
const char *scenario_got_real(const config_setting_t *s, char *buf, size_t size) {
  scenario_got(s, buf, size);
  if (config_setting_type(s) == CONFIG_TYPE_FLOAT && !strpbrk(buf, ".eEn")) {
    snprintf(buf + strlen(buf), size - strlen(buf), ".0");
  }
  return buf;
}

/* A whole number where a real is asked for is taken as that real: a user
 * writes `gdp0 = 1000;` and libconfig reads an int. */
static bool is_number(const config_setting_t *s) {
  int t = config_setting_type(s);
  return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

/* "in [0, 1]", ">= 0", "<= 5" or "" for the bounds of p. */
static const char *range_text(const sim_param *p, char *buf, size_t size) {
  if (isfinite(p->lo) && isfinite(p->hi)) {
    snprintf(buf, size, "in [%g, %g]", p->lo, p->hi);
  } else if (isfinite(p->lo)) {
    snprintf(buf, size, ">= %g", p->lo);
  } else if (isfinite(p->hi)) {
    snprintf(buf, size, "<= %g", p->hi);
  } else {
    buf[0] = '\0';
  }
  return buf;
}

/* Reads a number and checks it against p's bounds; false if not usable. */
static bool get_number(loader *L, const sim_param *p, const config_setting_t *s,
                       const char *path, double *out) {
  char got[256], range[64];
  if (!is_number(s)) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be a number");
    return false;
  }
  *out = config_setting_get_float(s);
  if (!isfinite(*out)) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be a finite number");
    return false;
  }
  if (*out < p->lo || *out > p->hi) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "out of range: must be %s",
                range_text(p, range, sizeof range));
    return false;
  }
  return true;
}

/* MODEL.md section 1: number, [v0..vn], { from; to; } or { base; rate; }. */
static void load_path(loader *L, const sim_param *p, const config_setting_t *s,
                      const char *path, sim_path *out) {
  int n = L->sc->end - L->sc->start, type = config_setting_type(s);
  char got[256];
  if (is_number(s)) {
    double x = config_setting_get_float(s);
    for (int t = 0; t <= n; t++) {
      out->v[t] = x;
    }
  } else if (type == CONFIG_TYPE_ARRAY) {
    int len = config_setting_length(s);
    if (len != n + 1) {
      sim_diag_at(L->d, path, scenario_got(s, got, sizeof got),
                  "path needs %d values, one per year %d..%d", n + 1, L->sc->start,
                  L->sc->end);
      return;
    }
    for (int t = 0; t <= n; t++) {
      const config_setting_t *e = config_setting_get_elem(s, (unsigned)t);
      if (!is_number(e)) {
        sim_diag_at(L->d, path, scenario_got(e, got, sizeof got), "path values must be numbers");
        return;
      }
      out->v[t] = config_setting_get_float(e);
    }
  } else {
    double a, b;
    int len = type == CONFIG_TYPE_GROUP ? config_setting_length(s) : -1;
    bool linear = len == 2 && config_setting_lookup_float(s, "from", &a) &&
                  config_setting_lookup_float(s, "to", &b);
    bool geometric = len == 2 && config_setting_lookup_float(s, "base", &a) &&
                     config_setting_lookup_float(s, "rate", &b);
    if (!linear && !geometric) {
      sim_diag_at(L->d, path, scenario_got(s, got, sizeof got),
                  "a path is a number, an array of one number per year, "
                  "{ from; to; } or { base; rate; }");
      return;
    }
    if (!isfinite(a) || !isfinite(b)) {
      snprintf(got, sizeof got, "%.15g", isfinite(a) ? b : a);
      sim_diag_at(L->d, path, got, "%s must be finite numbers",
                  linear ? "from and to" : "base and rate");
      return;
    }
    for (int t = 0; t <= n; t++) {
      out->v[t] = linear ? a + (b - a) * t / n : a * pow(1 + b, t);
    }
  }
  /* Checked after expanding, year by year: { base; rate; } and
   * { from; to; } can leave the range (or overflow) only in a later year,
   * and the message names that year. */
  for (int t = 0; t <= n; t++) {
    if (!isfinite(out->v[t]) || !(out->v[t] >= p->lo && out->v[t] <= p->hi)) {
      char what[64], range[64];
      snprintf(got, sizeof got, "%.15g", out->v[t]);
      snprintf(what, sizeof what, "value in year %d", L->sc->start + t);
      if (!isfinite(out->v[t])) {
        sim_diag_at(L->d, path, got, "%s is not a finite number", what);
      } else {
        sim_diag_at(L->d, path, got, "%s out of range: must be %s", what,
                    range_text(p, range, sizeof range));
      }
      return;
    }
  }
}

/* SIM_REALS: exactly `count` numbers, or with a negative count 1 to
 * -count numbers whose number goes to the int at item_offset. */
static void load_reals(loader *L, const sim_param *p, const config_setting_t *s,
                       const char *path, double *out, void *base) {
  char got[256];
  int len = config_setting_length(s), most = p->count < 0 ? -p->count : p->count;
  bool fits = p->count < 0 ? len >= 1 && len <= most : len == most;
  if (config_setting_type(s) != CONFIG_TYPE_ARRAY || !fits) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be an array of %s%d numbers",
                p->count < 0 ? "1 to " : "", most);
    return;
  }
  double sum = 0;
  for (int i = 0; i < len; i++) {
    if (!get_number(L, p, config_setting_get_elem(s, (unsigned)i), path, &out[i])) {
      return;
    }
    sum += out[i];
  }
  if (p->count < 0) {
    *(int *)((char *)base + p->item_offset) = len;
  }
  if ((p->flags & SIM_SUM_TO_ONE) && fabs(sum - 1) > 1e-6) {
    snprintf(got, sizeof got, "sum %.15g", sum);
    sim_diag_at(L->d, path, got, "shares must sum to 1 within 1e-6");
  }
}

/* Index of word w in a NULL-terminated list, or -1. */
static int word_index(const char *const *words, const char *w) {
  for (int i = 0; words[i]; i++) {
    if (strcmp(words[i], w) == 0) {
      return i;
    }
  }
  return -1;
}

static const char *word_list(const char *const *words, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; words[i] && used < size; i++) {
    used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", words[i]);
  }
  return buf;
}

static int load_word(loader *L, const sim_param *p, const config_setting_t *s,
                     const char *path) {
  char got[256], words[256];
  int i = -1;
  if (config_setting_type(s) == CONFIG_TYPE_STRING) {
    i = word_index(p->choices, config_setting_get_string(s));
  }
  if (i < 0) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be one of %s",
                word_list(p->choices, words, sizeof words));
  }
  return i;
}

static void load_words(loader *L, const sim_param *p, const config_setting_t *s,
                       const char *path, sim_choices *out) {
  char got[256];
  int len = config_setting_length(s), nwords = 0;
  while (p->choices[nwords]) {
    nwords++;
  }
  if (config_setting_type(s) != CONFIG_TYPE_ARRAY || len > nwords) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got),
                "must be an array of at most %d words in quotes", nwords);
    return;
  }
  bool seen[SIM_MAX_CHOICES] = {false};
  out->n = 0;
  for (int i = 0; i < len; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    int w = load_word(L, p, e, path);
    if (w >= 0 && seen[w]) {
      sim_diag_at(L->d, path, scenario_got(e, got, sizeof got), "listed twice");
    } else if (w >= 0) {
      seen[w] = true;
      out->item[out->n++] = w;
    }
  }
  char missing[256] = "";
  size_t used = 0;
  for (int w = 0; (p->flags & SIM_ALL_CHOICES) && w < nwords; w++) {
    if (!seen[w] && used < sizeof missing) {
      used += (size_t)snprintf(missing + used, sizeof missing - used, "%s\"%s\"",
                               used ? ", " : "", p->choices[w]);
    }
  }
  if (used) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got),
                "must list every word exactly once; missing %s", missing);
  }
}

/* The first component of a dotted path, in buf. */
static const char *path_head(const char *path, char *buf, size_t size) {
  snprintf(buf, size, "%.*s", (int)strcspn(path, "."), path);
  return buf;
}

/* The keys of `table` under `prefix`, as "a, b or c", in buf. */
static const char *key_list(const sim_param *table, int n, const char *prefix, char *buf,
                            size_t size) {
  size_t at = 0, len = strlen(prefix);
  int listed = 0;
  buf[0] = '\0';
  for (int j = 0; j < n; j++) {
    if (strncmp(table[j].key, prefix, len) == 0 && at < size) {
      listed++;
      int last = 1;
      for (int k = j + 1; k < n; k++) {
        last &= strncmp(table[k].key, prefix, len) != 0;
      }
      at += (size_t)snprintf(buf + at, size - at, "%s%s", listed == 1 ? "" : last ? " or " : ", ",
                             table[j].key + len);
    }
  }
  return buf;
}

/* Reports the members of `group` that no row of `table` knows.  `keyprefix`
 * is the key of `group` inside the table ("" for the table's own group). */
static void check_keys(loader *L, const config_setting_t *group, const sim_param *table,
                       int n, const char *keyprefix, const char *path) {
  char key[256], full[256], got[256], known[512];
  for (int i = 0; i < config_setting_length(group); i++) {
    const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
    snprintf(key, sizeof key, "%s%s", keyprefix, config_setting_name(m));
    snprintf(full, sizeof full, "%s.%s", path, config_setting_name(m));
    bool exact = false, inner = false;
    size_t len = strlen(key);
    for (int j = 0; j < n; j++) {
      exact |= strcmp(table[j].key, key) == 0;
      inner |= strncmp(table[j].key, key, len) == 0 && table[j].key[len] == '.';
    }
    if (exact) {
      continue;
    }
    if (inner && config_setting_is_group(m)) {
      snprintf(key + len, sizeof key - len, ".");
      check_keys(L, m, table, n, key, full);
    } else if (inner) {
      sim_diag_at(L->d, full, scenario_got(m, got, sizeof got), "must be a group { ... }");
    } else if (sim_model_find(path_head(path, known, sizeof known))) {
      /* a model's group has too many keys to list in a message */
      sim_diag_at(L->d, full, scenario_got(m, got, sizeof got),
                  "unknown setting (plansim describe lists them)");
    } else {
      sim_diag_at(L->d, full, scenario_got(m, got, sizeof got), "unknown setting (expected %s)",
                  key_list(table, n, keyprefix, known, sizeof known));
    }
  }
}

static void load_list(loader *L, const sim_param *p, const config_setting_t *s,
                      const char *path, void *out) {
  char got[256], entry[256];
  int len = config_setting_length(s), most = p->count > 0 ? p->count : SIM_MAX_LIST;
  if (!config_setting_is_list(s) || len > most) {
    sim_diag_at(L->d, path, scenario_got(s, got, sizeof got),
                "must be a list ( { ... }, ... ) of at most %d entries", most);
    return;
  }
  *(int *)out = len;
  for (int i = 0; i < len; i++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
    snprintf(entry, sizeof entry, "%s.[%d]", path, i);
    if (!config_setting_is_group(e)) {
      sim_diag_at(L->d, entry, scenario_got(e, got, sizeof got), "entry must be a group { ... }");
      continue;
    }
    void *item = (char *)out + p->item_offset + (size_t)i * p->item_size;
    for (int f = 0; f < p->nfields; f++) {
      load_param(L, &p->fields[f], e, entry, item);
    }
    check_keys(L, e, p->fields, p->nfields, "", entry);
  }
}

static void load_value(loader *L, const sim_param *p, const config_setting_t *s,
                       const char *path, void *dst, void *base) {
  char got[256];
  switch (p->kind) {
  case SIM_REAL:
    get_number(L, p, s, path, dst);
    break;
  case SIM_INT: {
    double x;
    if (config_setting_type(s) == CONFIG_TYPE_FLOAT) {
      sim_diag_at(L->d, path, scenario_got_real(s, got, sizeof got), "must be a whole number");
    } else if (get_number(L, p, s, path, &x)) {
      *(int *)dst = (int)x;
    }
    break;
  }
  case SIM_BOOL:
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
      sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be true or false");
    } else {
      *(bool *)dst = config_setting_get_bool(s);
    }
    break;
  case SIM_TEXT:
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
      sim_diag_at(L->d, path, scenario_got(s, got, sizeof got), "must be text in quotes");
    } else if (!scenario_utf8(config_setting_get_string(s))) {
      sim_diag_at(L->d, path, NULL, "must be UTF-8 text");
    } else {
      *(const char **)dst = sim_scenario_keep(L->sc, config_setting_get_string(s));
    }
    break;
  case SIM_CHOICE: {
    int w = load_word(L, p, s, path);
    /* 0 after a bad word keeps the index valid for finish() and the other
     * checks; the scenario is refused anyway */
    *(int *)dst = w < 0 ? 0 : w;
    break;
  }
  case SIM_PATH:
    load_path(L, p, s, path, dst);
    break;
  case SIM_REALS:
    load_reals(L, p, s, path, dst, base);
    break;
  case SIM_CHOICES:
    load_words(L, p, s, path, dst);
    break;
  case SIM_LIST:
    load_list(L, p, s, path, dst);
    break;
  }
}

/* Marks an optional setting without default as absent: NaN or NULL. */
static void set_absent(const sim_param *p, void *dst) {
  if (p->kind == SIM_REAL) {
    *(double *)dst = NAN;
  } else if (p->kind == SIM_PATH) {
    ((sim_path *)dst)->v[0] = NAN; /* the mark models test (a path is never NaN) */
  } else if (p->kind == SIM_REALS) {
    for (int i = 0; i < (p->count < 0 ? -p->count : p->count); i++) {
      ((double *)dst)[i] = NAN;
    }
  } else if (p->kind == SIM_TEXT) {
    *(const char **)dst = NULL;
  }
}

/* Loads the row's default, written in scenario syntax in the table.  It
 * goes through libconfig and load_value as a user's value does (with the
 * reader's AUTOCONVERT), so a default is parsed and checked exactly like
 * one: a table whose default breaks its own bounds is caught here. */
static void load_fallback(loader *L, const sim_param *p, const char *path, void *dst,
                          void *base) {
  config_t one;
  char text[512];
  config_init(&one);
  config_set_options(&one, CONFIG_OPTION_AUTOCONVERT);
  snprintf(text, sizeof text, "value = %s;", p->fallback);
  if (config_read_string(&one, text) == CONFIG_TRUE) {
    load_value(L, p, config_lookup(&one, "value"), path, dst, base);
  } else {
    sim_diag_at(L->d, path, p->fallback, "built-in default does not parse (a bug)");
  }
  config_destroy(&one);
}

static const char *expected(const sim_param *p) {
  static const char *const what[] = {
      [SIM_REAL] = "a number",       [SIM_INT] = "a whole number",
      [SIM_BOOL] = "true or false",  [SIM_TEXT] = "text in quotes",
      [SIM_CHOICE] = "a word",       [SIM_PATH] = "a path (number, array, {from;to;} or {base;rate;})",
      [SIM_REALS] = "an array",      [SIM_CHOICES] = "an array of words",
      [SIM_LIST] = "a list"};
  return what[p->kind];
}

static void load_param(loader *L, const sim_param *p, const config_setting_t *group,
                       const char *prefix, void *base) {
  char path[256];
  snprintf(path, sizeof path, "%s%s%s", prefix, *p->key ? "." : "", p->key);
  const config_setting_t *s = NULL;
  if (group) {
    s = *p->key ? config_setting_lookup((config_setting_t *)group, p->key) : group;
  }
  void *dst = (char *)base + p->offset;
  if (s) {
    load_value(L, p, s, path, dst, base);
  } else if (p->fallback) {
    load_fallback(L, p, path, dst, base);
  } else if (p->flags & SIM_OPTIONAL) {
    set_absent(p, dst);
  } else {
    sim_diag_at(L->d, path, NULL, "missing: %s%s%s is required", expected(p),
                *p->unit ? " in " : "", p->unit);
  }
}

/* The setting of model m: a group, or for a model whose only row has the
 * empty key, a list.  Reports a setting of the wrong shape (and then false:
 * its parameters are not read, to spare consequential messages). */
static bool model_setting(loader *L, const sim_model_type *mt,
                          const config_setting_t **s) {
  *s = config_lookup(&L->sc->merged, mt->name);
  /* indicators: the model's own setting is the list `indicators = (...)` */
  bool listy = mt->nparams == 1 && !*mt->params[0].key;
  if (*s && !listy && !config_setting_is_group(*s)) {
    char got[256];
    sim_diag_at(L->d, mt->name, scenario_got(*s, got, sizeof got), "must be a group { ... }");
    return false;
  }
  return true;
}

void scenario_load_params(sim_scenario *sc, sim_diags *d) {
  loader L = {sc, d};
  for (int m = 0; m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    const config_setting_t *group;
    if (!model_setting(&L, mt, &group)) {
      continue;
    }
    for (int i = 0; i < mt->nparams; i++) {
      load_param(&L, &mt->params[i], group, mt->name, sc->params[m]);
    }
    if (group && config_setting_is_group(group)) {
      check_keys(&L, group, mt->params, mt->nparams, "", mt->name);
    }
    if (mt->finish) {
      mt->finish(sc->params[m], d);
    }
  }
}

const sim_param *scenario_find_path(const char *path, int *model) {
  const char *dot = strchr(path, '.');
  if (!dot) {
    return NULL;
  }
  for (int m = 0; m < sim_nmodels; m++) {
    const sim_model_type *mt = sim_models[m];
    if (strncmp(mt->name, path, (size_t)(dot - path)) || mt->name[dot - path]) {
      continue;
    }
    for (int i = 0; i < mt->nparams; i++) {
      if (mt->params[i].kind == SIM_PATH && strcmp(mt->params[i].key, dot + 1) == 0) {
        if (model) {
          *model = m;
        }
        return &mt->params[i];
      }
    }
  }
  return NULL;
}

void sim_scenario_load_list(sim_scenario *sc, const sim_param *row, const char *path,
                            void *dst, sim_diags *d) {
  loader L = {sc, d};
  load_param(&L, row, config_lookup(&sc->merged, path), path, dst);
}

void sim_scenario_load_group(sim_scenario *sc, const sim_param *table, int n,
                             const char *path, void *dst, sim_diags *d) {
  loader L = {sc, d};
  const config_setting_t *group = config_lookup(&sc->merged, path);
  if (group && !config_setting_is_group(group)) {
    char got[256];
    sim_diag_at(d, path, scenario_got(group, got, sizeof got), "must be a group { ... }");
    return;
  }
  for (int i = 0; i < n; i++) {
    load_param(&L, &table[i], group, path, dst);
  }
  if (group) {
    check_keys(&L, group, table, n, "", path);
  }
}
