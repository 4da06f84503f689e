/* bench_serve.c — the server benchmark (a program, not a test): starts
 * `plansim serve`'s server in this process on a free port with THREADS
 * threads, then (1) one client's run requests one after another: median
 * and 90th-percentile latency, asking for the outputs the page draws and
 * for every output; (2) 16 clients (the page's request) at once on kept-alive
 * connections: requests/s and the median latency under load; (3) the
 * resident memory after each tenth of TOTAL requests (flat when nothing
 * leaks), with the process's CPU time per request (server and clients:
 * on a shared machine the wall-clock rate drifts with the others' load,
 * the CPU time much less).  Each request sets economy.growth to another
 * value.  For an outside view, wrk with tests/bench/serve_run.lua.
 * usage: bench_serve SCENARIO [THREADS] [TOTAL] */
#define _GNU_SOURCE /* strcasestr */
#include <arpa/inet.h>
#include <gsl/gsl_errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve/serve.h"

#define CLIENTS 16

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    perror("bench_serve: connect");
    exit(1);
  }
  return fd;
}

/* The outputs the page's charts ask for (page/app.js, DRAWN). */
static const char page_outputs[] =
    ", \"outputs\": [\"economy.gdp\", \"economy.gdp_growth\", \"compute.capacity\", "
    "\"water.use_conventional\", \"water.use_reclaimed\", \"water.cap\", "
    "\"water.demand_total\", \"carbon.intensity\"]";

/* One POST /api/run on a kept-alive connection, as the page sends it or
 * asking for every output (all); returns the status. */
static int run_request(int fd, double growth, bool all) {
  char body[512], req[1024], buf[1 << 17];
  int blen = snprintf(body, sizeof body, "{\"set\": {\"economy.growth\": %.6f}%s}", growth,
                      all ? "" : page_outputs);
  int n = snprintf(req, sizeof req,
                   "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   "application/json\r\nContent-Length: %d\r\n\r\n%s",
                   blen, body);
  if (write(fd, req, (size_t)n) != n) {
    perror("bench_serve: write");
    return -1;
  }
  size_t got = 0;
  long want = -1;
  char *head_end = NULL;
  while (want < 0 || (long)got < want) {
    ssize_t r = read(fd, buf + got, sizeof buf - got - 1);
    if (r <= 0) {
      fprintf(stderr, "bench_serve: read: %s after %zu bytes\n", r ? strerror(errno) : "closed",
              got);
      return -1;
    }
    got += (size_t)r;
    buf[got] = '\0';
    if (!head_end && (head_end = strstr(buf, "\r\n\r\n"))) {
      char *cl = strcasestr(buf, "Content-Length:");
      want = (long)(head_end + 4 - buf) + (cl ? strtol(cl + 15, NULL, 10) : 0);
    }
    if (got >= sizeof buf - 1) {
      fprintf(stderr, "bench_serve: an answer over %zu bytes\n", sizeof buf);
      return -1;
    }
  }
  int status = (int)strtol(buf + 9, NULL, 10);
  if (status != 200) {
    fprintf(stderr, "bench_serve: status %d: %.300s\n", status, head_end ? head_end + 4 : buf);
  }
  return status;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct {
  int port, count, failed;
  double *latency;
  bool all; /* every output, not the page's */
} client;

static void *client_main(void *arg) {
  client *c = arg;
  int fd = connect_to(c->port);
  for (int i = 0; i < c->count; i++) {
    double t0 = now();
    c->failed += run_request(fd, 0.03 + 0.00001 * (i % 4000), c->all) != 200;
    c->latency[i] = now() - t0;
  }
  close(fd);
  return NULL;
}

/* Resident memory in KiB. */
static long rss_kib(void) {
  long pages = 0, rss = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f && fscanf(f, "%ld %ld", &pages, &rss) != 2) {
    rss = 0;
  }
  if (f) {
    fclose(f);
  }
  return rss * sysconf(_SC_PAGESIZE) / 1024;
}

/* CPU seconds (user + system) of the whole process: server and clients. */
static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
         (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

/* `clients` clients of `each` requests; returns requests/s, median
 * latency into *median, CPU seconds per request into *cpu. */
static double load(int port, int clients, int each, double *median, double *cpu,
                   int *failed) {
  double c0 = cpu_seconds();
  client c[CLIENTS];
  pthread_t th[CLIENTS];
  double *all = malloc(sizeof(double) * (size_t)(clients * each)), t0 = now();
  for (int k = 0; k < clients; k++) {
    c[k] = (client){port, each, 0, all + k * each, false};
    pthread_create(&th[k], NULL, client_main, &c[k]);
  }
  *failed = 0;
  for (int k = 0; k < clients; k++) {
    pthread_join(th[k], NULL);
    *failed += c[k].failed;
  }
  double wall = now() - t0;
  *cpu = (cpu_seconds() - c0) / (clients * each);
  qsort(all, (size_t)(clients * each), sizeof *all, cmp_double);
  *median = all[clients * each / 2];
  free(all);
  return clients * each / wall;
}

int main(int argc, char **argv) {
  gsl_set_error_handler_off();
  if (argc < 2) {
    fprintf(stderr, "usage: bench_serve SCENARIO [THREADS] [TOTAL]\n");
    return 2;
  }
  int threads = argc > 2 ? atoi(argv[2]) : 2, total = argc > 3 ? atoi(argv[3]) : 100000;
  serve_app *app;
  int port, failed;
  if (serve_app_alloc((sim_source){argv[1], NULL, NULL}, threads, &app) != SIM_OK) {
    return 1;
  }
  serve_server *s = serve_start(app, "127.0.0.1", 0, threads, &port);
  if (!s) {
    return 1;
  }
  double median, lat[2000];
  for (int all = 0; all < 2; all++) {
    client one = {port, 2000, 0, lat, all};
    client_main(&one);
    qsort(lat, 2000, sizeof lat[0], cmp_double);
    printf("1 client, 2000 run requests (%s): median %.3f ms, p90 %.3f ms (%d failed)\n",
           all ? "every output" : "the page's outputs", 1e3 * lat[1000], 1e3 * lat[1800],
           one.failed);
  }
  printf("%d server threads, %d clients, %d run requests; RSS %ld KiB at start\n", threads,
         CLIENTS, total, rss_kib());
  for (int part = 1; part <= 10; part++) {
    double cpu, rate = load(port, CLIENTS, total / 10 / CLIENTS, &median, &cpu, &failed);
    printf("  after %6d: %6.0f requests/s, median latency %7.3f ms, CPU %.3f ms a request "
           "(server and clients), RSS %ld KiB (%d failed)\n",
           part * (total / 10 / CLIENTS) * CLIENTS, rate, 1e3 * median, 1e3 * cpu, rss_kib(),
           failed);
    fflush(stdout);
  }
  serve_stop(s);
  serve_app_free(app);
  return 0;
}
