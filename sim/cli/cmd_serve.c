/* cmd_serve.c — `plansim serve [FILE] [--host H] [--port P] [-j THREADS]`:
 * the plan explorer in the browser (sim/serve/).  Listens on 127.0.0.1
 * unless told otherwise, and stops cleanly on Ctrl-C or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "serve/serve.h"

extern const char plansim_default_scenario[];

/* serve's options: the shared ones (its FILE), then its own. */
typedef struct {
  cli_options common; /* first: cli_parse fills it */
  const char *host;   /* --host */
  long long port;     /* --port */
  long long threads;  /* -j; 0: all cores */
} serve_options;

static const cli_opt serve_opts[] = {
    CLI_OPT_TEXT("--host", serve_options, host),
    CLI_OPT_WHOLE("--port", serve_options, port, 0, 65535),
    CLI_OPT_WHOLE("-j", serve_options, threads, 1, 64),
    CLI_OPT_END};

static int cmd_serve_main(int argc, char **argv);

const cli_command cli_cmd_serve = {
    "serve",
    "plansim serve [FILE] [--host 127.0.0.1] [--port 8765] [-j THREADS]",
    cmd_serve_main, serve_opts};

/* True for the loopback addresses: any other host is reachable by others. */
static bool loopback(const char *host) {
  return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 ||
         strcmp(host, "::1") == 0;
}

/* Serves until SIGINT or SIGTERM (blocked here, so that the server's
 * threads inherit the mask and the signal is taken by sigwait). */
static int serve_until_signal(serve_app *app, const serve_options *o) {
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, &old);
  int port, sig;
  serve_server *s = serve_start(app, o->host, (int)o->port, (int)o->threads, &port);
  if (!s) {
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return EXIT_USAGE;
  }
  if (!loopback(o->host)) {
    fprintf(stderr, "plansim: serve: warning: listening on %s: anyone who can reach this "
                    "machine can use the server (there is no authentication)\n", o->host);
  }
  printf("plansim serve: %s on http://%s%s%s:%d/ (Ctrl-C stops)\n",
         serve_app_name(app), strchr(o->host, ':') ? "[" : "", o->host,
         strchr(o->host, ':') ? "]" : "", port);
  fflush(stdout);
  sigwait(&set, &sig);
  serve_stop(s);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  fprintf(stderr, "plansim: serve: stopped (%s)\n", sig == SIGINT ? "Ctrl-C" : "SIGTERM");
  return EXIT_DONE;
}

static int cmd_serve_main(int argc, char **argv) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  serve_options o = {.host = "127.0.0.1", .port = 8765};
  int status;
  if (!cli_parse(&cli_cmd_serve, argc, argv, &o, &status)) {
    return status;
  }
  if (o.common.nfiles > 1) {
    return cli_usage_error("serve takes at most one scenario file");
  }
  o.threads = o.threads ? o.threads : (cores > 0 ? cores : 1);
  sim_source src = {o.common.files[0], NULL, NULL};
  if (!src.file) {
    src = (sim_source){CLI_DEFAULT_SCENARIO_NAME, plansim_default_scenario, NULL};
  }
  serve_app *app;
  sim_status st = serve_app_alloc(src, (int)o.threads, &app);
  if (st != SIM_OK) {
    return cli_exit_status(st);
  }
  status = serve_until_signal(app, &o);
  serve_app_free(app);
  return status;
}
