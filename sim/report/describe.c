/* describe.c — `plansim describe` from the models' parameter and output
 * tables. */
#include "report/describe.h"

#include <math.h>
#include <string.h>

#include "core/registry.h"

static const char *kind_name(const sim_param *p) {
  static const char *const names[] = {
      [SIM_REAL] = "real",   [SIM_INT] = "integer", [SIM_BOOL] = "bool",
      [SIM_TEXT] = "text",   [SIM_CHOICE] = "word", [SIM_PATH] = "path",
      [SIM_REALS] = "reals", [SIM_CHOICES] = "words", [SIM_LIST] = "list"};
  return names[p->kind];
}

static void print_bounds(FILE *out, double lo, double hi) {
  if (isfinite(lo) || isfinite(hi)) {
    fprintf(out, " [");
    isfinite(lo) ? fprintf(out, "%g", lo) : fprintf(out, "-inf");
    fprintf(out, ", ");
    isfinite(hi) ? fprintf(out, "%g", hi) : fprintf(out, "inf");
    fprintf(out, "]");
  }
}

static void print_params(FILE *out, const sim_param *table, int n, const char *indent) {
  for (int i = 0; i < n; i++) {
    const sim_param *p = &table[i];
    fprintf(out, "%s%-24s %-8s", indent, *p->key ? p->key : "(entries)", kind_name(p));
    if (p->kind == SIM_REALS) {
      fprintf(out, "[%d]", p->count);
    }
    if (*p->unit) {
      fprintf(out, " %s", p->unit);
    }
    if (p->kind == SIM_REAL || p->kind == SIM_PATH || p->kind == SIM_REALS ||
        p->kind == SIM_INT) {
      print_bounds(out, p->lo, p->hi);
    }
    if (p->choices) {
      fprintf(out, " one of:");
      for (int w = 0; p->choices[w]; w++) {
        fprintf(out, " %s", p->choices[w]);
      }
    }
    if (p->fallback) {
      fprintf(out, " default %s", p->fallback);
    } else if (p->flags & SIM_OPTIONAL) {
      fprintf(out, " optional");
    } else {
      fprintf(out, " required");
    }
    fprintf(out, "\n%s    %s / %s\n", indent, p->label, p->label_zh);
    if (p->kind == SIM_LIST) {
      print_params(out, p->fields, p->nfields, "      ");
    }
  }
}

static void print_model(FILE *out, const sim_model_type *mt) {
  fprintf(out, "%s — %s / %s\n  parameters:\n", mt->name, mt->label, mt->label_zh);
  print_params(out, mt->params, mt->nparams, "    ");
  fprintf(out, "  outputs:\n");
  for (int i = 0; i < mt->noutputs; i++) {
    const sim_output *o = &mt->outputs[i];
    fprintf(out, "    %s.%-28s %-12s %s / %s\n", mt->name, o->name, o->unit, o->label,
            o->label_zh);
  }
  if (mt->count_extra) {
    fprintf(out, "    %s.<name>: one output per entry\n", mt->name);
  }
  fputc('\n', out);
}

sim_status sim_describe(FILE *out, const char *name) {
  if (name && !sim_model_find(name)) {
    return SIM_ERR_USAGE;
  }
  for (int m = 0; m < sim_nmodels; m++) {
    if (!name || strcmp(name, sim_models[m]->name) == 0) {
      print_model(out, sim_models[m]);
    }
  }
  if (!name) { /* what the scenario's targets and plansim solve's levers take */
    fputs("targets: kinds level, growth, cumulative, reduction, synced, max, min, peak (the\n"
          "  first year of the largest value in from..to; op \"<=\", value a year before to)\n"
          "solve levers: any number or path setting above, PATH=LO:HI, PATH:scale=LO:HI,\n"
          "  PATH:shift=LO:HI or PATH:rate=LO:HI (a path from its base-year value at LO..HI\n"
          "  per year); capacity drivers: population, irrigated_land, industry_services,\n"
          "  compute (plansim capacity)\n",
          out);
  }
  return SIM_OK;
}
