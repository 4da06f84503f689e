/* fuzz_serve.c — a libFuzzer harness for serve_handle, the server's pure
 * request function (no sockets).  An input is "METHOD URL\nBODY".  Built
 * with clang -fsanitize=fuzzer when PLANSIM_FUZZ is on; otherwise its own
 * main replays the files named on the command line (CTest replays the
 * corpus in serve_corpus/).  POST /api/batch is answered with a 400 unless
 * its runs are few, so that the fuzzer spends its time on parsing. */
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

extern const char plansim_default_scenario[];

static serve_app *app_once(void) {
  static serve_app *app;
  if (!app) {
    gsl_set_error_handler_off();
    sim_source src = {"fuzz.cfg", plansim_default_scenario, NULL};
    if (serve_app_alloc(src, 1, &app) != SIM_OK) {
      abort();
    }
  }
  return app;
}

/* A batch of more than 100 runs is too slow for fuzzing. */
static int slow(const char *url, const char *body) {
  const char *runs = strncmp(url, "/api/batch", 10) == 0 ? strstr(body, "runs") : NULL;
  return runs && strtol(runs + strcspn(runs, "0123456789"), NULL, 10) > 100;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) {
    return 0;
  }
  memcpy(text, data, size);
  text[size] = '\0';
  char *space = strchr(text, ' '), *nl = space ? strchr(space + 1, '\n') : NULL;
  if (nl && !slow(space + 1, nl + 1)) {
    *space = *nl = '\0';
    serve_reply r;
    size_t head = (size_t)(nl + 1 - text);
    serve_handle(app_once(), text, space + 1, nl + 1, size - head, &r);
    if (r.status < 200 || r.status > 599 || (r.status != 200 && !r.body)) {
      abort(); /* every request gets an answer */
    }
    serve_reply_free(&r);
  }
  free(text);
  return 0;
}

#ifndef PLANSIM_LIBFUZZER
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    static uint8_t buf[1 << 20];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (!f) {
      fprintf(stderr, "fuzz_serve: cannot read %s\n", argv[i]);
      return 2;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
  }
  printf("fuzz_serve: %d inputs replayed\n", argc - 1);
  serve_app_free(app_once());
  return 0;
}
#endif
