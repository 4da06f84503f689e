/* scenario_read.c — reading scenario files: a pre-scan for what libconfig
 * would miss (NUL bytes, @include, whole numbers beyond 32 bits), libconfig
 * parsing, `base` inheritance (groups merge key by key, every other value
 * and every path replaces the inherited one whole), --set overrides (the
 * same way), and where each merged setting was written. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <libgen.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/registry.h"
#include "scenario/scenario_impl.h"

/* Reads a whole regular file of at most SCENARIO_MAX_BYTES into *size bytes
 * (and a NUL after them); NULL with *why set on failure.  Opened without
 * blocking and checked before reading: a FIFO would wait for a writer for
 * ever, a device such as /dev/zero would fill memory. */
static char *slurp(const char *file, size_t *size, const char **why) {
  int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  char *buf = NULL;
  *why = NULL;
  if (fd < 0 || fstat(fd, &st) != 0) {
    *why = strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    *why = strerror(EISDIR);
  } else if (!S_ISREG(st.st_mode)) {
    *why = "not a regular file (a device, pipe or socket)";
  } else if (st.st_size > SCENARIO_MAX_BYTES) {
    *why = "larger than 16 MiB, the limit of a scenario file";
  } else if (!(buf = malloc((size_t)st.st_size + 2))) {
    *why = strerror(ENOMEM);
  }
  *size = 0;
  while (buf) { /* one byte past st_size: the file may have grown */
    ssize_t got = read(fd, buf + *size, (size_t)st.st_size + 1 - *size);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0 || *size + (size_t)got > (size_t)st.st_size) {
      *why = got < 0 ? strerror(errno) : "the file grew while it was read";
      free(buf);
      buf = NULL;
    } else if (got == 0) {
      buf[*size] = '\0';
      break;
    }
    *size += got > 0 ? (size_t)got : 0;
  }
  if (fd >= 0) {
    close(fd);
  }
  return buf;
}

/* Where byte `at` of text is: its file and line, or where's own line
 * when it has one (a --set's). */
static sim_origin origin_at(sim_origin where, const char *text, size_t at) {
  if (where.line == 0) {
    where.line = 1;
    for (size_t i = 0; i < at; i++) {
      where.line += text[i] == '\n';
    }
  }
  return where;
}

/* Where the token starting at text[i] ends: past a comment (#, //, slash-
 * star) or a quoted string; i itself for anything else. */
static size_t skip_comment_or_string(const char *text, size_t i) {
  if (text[i] == '#' || (text[i] == '/' && text[i + 1] == '/')) {
    return i + strcspn(text + i, "\n");
  }
  if (text[i] == '/' && text[i + 1] == '*') {
    const char *end = strstr(text + i + 2, "*" "/");
    return end ? (size_t)(end - text) + 2 : strlen(text);
  }
  if (text[i] == '"') { /* a string may span lines */
    for (i++; text[i] && text[i] != '"'; i++) {
      i += text[i] == '\\' && text[i + 1];
    }
    return text[i] == '"' ? i + 1 : i;
  }
  return i;
}

/* What a number token is: a real (a point or an exponent), a hex or
 * L-suffixed whole number (libconfig reads those itself), or a plain whole
 * number, which libconfig 1.5 cuts to 32 bits when it is larger than
 * 2147483647 (or, after a minus, 2147483648). */
typedef enum { NUMBER_REAL, NUMBER_OTHER, NUMBER_WHOLE, NUMBER_WHOLE_TOO_LARGE } number_kind;

/* The kind of the number token starting at text[i]; *end gets its end
 * (before any L suffix). */
static number_kind number_token(const char *text, size_t i, size_t *end) {
  bool hex = text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
  size_t j = hex ? i + 2 : i;
  unsigned long long v = 0;
  bool big = false;
  for (; hex ? isxdigit((unsigned char)text[j]) : isdigit((unsigned char)text[j]); j++) {
    int digit = isdigit((unsigned char)text[j]) ? text[j] - '0'
                                                : tolower((unsigned char)text[j]) - 'a' + 10;
    big |= v > (ULLONG_MAX - (unsigned)digit) / (hex ? 16 : 10);
    v = v * (hex ? 16 : 10) + (unsigned)digit;
  }
  *end = j;
  if (!hex && (text[j] == '.' || text[j] == 'e' || text[j] == 'E')) {
    return NUMBER_REAL;
  }
  bool negative = i > 0 && text[i - 1] == '-';
  bool too_large = text[j] != 'L' && (big || v > (negative ? 2147483648ULL : 2147483647ULL));
  return too_large ? NUMBER_WHOLE_TOO_LARGE : hex || text[j] == 'L' ? NUMBER_OTHER : NUMBER_WHOLE;
}

/* True when a number starts at text[i]: a digit not inside a name or
 * after a real's point. */
static bool number_starts(const char *text, size_t i) {
  unsigned char before = i > 0 ? (unsigned char)text[i - 1] : ' ';
  bool signed_exponent = (before == '-' || before == '+') && i > 1 &&
                         (text[i - 2] == 'e' || text[i - 2] == 'E'); /* 1e-300 */
  return isdigit((unsigned char)text[i]) && !isalnum(before) && before != '_' &&
         before != '.' && !signed_exponent;
}

/* Problems libconfig would not report, or would report badly: a NUL byte
 * (the rest of the file would go unread), @include (its settings could not
 * say the file and line they came from), and whole numbers it would cut to
 * 32 bits.  The text is a file's (where.line 0) or a --set's. */
static sim_status check_text(const char *text, size_t size, sim_origin where,
                             sim_diags *d) {
  const char *nul = memchr(text, '\0', size);
  if (nul) {
    sim_origin at = origin_at(where, text, (size_t)(nul - text));
    sim_diag_where(d, at, NULL, NULL, "a NUL byte: a scenario file is text");
    return SIM_ERR_SYNTAX;
  }
  sim_status st = SIM_OK;
  long settings = 0; /* each = or : outside strings and comments names one */
  for (size_t i = 0; text[i];) {
    size_t next = skip_comment_or_string(text, i);
    bool line_start = i == 0 || text[i - 1] == '\n';
    if (next != i) {
      i = next;
    } else if (text[i] == '=' || text[i] == ':') {
      settings++;
      i++;
    } else if (line_start && text[i + strspn(text + i, " \t")] == '@') {
      sim_origin at = origin_at(where, text, i);
      sim_diag_where(d, at, NULL, NULL,
                     "@include is not supported: inherit with base = \"FILE\"; instead");
      st = SIM_ERR_SYNTAX;
      i += strcspn(text + i, "\n");
    } else if (number_starts(text, i)) {
      size_t end;
      if (number_token(text, i, &end) == NUMBER_WHOLE_TOO_LARGE) {
        sim_origin at = origin_at(where, text, i);
        size_t from = i > 0 && text[i - 1] == '-' ? i - 1 : i; /* with its sign */
        bool hex = text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
        sim_diag_where(d, at, NULL, NULL,
                       "the whole number %.*s is beyond 32 bits (-2147483648 to "
                       "2147483647)%s%.*s%s",
                       (int)(end - from), text + from, hex ? "" : ": write it as a real, ",
                       hex ? 0 : (int)(end - from), text + from, hex ? "" : ".0");
        st = SIM_ERR_SYNTAX;
      }
      i = end;
    } else {
      i++;
    }
  }
  if (settings > SCENARIO_MAX_SETTINGS) {
    sim_diag_where(d, where, NULL, NULL,
                   "%ld settings, more than the %d a scenario file may hold", settings,
                   SCENARIO_MAX_SETTINGS);
    return SIM_ERR_SYNTAX;
  }
  return st;
}

/* A copy of text for libconfig in which every whole number inside an
 * array [ ... ] is written as a real ("0" -> "0.0"): libconfig refuses an
 * array mixing the two, and INTERFACE.md accepts whole numbers where reals
 * are expected (no array setting holds whole numbers).  Lines keep their
 * numbers.  NULL when out of memory; the caller frees it. */
static char *reals_in_arrays(const char *text) {
  size_t len = strlen(text), n = 0;
  char *out = malloc(2 * len + 4); /* ".0" after at most every other byte */
  bool in_array = false;
  for (size_t i = 0; out && text[i];) {
    size_t next = skip_comment_or_string(text, i), end;
    if (next != i) {
      memcpy(out + n, text + i, next - i);
      n += next - i;
      i = next;
      continue;
    }
    in_array = text[i] == '[' ? true : text[i] == ']' ? false : in_array;
    bool whole = in_array && number_starts(text, i) && number_token(text, i, &end) == NUMBER_WHOLE;
    size_t stop = whole ? end : i + 1;
    memcpy(out + n, text + i, stop - i);
    n += stop - i;
    if (whole) {
      memcpy(out + n, ".0", 2);
      n += 2;
    }
    i = stop;
  }
  if (out) {
    out[n] = '\0';
  }
  return out;
}

static void sha256_hex(const char *text, size_t size, char *hex) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, size, (const uint8_t *)text);
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
  l->tree = &l->cfg;
  char *text = reals_in_arrays(l->text);
  if (!text) {
    return SIM_ERR_NOMEM;
  }
  int read = config_read_string(&l->cfg, text);
  free(text);
  if (read == CONFIG_TRUE) {
    return SIM_OK;
  }
  sim_origin where = {l->file, config_error_line(&l->cfg)};
  const char *why = config_error_text(&l->cfg);
  if (strcmp(why, "syntax error") == 0) { /* libconfig's text for any token it did not expect */
    why = "expected NAME = VALUE; with VALUE a number (nan and inf are none), \"text\", "
          "true, false, [array], (list) or {group}";
  }
  sim_diag_where(d, where, NULL, NULL, "syntax error: %s", why);
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

/* The layer of `again` read from `file`, or NULL (read the file). */
static const scenario_layer *kept_layer(const sim_scenario *again, const char *file) {
  for (int i = 0; again && i < again->nlayers; i++) {
    if (strcmp(again->layer[i].file, file) == 0) {
      return &again->layer[i];
    }
  }
  return NULL;
}

/* Layer l as the same file's layer k of an earlier load: its text, hash
 * and parsed tree (borrowed), neither read nor parsed again. */
static sim_status borrow_layer(scenario_layer *l, const scenario_layer *k, const char *file) {
  l->file = strdup(file);
  l->text = strdup(k->text);
  if (!l->file || !l->text) {
    free(l->file);
    free(l->text);
    return SIM_ERR_NOMEM;
  }
  memcpy(l->sha256, k->sha256, sizeof l->sha256);
  l->tree = k->tree;
  l->borrowed = true;
  return SIM_OK;
}

/* Reads the file (or built-in text) of layer i. */
static sim_status read_layer(sim_scenario *sc, sim_source src, sim_origin from,
                             sim_diags *d) {
  scenario_layer *l = &sc->layer[sc->nlayers];
  const scenario_layer *k = src.text ? NULL : kept_layer(src.again, src.file);
  if (k) {
    sim_status st = borrow_layer(l, k, src.file);
    sc->nlayers += st == SIM_OK;
    return st;
  }
  size_t size = src.text ? strlen(src.text) : 0;
  l->file = strdup(src.file);
  const char *why = NULL;
  l->text = src.text ? strdup(src.text) : slurp(src.file, &size, &why);
  if (!l->file || !l->text) {
    why = why ? why : strerror(ENOMEM);
    if (from.file) {
      sim_diag_where(d, from, "base", src.file, "cannot read the base scenario: %s", why);
    } else {
      sim_diag_where(d, (sim_origin){src.file, 0}, NULL, NULL, "cannot read: %s", why);
    }
    free(l->file);
    free(l->text);
    return SIM_ERR_IO;
  }
  sha256_hex(l->text, size, l->sha256);
  sc->nlayers++;
  if (size >= 3 && memcmp(l->text, "\xef\xbb\xbf", 3) == 0) {
    memset(l->text, ' ', 3); /* a UTF-8 byte-order mark, as some editors write */
  }
  sim_status st = check_text(l->text, size, (sim_origin){l->file, 0}, d);
  return st != SIM_OK ? st : parse_layer(l, d);
}

/* The layer already read from the file `path` names (the same file by
 * device and inode, however the path is spelt), or -1. */
static int read_before(const sim_scenario *sc, const char *path) {
  struct stat next, layer;
  if (stat(path, &next) != 0) {
    return -1; /* reading it will say why */
  }
  for (int i = 0; i < sc->nlayers; i++) {
    if (stat(sc->layer[i].file, &layer) == 0 && layer.st_dev == next.st_dev &&
        layer.st_ino == next.st_ino) {
      return i;
    }
  }
  return -1;
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
    const config_setting_t *base = config_lookup(l->tree, "base");
    if (!base) {
      return SIM_OK;
    }
    from = (sim_origin){l->file, config_setting_source_line(base)};
    if (config_setting_type(base) != CONFIG_TYPE_STRING) {
      sim_diag_where(d, from, "base", scenario_got(base, got, sizeof got),
                     "must be a file name in quotes");
      return SIM_ERR_INVALID;
    }
    next = relative_to(l->file, config_setting_get_string(base));
    if (!next) {
      return SIM_ERR_NOMEM;
    }
    int seen = read_before(sc, next);
    if (seen >= 0 || sc->nlayers == SCENARIO_MAX_FILES) {
      if (seen >= 0) {
        sim_diag_where(d, from, "base", next, "a cycle: %s is already in the chain of bases",
                       sc->layer[seen].file);
      } else {
        sim_diag_where(d, from, "base", next,
                       "more than %d generations of base scenarios, the limit",
                       SCENARIO_MAX_FILES - 1);
      }
      free(next);
      return SIM_ERR_INVALID;
    }
    src = (sim_source){next, NULL, src.again};
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

/* The group at a dotted path of groups, created where missing (their
 * origin `at`); NULL when a component exists but is not a group. */
static config_setting_t *group_at(sim_scenario *sc, config_setting_t *root, char *path,
                                  sim_origin at) {
  config_setting_t *g = root;
  for (char *name = strtok(path, "."); name && g; name = strtok(NULL, ".")) {
    config_setting_t *next = config_setting_get_member(g, name);
    if (!next && (next = config_setting_add(g, name, CONFIG_TYPE_GROUP))) {
      set_origin(sc, next, at);
    }
    g = next && config_setting_is_group(next) ? next : NULL;
  }
  return g;
}

/* True when path is setting names joined by dots, each a libconfig name:
 * a letter or '*', then letters, digits, '-', '_' or '*'. */
static bool valid_path(const char *path) {
  bool start = true;
  for (const char *c = path; *c; c++) {
    bool letter = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '*';
    bool inner = letter || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_';
    if (*c == '.' ? start : !(start ? letter : inner)) {
      return false;
    }
    start = *c == '.';
  }
  return !start;
}

/* Puts the parsed --set value `value` at `path` (valid, modifiable) in
 * sc->merged as a file of a later layer would: a group merges key by key
 * into a group there, anything else replaces what was there. */
static sim_status put_set(sim_scenario *sc, char *path, const config_setting_t *value,
                          const char *set, sim_origin at, sim_diags *d) {
  char full[256];
  snprintf(full, sizeof full, "%s", path);
  config_setting_t *old = config_lookup(&sc->merged, full);
  if (old && config_setting_is_group(old) && config_setting_is_group(value) &&
      !scenario_find_path(full, NULL)) {
    overlay(sc, old, value, full, at);
    return SIM_OK;
  }
  char *dot = strrchr(path, '.');
  const char *leaf = dot ? dot + 1 : path;
  if (dot) {
    *dot = '\0';
  }
  config_setting_t *root = config_root_setting(&sc->merged);
  config_setting_t *parent = dot ? group_at(sc, root, path, at) : root;
  if (!parent) {
    sim_diag_where(d, at, NULL, set, "PATH must name a setting inside groups");
    return SIM_ERR_INVALID;
  }
  config_setting_remove(parent, leaf);
  copy_setting(sc, parent, value, leaf, at);
  if (!config_setting_get_member(parent, leaf)) {
    return SIM_ERR_NOMEM;
  }
  return SIM_OK;
}

/* Applies one --set PATH=VALUE: VALUE is read as a libconfig value and put
 * at PATH as a later file would put it (put_set).  Blanks around PATH are
 * dropped. */
static sim_status apply_set(sim_scenario *sc, const char *set, int index, sim_diags *d) {
  sim_origin at = {"--set", index};
  const char *eq = strchr(set, '='), *from = set, *to = eq;
  while (eq && from < to && (*from == ' ' || *from == '\t')) {
    from++;
  }
  while (eq && to > from && (to[-1] == ' ' || to[-1] == '\t')) {
    to--;
  }
  if (!eq || to == from) {
    sim_diag_where(d, at, NULL, set, "--set takes PATH=VALUE");
    return SIM_ERR_USAGE;
  }
  char path[256];
  if (to - from >= (int)sizeof path) {
    sim_diag_where(d, at, NULL, NULL, "PATH is longer than %d characters",
                   (int)sizeof path - 1);
    return SIM_ERR_USAGE;
  }
  snprintf(path, sizeof path, "%.*s", (int)(to - from), from);
  if (!valid_path(path)) {
    sim_diag_where(d, at, NULL, path,
                   "PATH must be setting names joined by dots (letters, digits, - and _, "
                   "starting with a letter)");
    return SIM_ERR_USAGE;
  }
  size_t size = strlen(eq + 1) + sizeof "value = ;";
  char *text = malloc(size);
  if (!text) {
    return SIM_ERR_NOMEM;
  }
  snprintf(text, size, "value = %s;", eq + 1);
  config_t one;
  config_init(&one);
  config_set_options(&one, CONFIG_OPTION_AUTOCONVERT);
  sim_status st = check_text(text, strlen(text), at, d); /* a number beyond 32 bits */
  char *reals = st == SIM_OK ? reals_in_arrays(text) : NULL;
  if (st == SIM_OK && !reals) {
    st = SIM_ERR_NOMEM;
  }
  if (st == SIM_OK && config_read_string(&one, reals) != CONFIG_TRUE) {
    sim_diag_where(d, at, path, eq + 1, "not a valid value: %s", config_error_text(&one));
    st = SIM_ERR_SYNTAX;
  } else if (st == SIM_OK && config_setting_length(config_root_setting(&one)) != 1) {
    sim_diag_where(d, at, path, eq + 1,
                   "a --set holds one setting: the text after its value is not part of it");
    st = SIM_ERR_USAGE;
  } else if (st == SIM_OK) {
    st = put_set(sc, path, config_lookup(&one, "value"), set, at, d);
  }
  config_destroy(&one);
  free(reals);
  free(text);
  return st;
}

sim_status scenario_read(sim_scenario *sc, sim_source src, const char *const *sets,
                         int nsets, sim_diags *d, sim_status *set_status) {
  *set_status = SIM_OK;
  sim_status st = read_chain(sc, src, d);
  if (st != SIM_OK) {
    return st;
  }
  for (int i = sc->nlayers - 1; i >= 0; i--) {
    const config_setting_t *root = config_root_setting(sc->layer[i].tree);
    overlay(sc, config_root_setting(&sc->merged), root, "",
            (sim_origin){sc->layer[i].file, 0});
  }
  if (nsets > SCENARIO_MAX_SETS) {
    return SIM_ERR_NOMEM;
  }
  for (int i = 0; i < nsets; i++) { /* every bad --set reported, the first one's status */
    if (!(sc->sets[i] = strdup(sets[i]))) {
      return SIM_ERR_NOMEM;
    }
    sc->nsets++;
    st = apply_set(sc, sets[i], i + 1, d);
    if (st == SIM_ERR_NOMEM) {
      return st;
    }
    if (*set_status == SIM_OK) {
      *set_status = st;
    }
  }
  return SIM_OK;
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
