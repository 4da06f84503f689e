/* serve.h — `plansim serve`: the plan explorer over HTTP.  A request is
 * answered by serve_handle, a pure function of (method, url, body) that
 * touches no socket, so tests and a fuzz harness can call it directly;
 * serve_http.c puts it behind GNU libmicrohttpd. */
#ifndef PLANSIM_SERVE_H
#define PLANSIM_SERVE_H

#include <stddef.h>

#include "scenario/scenario.h"

#define SERVE_MAX_BODY (64 * 1024) /* larger request bodies get 413 */
#define SERVE_MAX_RUNS 100000      /* most runs of one POST /api/batch */

typedef struct serve_app serve_app;

/* One answer: HTTP status, content type (static text) and body (malloc'd,
 * owned by the reply; free with serve_reply_free). */
typedef struct {
  int status;
  const char *type;
  char *body;
  size_t len;
} serve_reply;

/* Loads the scenario of src once (problems printed on stderr) and derives
 * its levers; `threads` is what a batch request may use.  Returns SIM_OK
 * with *out owned by the caller (serve_app_free), or the load's status. */
sim_status serve_app_alloc(sim_source src, int threads, serve_app **out);
void serve_app_free(serve_app *app);

/* The scenario's name (owned by app). */
const char *serve_app_name(const serve_app *app);

/* Answers one request: method ("GET", "POST", ...), url (path, a query
 * is ignored), body of len bytes (need not be NUL-terminated; len above
 * SERVE_MAX_BODY gives 413).  Thread-safe: many requests may be answered
 * at once.  Reads no file; a batch writes and reads its own temporary
 * folder (serve_batch.c says why). */
void serve_handle(serve_app *app, const char *method, const char *url, const char *body,
                  size_t len, serve_reply *out);
void serve_reply_free(serve_reply *r);

/* A JSON error reply {"error": message} with the given status. */
void serve_error(serve_reply *out, int status, const char *message);

typedef struct serve_server serve_server;

/* Listens on host:port (port 0: any free port) with a pool of `threads`
 * threads answering with serve_handle; the port bound goes to *bound.
 * Returns the server (stop it with serve_stop), or NULL with the reason
 * printed on stderr.  Block SIGINT and SIGTERM first: the pool's threads
 * inherit the mask, and the caller waits for the signal (sigwait). */
serve_server *serve_start(serve_app *app, const char *host, int port, int threads,
                          int *bound);
/* Stops listening, finishes the requests under way and frees s. */
void serve_stop(serve_server *s);

#endif
