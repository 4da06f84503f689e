/* serve_page.c — the page's files, compiled into the program from
 * sim/serve/page/ and the ECharts build vendored at set-up (cmake/embed.cmake),
 * so that `plansim serve` needs no file beside it. */
#include <string.h>

#include "serve/serve_impl.h"

extern const char plansim_page_index[], plansim_page_app[], plansim_page_style[],
    plansim_page_echarts[];

static const struct {
  const char *url, *type;
  const char *text;
} files[] = {
    {"/", "text/html; charset=utf-8", plansim_page_index},
    {"/index.html", "text/html; charset=utf-8", plansim_page_index},
    {"/app.js", "text/javascript; charset=utf-8", plansim_page_app},
    {"/style.css", "text/css; charset=utf-8", plansim_page_style},
    {"/echarts.min.js", "text/javascript; charset=utf-8", plansim_page_echarts},
};

const char *serve_page_file(const char *url, const char **type, size_t *len) {
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    if (strcmp(url, files[i].url) == 0) {
      if (type) {
        *type = files[i].type;
      }
      if (len) {
        *len = strlen(files[i].text);
      }
      return files[i].text;
    }
  }
  return NULL;
}
