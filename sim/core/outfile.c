/* outfile.c — atomic output files and the number and text formats every
 * output file shares. */
#include "core/outfile.h"

#include "core/numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sim_outfile {
  FILE *stream;
  char *tmp, *final;
};

sim_status sim_mkdirs(const char *dir, char *why, size_t size) {
  char path[4096];
  snprintf(path, sizeof path, "%s", dir);
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') {
      continue;
    }
    *p = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      snprintf(why, size, "%s: %s", path, strerror(errno));
      return SIM_ERR_IO;
    }
    *p = '/';
  }
  if (mkdir(path, 0777) != 0 && errno != EEXIST) {
    snprintf(why, size, "%s: %s", path, strerror(errno));
    return SIM_ERR_IO;
  }
  return SIM_OK;
}

static char *join(const char *dir, const char *prefix, const char *name,
                  const char *suffix) {
  size_t len = strlen(dir) + strlen(prefix) + strlen(name) + strlen(suffix) + 2;
  char *s = malloc(len);
  if (s) {
    snprintf(s, len, "%s/%s%s%s", dir, prefix, name, suffix);
  }
  return s;
}

sim_outfile *sim_outfile_open(const char *dir, const char *name, char *why, size_t size) {
  sim_outfile *f = calloc(1, sizeof *f);
  char suffix[32];
  snprintf(suffix, sizeof suffix, ".tmp%ld", (long)getpid());
  if (f) {
    f->tmp = join(dir, ".", name, suffix);
    f->final = join(dir, "", name, "");
  }
  if (!f || !f->tmp || !f->final) {
    snprintf(why, size, "%s/%s: out of memory", dir, name);
  } else if (!(f->stream = fopen(f->tmp, "w"))) {
    snprintf(why, size, "%s: %s", f->final, strerror(errno));
  } else {
    return f;
  }
  if (f) {
    free(f->tmp);
    free(f->final);
    free(f);
  }
  return NULL;
}

FILE *sim_outfile_stream(sim_outfile *f) {
  return f->stream;
}

static void outfile_free(sim_outfile *f) {
  free(f->tmp);
  free(f->final);
  free(f);
}

sim_status sim_outfile_commit(sim_outfile *f, char *why, size_t size) {
  bool failed = ferror(f->stream) != 0;
  int err = errno;
  if (fclose(f->stream) != 0) {
    failed = true;
    err = errno;
  }
  if (!failed && rename(f->tmp, f->final) != 0) {
    failed = true;
    err = errno;
  }
  if (failed) {
    snprintf(why, size, "%s: %s", f->final, strerror(err ? err : EIO));
    unlink(f->tmp);
  }
  outfile_free(f);
  return failed ? SIM_ERR_IO : SIM_OK;
}

void sim_outfile_abort(sim_outfile *f) {
  if (!f) {
    return;
  }
  fclose(f->stream);
  unlink(f->tmp);
  outfile_free(f);
}

void sim_put_number(FILE *out, double x) {
  char text[SIM_G17_MAX];
  fwrite(text, 1, (size_t)sim_format_cell(x, text), out); /* "%.17g"'s bytes, NaN none */
}

void sim_put_csv_text(FILE *out, const char *s) {
  s = s ? s : "";
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"') {
      fputc('"', out);
    }
    fputc(*s, out);
  }
  fputc('"', out);
}

void sim_put_json_text(FILE *out, const char *s) {
  fputc('"', out);
  for (s = s ? s : ""; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fprintf(out, "\\%c", c);
    } else if (c < 0x20) {
      fprintf(out, "\\u%04x", c);
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}
