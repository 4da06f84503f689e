/* test_outfile.c — an output folder as one set (outfile.h): a new set
 * replaces plansim's files whole and keeps other entries, an abandoned set
 * leaves the folder as it was, a second writer is refused with the
 * holder's pid, and what stopped writers left is cleaned on the next
 * start. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/outfile.h"
#include "harness.h"

static char root[256];

static void put(const char *dir, const char *name, const char *text) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* The first line of dir/name, or "" when it is missing. */
static const char *got(const char *dir, const char *name) {
  static char line[256];
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  line[0] = '\0';
  if (f) {
    if (!fgets(line, sizeof line, f)) {
      line[0] = '\0';
    }
    fclose(f);
  }
  return line;
}

static bool present(const char *dir, const char *name) {
  char path[1024];
  struct stat sb;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return lstat(path, &sb) == 0;
}

/* A pid no process has: a child's that has ended and been reaped. */
static long dead_pid(void) {
  pid_t pid = fork();
  if (pid == 0) {
    _exit(0);
  }
  waitpid(pid, NULL, 0);
  return (long)pid;
}

/* One set written and committed: run.json and the given file. */
static sim_status write_set(const char *dir, const char *name, const char *text) {
  char why[512];
  sim_outdir *od;
  sim_status st = sim_outdir_begin(dir, &od, why, sizeof why);
  if (st != SIM_OK) {
    printf("begin: %s\n", why);
    return st;
  }
  put(sim_outdir_path(od), "run.json", text);
  put(sim_outdir_path(od), name, text);
  st = sim_outdir_commit(od, why, sizeof why);
  sim_outdir_end(od);
  return st;
}

static void test_replace_keeps_others(void) {
  char dir[300], sub[400];
  snprintf(dir, sizeof dir, "%s/run", root);
  CHECK(write_set(dir, "scorecard.md", "first\n") == SIM_OK);
  snprintf(sub, sizeof sub, "%s/batch", dir);
  mkdir(sub, 0777);
  put(sub, "summary.csv", "batch\n");
  put(dir, "notes.txt", "mine\n");
  CHECK(write_set(dir, "trajectories.csv", "second\n") == SIM_OK);
  CHECK(strcmp(got(dir, "run.json"), "second\n") == 0);
  CHECK(strcmp(got(dir, "trajectories.csv"), "second\n") == 0);
  CHECK(!present(dir, "scorecard.md")); /* the first set's, not written again */
  CHECK(strcmp(got(sub, "summary.csv"), "batch\n") == 0);
  CHECK(strcmp(got(dir, "notes.txt"), "mine\n") == 0);
  char stage[64];
  snprintf(stage, sizeof stage, ".run.tmp%ld", (long)getpid());
  CHECK(!present(root, stage) && !present(dir, ".plansim-carried"));
}

static void test_abandoned_set_leaves_folder(void) {
  char dir[300], why[512], stage[4400];
  snprintf(dir, sizeof dir, "%s/abandon", root);
  CHECK(write_set(dir, "targets.csv", "kept\n") == SIM_OK);
  sim_outdir *od;
  CHECK(sim_outdir_begin(dir, &od, why, sizeof why) == SIM_OK);
  snprintf(stage, sizeof stage, "%s", sim_outdir_path(od));
  put(stage, "targets.csv", "half\n");
  sim_outdir_end(od);
  CHECK(strcmp(got(dir, "targets.csv"), "kept\n") == 0);
  CHECK(!present(stage, ""));
}

static void test_second_writer_refused(void) {
  char dir[300], why[512], want[64];
  snprintf(dir, sizeof dir, "%s/locked", root);
  sim_outdir *first, *second = NULL;
  CHECK(sim_outdir_begin(dir, &first, why, sizeof why) == SIM_OK);
  CHECK(sim_outdir_begin(dir, &second, why, sizeof why) == SIM_ERR_IO && !second);
  snprintf(want, sizeof want, "(process %ld)", (long)getpid());
  CHECK(strstr(why, want) != NULL);
  sim_outdir_end(first);
  CHECK(sim_outdir_begin(dir, &second, why, sizeof why) == SIM_OK);
  sim_outdir_end(second);
}

/* A writer killed after moving batch/ into its staging folder, before the
 * swap: the next writer puts batch/ back and removes the rest; a killed
 * writer's temporary file in the folder is removed, a live one's kept. */
static void test_stopped_writer_cleaned(void) {
  char dir[300], stage[400], sub[500], name[64], live[64];
  snprintf(dir, sizeof dir, "%s/stopped", root);
  CHECK(write_set(dir, "targets.csv", "old\n") == SIM_OK);
  snprintf(stage, sizeof stage, "%s/.stopped.tmp%ld", root, dead_pid());
  mkdir(stage, 0777);
  put(stage, "targets.csv", "new, half\n");
  put(stage, ".plansim-carried", "batch\n");
  snprintf(sub, sizeof sub, "%s/batch", stage);
  mkdir(sub, 0777);
  put(sub, "summary.csv", "batch\n");
  snprintf(name, sizeof name, ".samples.csv.tmp%ld", dead_pid());
  put(dir, name, "stale\n");
  snprintf(live, sizeof live, ".samples.csv.tmp%ld", (long)getppid());
  put(dir, live, "live\n");
  CHECK(write_set(dir, "targets.csv", "next\n") == SIM_OK);
  CHECK(!present(stage, ""));
  CHECK(strcmp(got(dir, "targets.csv"), "next\n") == 0);
  snprintf(sub, sizeof sub, "%s/batch", dir);
  CHECK(strcmp(got(sub, "summary.csv"), "batch\n") == 0);
  CHECK(!present(dir, name));
  CHECK(present(dir, live));
}

/* The fallback swap stopped between its two renames: the folder set
 * aside is put back. */
static void test_set_aside_folder_restored(void) {
  char dir[300], aside[400], why[512];
  snprintf(dir, sizeof dir, "%s/aside", root);
  snprintf(aside, sizeof aside, "%s/.aside.old%ld", root, dead_pid());
  mkdir(aside, 0777);
  put(aside, "run.json", "previous\n");
  sim_outdir *od;
  CHECK(sim_outdir_begin(dir, &od, why, sizeof why) == SIM_OK);
  CHECK(strcmp(got(dir, "run.json"), "previous\n") == 0);
  CHECK(!present(aside, ""));
  sim_outdir_end(od);
}

/* A folder named through a symbolic link: the folder it names is
 * swapped, the link stays. */
static void test_symlink_followed(void) {
  char real[300], link[300];
  struct stat sb;
  snprintf(real, sizeof real, "%s/real", root);
  snprintf(link, sizeof link, "%s/link", root);
  mkdir(real, 0777);
  CHECK(symlink("real", link) == 0);
  CHECK(write_set(link, "sweep.csv", "through\n") == SIM_OK);
  CHECK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode));
  CHECK(strcmp(got(real, "sweep.csv"), "through\n") == 0);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/plansim-test-outfile-%ld", (long)getpid());
  mkdir(root, 0777);
  test_replace_keeps_others();
  test_abandoned_set_leaves_folder();
  test_second_writer_refused();
  test_stopped_writer_cleaned();
  test_set_aside_folder_restored();
  test_symlink_followed();
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", root);
  if (system(cmd) != 0) {
    printf("could not remove %s\n", root);
  }
  return test_summary("outfile");
}
