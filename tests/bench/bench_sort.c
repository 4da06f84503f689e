/* bench_sort.c — the sort benchmark (a program, not a test): gsl_sort and
 * gsl_sort_index against sim_sort and sim_sort_index on the batch design's
 * case, one chunk of N runs: uniforms in (0,1) to sort, normal scores in
 * a column of STRIDE to argsort.  Prints ns per element, the mean over
 * ROUNDS rounds and the best round (the machine may be shared).
 * usage: bench_sort [N] [REPEATS] [STRIDE] */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sort.h"

#define ROUNDS 10

/* One benchmark's inputs and outputs. */
typedef struct {
  size_t n, stride;
  double *in, *work, *scores;
  size_t *order;
  void *scratch;
} bench;

/* Mean and best ns per element over ROUNDS rounds. */
typedef struct {
  double mean, best;
} timing;

typedef void (*sorter)(bench *b);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The sorts of values copy the unsorted input first, in both cases. */
static void run_gsl_sort(bench *b) {
  memcpy(b->work, b->in, b->n * sizeof(double));
  gsl_sort(b->work, 1, b->n);
}

static void run_sim_sort(bench *b) {
  memcpy(b->work, b->in, b->n * sizeof(double));
  sim_sort(b->work, b->n, b->scratch);
}

static void run_gsl_index(bench *b) {
  gsl_sort_index(b->order, b->scores, b->stride, b->n);
}

static void run_sim_index(bench *b) {
  sim_sort_index(b->order, b->scores, b->stride, b->n, b->scratch);
}

/* ns per element of f, repeats calls per round. */
static timing time_sort(sorter f, bench *b, long repeats) {
  timing t = {0, INFINITY};
  for (int r = 0; r < ROUNDS; r++) {
    double t0 = now();
    for (long i = 0; i < repeats; i++) {
      f(b);
    }
    double ns = (now() - t0) / (double)repeats / (double)b->n * 1e9;
    t.mean += ns / ROUNDS;
    t.best = ns < t.best ? ns : t.best;
  }
  return t;
}

/* The cost of the copy alone, included in both sorts of values. */
static void run_copy(bench *b) {
  memcpy(b->work, b->in, b->n * sizeof(double));
  __asm__ volatile("" : : "r"(b->work) : "memory");
}

static void print_pair(const char *what, timing gsl, timing sim) {
  printf("%-12s %10.2f %10.2f %10.2f %10.2f %8.1fx\n", what, gsl.mean, gsl.best, sim.mean,
         sim.best, gsl.best / sim.best);
}

/* Fills the inputs and checks that both sorts agree. */
static int setup(bench *b) {
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  for (size_t i = 0; i < b->n; i++) {
    b->in[i] = gsl_rng_uniform_pos(rng);
  }
  for (size_t i = 0; i < b->n * b->stride; i++) {
    b->scores[i] = gsl_ran_ugaussian(rng);
  }
  gsl_rng_free(rng);
  size_t *want = malloc(b->n * sizeof(size_t));
  double *sorted = malloc(b->n * sizeof(double));
  int bad = !want || !sorted;
  if (!bad) {
    run_gsl_sort(b);
    memcpy(sorted, b->work, b->n * sizeof(double));
    run_gsl_index(b);
    memcpy(want, b->order, b->n * sizeof(size_t));
    run_sim_sort(b);
    run_sim_index(b);
    bad = memcmp(sorted, b->work, b->n * sizeof(double)) ||
          memcmp(want, b->order, b->n * sizeof(size_t));
  }
  free(want);
  free(sorted);
  return bad;
}

/* argv[i] as a positive count, def when absent, 0 when not a number. */
static size_t count_arg(int argc, char **argv, int i, size_t def) {
  if (argc <= i) {
    return def;
  }
  char *end;
  unsigned long v = strtoul(argv[i], &end, 10);
  return *end || end == argv[i] ? 0 : (size_t)v;
}

int main(int argc, char **argv) {
  bench b = {0};
  b.n = count_arg(argc, argv, 1, 2500);
  b.stride = count_arg(argc, argv, 3, 8);
  long repeats = (long)count_arg(argc, argv, 2, 400);
  b.in = malloc(b.n * sizeof(double));
  b.work = malloc(b.n * sizeof(double));
  b.scores = malloc(b.n * b.stride * sizeof(double));
  b.order = malloc(b.n * sizeof(size_t));
  b.scratch = malloc(sim_sort_scratch_bytes(b.n));
  if (b.n == 0 || b.stride == 0 || repeats <= 0 || !b.in || !b.work || !b.scores ||
      !b.order || !b.scratch || setup(&b)) {
    fprintf(stderr, "bench_sort: bad arguments, out of memory or sorts disagree\n");
    return 1;
  }
  printf("n = %zu, stride %zu, %ld calls per round, %d rounds; ns per element\n", b.n,
         b.stride, repeats, ROUNDS);
  printf("%-12s %10s %10s %10s %10s %9s\n", "", "gsl mean", "gsl best", "sim mean",
         "sim best", "speed-up");
  print_pair("sort", time_sort(run_gsl_sort, &b, repeats),
             time_sort(run_sim_sort, &b, repeats));
  print_pair("sort_index", time_sort(run_gsl_index, &b, repeats),
             time_sort(run_sim_index, &b, repeats));
  timing copy = time_sort(run_copy, &b, repeats);
  printf("(the sorts of values include a copy of the input: %.2f ns per element)\n",
         copy.best);
  free(b.in);
  free(b.work);
  free(b.scores);
  free(b.order);
  free(b.scratch);
  return 0;
}
