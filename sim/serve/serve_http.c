/* serve_http.c — serve_handle behind GNU libmicrohttpd: a pool of threads,
 * request bodies gathered up to SERVE_MAX_BODY (a larger one gets 413,
 * at once when its Content-Length says so), one reply per request. */
#include <microhttpd.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "serve/serve.h"

struct serve_server {
  struct MHD_Daemon *daemon;
  serve_app *app;
};

/* One request's body as it arrives. */
typedef struct {
  char *body;
  size_t len;
  bool too_big;
} request;

static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply *r) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    serve_reply_free(r);
    return MHD_NO;
  }
  r->body = NULL; /* the response owns it */
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  if (r->status == 405) {
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
  }
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *why) {
  serve_reply r;
  serve_error(&r, status, why);
  return send_reply(c, &r);
}

/* True when the request says its body is over the limit. */
static bool declared_too_big(struct MHD_Connection *c) {
  const char *length =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  char *end;
  return length && strtoull(length, &end, 10) > SERVE_MAX_BODY;
}

/* Adds a piece of the body; past the limit it is dropped. */
static void gather(request *q, const char *data, size_t size) {
  if (q->too_big || q->len + size > SERVE_MAX_BODY) {
    q->too_big = true;
    return;
  }
  char *grown = realloc(q->body, q->len + size + 1);
  if (!grown) {
    q->too_big = true; /* out of memory: refused as too large */
    return;
  }
  q->body = grown;
  memcpy(q->body + q->len, data, size);
  q->len += size;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **state) {
  (void)version;
  serve_server *s = cls;
  request *q = *state;
  if (!q) { /* the headers: the body (if any) comes in the next calls */
    q = calloc(1, sizeof *q);
    *state = q;
    if (!q) {
      return MHD_NO;
    }
    q->too_big = declared_too_big(c);
    return q->too_big ? send_error(c, 413, "the body is over 64 KiB") : MHD_YES;
  }
  if (*size > 0) {
    gather(q, data, *size);
    *size = 0;
    return MHD_YES;
  }
  if (q->too_big) {
    return send_error(c, 413, "the body is over 64 KiB");
  }
  serve_reply r;
  serve_handle(s->app, method, url, q->body, q->len, &r);
  return send_reply(c, &r);
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why) {
  (void)cls, (void)c, (void)why;
  request *q = *state;
  if (q) {
    free(q->body);
    free(q);
    *state = NULL;
  }
}

/* The address of host (a name or a numeric IPv4/IPv6 address) and port;
 * false with the reason printed. */
static bool resolve(const char *host, int port, struct sockaddr_storage *addr) {
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res;
  char service[16];
  snprintf(service, sizeof service, "%d", port);
  int err = getaddrinfo(host, service, &hints, &res);
  if (err) {
    fprintf(stderr, "plansim: serve: cannot use host %s: %s\n", host, gai_strerror(err));
    return false;
  }
  memcpy(addr, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  return true;
}

serve_server *serve_start(serve_app *app, const char *host, int port, int threads,
                          int *bound) {
  struct sockaddr_storage addr = {0};
  serve_server *s = calloc(1, sizeof *s);
  if (!s || !resolve(host, port, &addr)) {
    free(s);
    return NULL;
  }
  s->app = app;
  unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  if (addr.ss_family == AF_INET6) {
    flags |= MHD_USE_IPv6;
  }
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, answer, s, MHD_OPTION_SOCK_ADDR,
      (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)(threads > 1 ? threads : 1), MHD_OPTION_NOTIFY_COMPLETED, completed, s,
      MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
  if (!s->daemon) {
    fprintf(stderr, "plansim: serve: cannot listen on %s port %d (in use? not an address "
                    "of this machine?)\n", host, port);
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  *bound = info ? info->port : port;
  return s;
}

void serve_stop(serve_server *s) {
  if (s) {
    MHD_stop_daemon(s->daemon);
    free(s);
  }
}
