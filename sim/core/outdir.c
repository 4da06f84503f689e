/* outdir.c — an output folder written as one set (outfile.h): a command
 * writes into a staging folder beside the target, PARENT/.BASE.tmpPID,
 * under a lock, PARENT/.BASE.lock, and the staging folder is swapped in
 * with one rename.  docs/output-folders.md says what each stop leaves. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "core/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The journal in a staging folder: the names of the entries moved into it
 * from the target before the swap, so that a run stopped before the swap
 * can be undone by the next one. */
#define JOURNAL ".plansim-carried"
#define PATH_SIZE 4700 /* a staging folder and one name in it */

struct sim_outdir {
  char final[4096];  /* the folder (a link, . or .. resolved) */
  char parent[4096]; /* the target's parent folder */
  char base[256];    /* the target's last name */
  char stage[4400];  /* PARENT/.BASE.tmpPID */
  int lock;          /* PARENT/.BASE.lock, flocked */
  bool committed;
};

/* The names every plansim command writes into an output folder: a new set
 * replaces these whole, whichever command wrote them, so a folder never
 * holds one run's trajectories beside another's targets.  Every other
 * entry (batch/ and sweep/ below a run, a user's notes) is kept. */
static const char *const owned[] = {"trajectories.csv",
                                    "variables.csv",
                                    "inputs.csv",
                                    "targets.csv",
                                    "targets_by_year.csv",
                                    "scorecard.md",
                                    "run.json",
                                    "summary.csv",
                                    "samples.csv",
                                    "sweep.csv",
                                    "compare.csv",
                                    "compare.md",
                                    "capacity.csv",
                                    "solve.csv",
                                    "scan.csv",
                                    "frontier.csv",
                                    "scorecard.xlsx",
                                    "sensitivity.csv",
                                    "discover.csv",
                                    "trajectory.csv",
                                    "figures",
                                    NULL};

static bool is_owned(const char *name) {
  for (int i = 0; owned[i]; i++) {
    if (strcmp(owned[i], name) == 0) {
      return true;
    }
  }
  return false;
}

/* True when the process `pid` is gone (or is this one, which has not made
 * anything yet: a pid used again). */
static bool process_gone(long pid) {
  return pid == (long)getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

/* The pid in `name` when it is PREFIX<digits>, else -1. */
static long pid_after(const char *name, const char *prefix) {
  size_t len = strlen(prefix);
  if (strncmp(name, prefix, len) != 0 || name[len] == '\0') {
    return -1;
  }
  char *end;
  long pid = strtol(name + len, &end, 10);
  return *end == '\0' && pid > 0 ? pid : -1;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

/* Removes path and everything below it, best effort. */
static void remove_tree(const char *path) {
  nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool exists(const char *path) {
  struct stat sb;
  return lstat(path, &sb) == 0;
}

/* Moves back into the target the entries a stopped run had moved into its
 * staging folder `stage` (listed in its journal) and the target lacks. */
static void undo_carry(const sim_outdir *od, const char *stage) {
  char path[PATH_SIZE], from[PATH_SIZE], to[PATH_SIZE], name[256];
  snprintf(path, sizeof path, "%s/" JOURNAL, stage);
  FILE *j = fopen(path, "r");
  while (j && fgets(name, sizeof name, j)) {
    name[strcspn(name, "\n")] = '\0';
    snprintf(from, sizeof from, "%s/%s", stage, name);
    snprintf(to, sizeof to, "%s/%s", od->final, name);
    if (*name && exists(from) && !exists(to)) {
      rename(from, to);
    }
  }
  if (j) {
    fclose(j);
  }
}

/* Cleans what writers of this folder left when they were stopped
 * (SIGKILL, a crash, a power cut): a staging folder (its moved entries go
 * back, the rest is removed), the previous folder set aside by the
 * fallback swap (put back when the target is missing), a journal left in
 * the target. */
static void clean_beside(const sim_outdir *od) {
  char tmp[300], old[300], path[PATH_SIZE];
  snprintf(tmp, sizeof tmp, ".%s.tmp", od->base);
  snprintf(old, sizeof old, ".%s.old", od->base);
  DIR *dir = opendir(od->parent);
  for (struct dirent *e; dir && (e = readdir(dir));) {
    long set_aside = pid_after(e->d_name, old);
    snprintf(path, sizeof path, "%s/%s", od->parent, e->d_name);
    if (set_aside > 0 && process_gone(set_aside)) {
      if (!exists(od->final)) {
        rename(path, od->final);
      } else {
        remove_tree(path);
      }
    }
  }
  if (dir) {
    rewinddir(dir);
  }
  for (struct dirent *e; dir && (e = readdir(dir));) {
    long staged = pid_after(e->d_name, tmp);
    snprintf(path, sizeof path, "%s/%s", od->parent, e->d_name);
    if (staged > 0 && process_gone(staged)) {
      undo_carry(od, path);
      remove_tree(path);
    }
  }
  if (dir) {
    closedir(dir);
  }
  snprintf(path, sizeof path, "%s/" JOURNAL, od->final);
  unlink(path);
}

/* The pid in a temporary file's name .NAME.tmpPID, or -1. */
static long temporary_pid(const char *name) {
  const char *tmp = strrchr(name, '.');
  return name[0] == '.' && tmp && tmp != name ? pid_after(tmp, ".tmp") : -1;
}

/* Removes the temporary files (outfile.c's .NAME.tmpPID) in folder `dir`
 * whose process is gone: a writer stopped by SIGKILL, or by SIGTERM before
 * plansim caught it. */
static void clean_temporaries(const char *dir) {
  char path[PATH_SIZE];
  DIR *d = opendir(dir);
  for (struct dirent *e; d && (e = readdir(d));) {
    long pid = temporary_pid(e->d_name);
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (pid > 0 && process_gone(pid)) {
      remove_tree(path);
    }
  }
  if (d) {
    closedir(d);
  }
}

/* Splits dir into parent and base; "." and "..", a symbolic link and a
 * trailing slash are resolved first, since the staging folder needs a name
 * beside the folder itself. */
static sim_status split(sim_outdir *od, const char *dir, char *why, size_t size) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", dir);
  for (size_t n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--) {
    copy[n - 1] = '\0';
  }
  const char *slash = strrchr(copy, '/'), *base = slash ? slash + 1 : copy;
  struct stat sb;
  bool link = lstat(copy, &sb) == 0 && S_ISLNK(sb.st_mode); /* swap the folder it names */
  if (link || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || *base == '\0') {
    sim_status st = sim_mkdirs(copy, why, size);
    if (st != SIM_OK || !realpath(dir, copy)) {
      snprintf(why, size, "%s: %s", dir, strerror(st != SIM_OK ? EIO : errno));
      return SIM_ERR_IO;
    }
    slash = strrchr(copy, '/');
    base = slash + 1;
  }
  if (*base == '\0' || strlen(base) > 200) { /* room for .BASE.tmpPID in a name */
    snprintf(why, size, "%s: %s", dir,
             *base ? "a folder name longer than 200 bytes"
                   : "the root cannot be an output folder");
    return SIM_ERR_IO;
  }
  snprintf(od->base, sizeof od->base, "%.200s", base);
  if (!slash) {
    snprintf(od->parent, sizeof od->parent, ".");
  } else if (slash == copy) {
    snprintf(od->parent, sizeof od->parent, "/");
  } else {
    snprintf(od->parent, sizeof od->parent, "%.*s", (int)(slash - copy), copy);
  }
  snprintf(od->final, sizeof od->final, "%s", copy); /* resolved, without a trailing / */
  return SIM_OK;
}

/* Takes the folder's lock, or says which process holds it. */
static sim_status take_lock(sim_outdir *od, char *why, size_t size) {
  char path[PATH_SIZE], holder[32] = "";
  snprintf(path, sizeof path, "%s/.%s.lock", od->parent, od->base);
  od->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (od->lock < 0) {
    snprintf(why, size, "%s: %s", path, strerror(errno));
    return SIM_ERR_IO;
  }
  if (flock(od->lock, LOCK_EX | LOCK_NB) != 0) {
    ssize_t got = pread(od->lock, holder, sizeof holder - 1, 0);
    holder[got > 0 ? got : 0] = '\0';
    holder[strcspn(holder, "\n")] = '\0';
    snprintf(
        why, size,
        "%s: another plansim (process %s) is writing this folder; wait for it to end or "
        "write elsewhere with -o",
        od->final, *holder ? holder : "unknown");
    return SIM_ERR_IO;
  }
  int len = snprintf(holder, sizeof holder, "%ld\n", (long)getpid());
  if (ftruncate(od->lock, 0) != 0 || pwrite(od->lock, holder, (size_t)len, 0) != len) {
    /* the pid is only for a second writer's message */
  }
  return SIM_OK;
}

sim_status sim_outdir_begin(const char *dir, sim_outdir **out, char *why, size_t size) {
  sim_outdir *od = calloc(1, sizeof *od);
  *out = NULL;
  if (!od) {
    snprintf(why, size, "%s: out of memory", dir);
    return SIM_ERR_NOMEM;
  }
  od->lock = -1;
  snprintf(od->final, sizeof od->final, "%s", dir);
  sim_status st = split(od, dir, why, size);
  if (st == SIM_OK) {
    st = sim_mkdirs(od->parent, why, size);
  }
  if (st == SIM_OK) {
    st = take_lock(od, why, size);
  }
  if (st == SIM_OK) {
    char figures[4200];
    clean_beside(od);
    clean_temporaries(od->final);
    snprintf(figures, sizeof figures, "%s/figures", od->final);
    clean_temporaries(figures);
    snprintf(od->stage, sizeof od->stage, "%s/.%s.tmp%ld", od->parent, od->base,
             (long)getpid());
    if (mkdir(od->stage, 0777) != 0) {
      snprintf(why, size, "%s: %s", od->stage, strerror(errno));
      st = SIM_ERR_IO;
    }
  }
  if (st != SIM_OK) {
    od->stage[0] = '\0';
    sim_outdir_end(od);
    return st;
  }
  *out = od;
  return SIM_OK;
}

sim_status sim_outdir_lock(const char *dir, sim_outdir **out, char *why, size_t size) {
  sim_outdir *od = calloc(1, sizeof *od);
  *out = NULL;
  if (!od) {
    snprintf(why, size, "%s: out of memory", dir);
    return SIM_ERR_NOMEM;
  }
  od->lock = -1;
  sim_status st = split(od, dir, why, size);
  if (st == SIM_OK) {
    st = take_lock(od, why, size);
  }
  if (st != SIM_OK) {
    sim_outdir_end(od);
    return st;
  }
  char figures[4200];
  snprintf(figures, sizeof figures, "%s/figures", od->final);
  clean_temporaries(figures);
  *out = od;
  return SIM_OK;
}

const char *sim_outdir_path(const sim_outdir *od) {
  return od->stage;
}

const char *sim_outdir_target(const sim_outdir *od) {
  return od->final;
}

/* Moves into the staging folder every entry of the target that is not the
 * command's (is_owned) and that the command did not write itself, after
 * listing them in the journal; false on an error (why filled). */
static bool carry_over(sim_outdir *od, char *why, size_t size) {
  char path[PATH_SIZE], from[PATH_SIZE], to[PATH_SIZE];
  DIR *dir = opendir(od->final);
  snprintf(path, sizeof path, "%s/" JOURNAL, od->stage);
  FILE *j = dir ? fopen(path, "w") : NULL;
  bool ok = dir && j;
  for (struct dirent *e; ok && (e = readdir(dir));) {
    snprintf(to, sizeof to, "%s/%s", od->stage, e->d_name);
    bool skip = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                strcmp(e->d_name, JOURNAL) == 0 || is_owned(e->d_name) || exists(to);
    if (!skip) {
      ok = fprintf(j, "%s\n", e->d_name) > 0 && fflush(j) == 0;
      snprintf(from, sizeof from, "%s/%s", od->final, e->d_name);
      ok = ok && rename(from, to) == 0;
    }
  }
  if (!ok) {
    snprintf(why, size, "%s: %s", od->final, strerror(errno ? errno : EIO));
  }
  if (j && fclose(j) != 0 && ok) {
    snprintf(why, size, "%s: %s", path, strerror(errno));
    ok = false;
  }
  if (dir) {
    closedir(dir);
  }
  return ok;
}

/* Puts the staging folder in the target's place; the previous folder ends
 * at `previous` (to be removed).  RENAME_EXCHANGE swaps the two in one
 * step; where the file system lacks it, the previous folder is first set
 * aside as .BASE.oldPID (a stop between the two renames leaves no target,
 * and the next writer puts the set-aside folder back). */
static int swap_in(sim_outdir *od, char *previous, size_t size) {
  snprintf(previous, size, "%s", od->stage);
  if (renameat2(AT_FDCWD, od->stage, AT_FDCWD, od->final, RENAME_EXCHANGE) == 0) {
    return 0;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    return -1;
  }
  snprintf(previous, size, "%s/.%s.old%ld", od->parent, od->base, (long)getpid());
  if (rename(od->final, previous) != 0) {
    return -1;
  }
  if (rename(od->stage, od->final) != 0) {
    int err = errno;
    rename(previous, od->final);
    errno = err;
    return -1;
  }
  return 0;
}

sim_status sim_outdir_commit(sim_outdir *od, char *why, size_t size) {
  char previous[PATH_SIZE], path[PATH_SIZE];
  struct stat sb;
  bool had = lstat(od->final, &sb) == 0;
  if (had && !S_ISDIR(sb.st_mode)) {
    snprintf(why, size, "%s: exists and is not a folder", od->final);
    return SIM_ERR_IO;
  }
  if (had && !carry_over(od, why, size)) {
    undo_carry(od, od->stage);
    return SIM_ERR_IO;
  }
  int swapped =
      had ? swap_in(od, previous, sizeof previous) : rename(od->stage, od->final);
  if (swapped != 0) {
    snprintf(why, size, "%s: %s", od->final, strerror(errno));
    undo_carry(od, od->stage);
    return SIM_ERR_IO;
  }
  od->committed = true;
  snprintf(path, sizeof path, "%s/" JOURNAL, od->final);
  unlink(path);
  if (had) {
    remove_tree(previous);
  }
  return SIM_OK;
}

void sim_outdir_end(sim_outdir *od) {
  if (!od) {
    return;
  }
  if (!od->committed && od->stage[0]) {
    undo_carry(od, od->stage); /* never remove what was not ours */
    remove_tree(od->stage);
  }
  if (od->lock >= 0) {
    close(od->lock); /* releases the flock */
  }
  free(od);
}
