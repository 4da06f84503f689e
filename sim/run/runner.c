/* runner.c — the chunk queue behind sim_runner_run: threads take the next
 * chunk, run it into the slot of its chunk number (modulo the slots), and
 * whichever thread finishes the next chunk to merge merges every finished
 * chunk from there on.  A thread waits only when it is a whole round of
 * slots ahead of the merging. */
#include "run/runner.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const sim_runner_plan *plan;
  const sim_runner_ops *ops;
  int slots;
  long next;                             /* first case of the next chunk to take */
  long merged;                           /* every case before this one is merged */
  bool merging;                          /* a thread is merging */
  bool done[2 * SIM_RUNNER_MAX_THREADS]; /* by slot: run, not merged */
  pthread_mutex_t lock;
  pthread_cond_t turn;
} queue;

typedef struct {
  queue *q;
  int worker;
} thread_arg;

int sim_runner_threads(int threads) {
  return threads < 1                        ? 1
         : threads > SIM_RUNNER_MAX_THREADS ? SIM_RUNNER_MAX_THREADS
                                            : threads;
}

int sim_runner_slots(int threads) {
  return 2 * sim_runner_threads(threads);
}

/* The case after the chunk that starts at first (chunks are aligned). */
static long chunk_end(const queue *q, long first) {
  long last = (first / q->plan->chunk + 1) * q->plan->chunk;
  return last < q->plan->last ? last : q->plan->last;
}

static int slot_of(const queue *q, long first) {
  return (int)(first / q->plan->chunk % q->slots);
}

/* Merges every finished chunk from the next one to merge on (the lock
 * held, released while merging). */
static void merge_finished(queue *q) {
  q->merging = true;
  for (int at = slot_of(q, q->merged); q->merged < q->plan->last && q->done[at];
       at = slot_of(q, q->merged)) {
    long first = q->merged, last = chunk_end(q, first);
    pthread_mutex_unlock(&q->lock);
    q->ops->merge(q->ops->ctx, at, first, last);
    pthread_mutex_lock(&q->lock);
    q->done[at] = false;
    q->merged = last;
    pthread_cond_broadcast(&q->turn); /* its slot is free */
  }
  q->merging = false;
}

static bool stopped(const queue *q) {
  return q->plan->stop && *q->plan->stop;
}

static void *work(void *arg) {
  queue *q = ((thread_arg *)arg)->q;
  int worker = ((thread_arg *)arg)->worker;
  pthread_mutex_lock(&q->lock);
  while (q->next < q->plan->last && !stopped(q)) {
    long first = q->next, last = chunk_end(q, first);
    if (first - q->merged >= (long)q->slots * q->plan->chunk) {
      pthread_cond_wait(&q->turn, &q->lock); /* the chunk's slot is not merged yet */
      continue;
    }
    q->next = last;
    pthread_mutex_unlock(&q->lock);
    int at = slot_of(q, first);
    q->ops->run(q->ops->ctx, worker, at, first, last);
    pthread_mutex_lock(&q->lock);
    q->done[at] = true;
    if (!q->merging) {
      merge_finished(q);
    }
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
}

long sim_runner_run(const sim_runner_plan *plan, const sim_runner_ops *ops) {
  int threads = sim_runner_threads(plan->threads);
  queue q = {.plan = plan,
             .ops = ops,
             .slots = sim_runner_slots(threads),
             .next = plan->first,
             .merged = plan->first,
             .lock = PTHREAD_MUTEX_INITIALIZER,
             .turn = PTHREAD_COND_INITIALIZER};
  thread_arg args[SIM_RUNNER_MAX_THREADS];
  for (int k = 0; k < threads; k++) {
    args[k] = (thread_arg){&q, k};
  }
  /* a worker whose thread could not start finds the queue empty: fewer
   * threads, the same results */
  sim_runner_on_threads(threads, work, args, sizeof args[0]);
  return q.merged;
}

void sim_runner_on_threads(int n, void *(*fn)(void *), void *args, size_t size) {
  pthread_t tid[SIM_RUNNER_MAX_THREADS];
  int started = 1;
  while (started < n && pthread_create(&tid[started], NULL, fn,
                                       (char *)args + (size_t)started * size) == 0) {
    started++;
  }
  fn(args);
  for (int k = started; k < n; k++) { /* threads that could not start: done here */
    fn((char *)args + (size_t)k * size);
  }
  for (int k = 1; k < started; k++) {
    pthread_join(tid[k], NULL);
  }
}
