/* indicators.c — generic plan indicators: value paths, logistic curves and
 * followers of other outputs (MODEL.md section 7). */
#include "indicators.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define F(field) offsetof(indicator, field)

static const sim_param fields[] = {
    {"name", SIM_TEXT, F(name), 0, 0, NULL, "", "Identifier; output indicators.<name>",
     "指标标识", 0, 0, NULL},
    {"unit", SIM_TEXT, F(unit), 0, 0, "\"\"", "", "Unit", "单位", 0, 0, NULL},
    {"label", SIM_TEXT, F(label), 0, 0, "\"\"", "", "English label", "英文名称", 0, 0,
     NULL},
    {"label_zh", SIM_TEXT, F(label_zh), 0, 0, "\"\"", "", "Chinese label", "中文名称", 0,
     0, NULL},
    {"value", SIM_PATH, F(value), -INFINITY, INFINITY, NULL, "unit",
     "Form 1: the indicator's path", "指标路径", SIM_OPTIONAL, 0, NULL},
    {"logistic.base", SIM_REAL, F(base), 0, INFINITY, NULL, "unit",
     "Form 2: logistic curve, base-year value", "逻辑斯蒂曲线基期值", SIM_OPTIONAL, 0, NULL},
    {"logistic.rate", SIM_REAL, F(rate), -10, 10, NULL, "1/yr",
     "Form 2: logistic curve, growth rate", "逻辑斯蒂曲线增长率", SIM_OPTIONAL, 0, NULL},
    {"logistic.ceiling", SIM_REAL, F(ceiling), 0, INFINITY, NULL, "unit",
     "Form 2: logistic curve, ceiling", "逻辑斯蒂曲线上限", SIM_OPTIONAL, 0, NULL},
    {"follow.of", SIM_TEXT, F(of), 0, 0, NULL, "",
     "Form 3: the output followed (a model output or an earlier indicator)", "跟随的变量",
     SIM_OPTIONAL, 0, NULL},
    {"follow.base", SIM_REAL, F(follow_base), -INFINITY, INFINITY, NULL, "unit",
     "Form 3: base-year value", "基期值", SIM_OPTIONAL, 0, NULL},
    {"follow.elasticity", SIM_REAL, F(elasticity), -100, 100, NULL, "",
     "Form 3: growth per unit of growth of the followed output", "弹性系数", SIM_OPTIONAL,
     0, NULL},
};

static const sim_param parameters[] = {
    {"", SIM_LIST, 0, 0, 0, "()", "", "Plan indicators, each an output indicators.<name>",
     "规划指标", 0, 0, NULL, fields, (int)(sizeof fields / sizeof fields[0]),
     offsetof(indicators_params, item), sizeof(indicator)},
};

/* A logistic indicator's values in every year, for the parameters in key
 * (NaN until computed): a batch changes them only when it samples them. */
typedef struct {
  double key[3]; /* base, rate, ceiling: the bytes of the indicator's */
  double v[SIM_MAX_YEARS];
} logistic_memo;

/* Per indicator, where its followed output is (form follow); the
 * indicators of each form, in order; and the logistic memos. */
typedef struct {
  int of[SIM_MAX_LIST];
  int by_form[3][SIM_MAX_LIST]; /* by_form[INDICATOR_VALUE] ... */
  int count[3];
  logistic_memo memo[SIM_MAX_LIST];
} indicators_links;

static bool valid_name(const char *s) {
  if (!s || !*s) {
    return false;
  }
  for (; *s; s++) {
    if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) {
      return false;
    }
  }
  return true;
}

/* Which form an entry uses; reports entries with none, several or an
 * incomplete one. */
static void settle_form(indicator *x, int i, sim_diags *d) {
  char path[64];
  bool value = !isnan(x->value.v[0]);
  bool logistic = !isnan(x->base) || !isnan(x->rate) || !isnan(x->ceiling);
  bool follow = x->of || !isnan(x->follow_base) || !isnan(x->elasticity);
  snprintf(path, sizeof path, "indicators.[%d]", i);
  if ((int)value + (int)logistic + (int)follow != 1) {
    sim_diag_at(d, path, NULL, "give exactly one of value, logistic or follow");
    return;
  }
  x->form = value ? INDICATOR_VALUE : logistic ? INDICATOR_LOGISTIC : INDICATOR_FOLLOW;
  if (logistic && (isnan(x->base) || isnan(x->rate) || isnan(x->ceiling))) {
    sim_diag_at(d, path, NULL, "logistic needs base, rate and ceiling");
  } else if (logistic && (!(x->base > 0 && x->ceiling > 0) ||
                          (x->base > x->ceiling && x->rate < 0))) {
    /* a rise towards the ceiling, or with rate >= 0 a fall towards it;
     * a fall with rate < 0 reaches a pole, in a year that depends on them */
    sim_diag_at(d, path, NULL,
                "logistic needs base > 0 and ceiling > 0, and rate >= 0 when base > ceiling "
                "(falling with a negative rate, the curve reaches a pole)");
  } else if (follow && (!x->of || isnan(x->follow_base) || isnan(x->elasticity))) {
    sim_diag_at(d, path, NULL, "follow needs of, base and elasticity");
  }
}

static void finish(void *p, sim_diags *d) {
  indicators_params *ind = p;
  char path[64];
  for (int i = 0; i < ind->n; i++) {
    indicator *x = &ind->item[i];
    snprintf(path, sizeof path, "indicators.[%d].name", i);
    if (!valid_name(x->name)) {
      char got[128];
      snprintf(got, sizeof got, "\"%s\"", x->name ? x->name : "");
      sim_diag_at(d, path, got, "must be lowercase letters, digits and _");
    }
    for (int j = 0; j < i; j++) {
      if (x->name && ind->item[j].name && strcmp(x->name, ind->item[j].name) == 0) {
        char got[128];
        snprintf(got, sizeof got, "\"%s\"", x->name);
        sim_diag_at(d, path, got, "already used by indicator %d", j);
      }
    }
    settle_form(x, i, d);
  }
}

/* Indicators are outputs the scenario adds (MODEL.md 7), so their number,
 * names and units come from the parameters, not from a static table. */
static int count_extra(const void *p) {
  return ((const indicators_params *)p)->n;
}

static void extra_output(const void *p, int i, sim_output *out) {
  const indicator *x = &((const indicators_params *)p)->item[i];
  /* unbounded: a plan's indicator may be any number, and a bound here
   * would stop runs for a figure no model computes from; a value path or a
   * logistic curve is given in the scenario, a follower is tied to its
   * output by the elasticity it assumes */
  *out = (sim_output){x->name ? x->name : "", x->unit ? x->unit : "", x->label ? x->label : "",
                      x->label_zh ? x->label_zh : "", -INFINITY, INFINITY,
                      x->form == INDICATOR_FOLLOW ? SIM_BASIS_FOLLOW : SIM_BASIS_PATH};
}

/* Orders the followers in by_form[INDICATOR_FOLLOW] so that each comes
 * after a follower it reads (paths and logistic curves are all computed
 * before any follower); returns -1, or the first follower of a cycle. */
static int order_followers(const indicators_params *ind, indicators_links *k, int first) {
  bool placed[SIM_MAX_LIST] = {false};
  int n = 0;
  for (bool progress = true; progress;) {
    progress = false;
    for (int i = 0; i < ind->n; i++) {
      if (ind->item[i].form != INDICATOR_FOLLOW || placed[i]) {
        continue;
      }
      int dep = k->of[i] - first; /* the indicator it reads, if one */
      bool waits = dep >= 0 && dep < ind->n && ind->item[dep].form == INDICATOR_FOLLOW &&
                   !placed[dep];
      if (!waits) {
        placed[i] = progress = true;
        k->by_form[INDICATOR_FOLLOW][n++] = i;
      }
    }
  }
  for (int i = 0; i < ind->n; i++) {
    if (ind->item[i].form == INDICATOR_FOLLOW && !placed[i]) {
      return i;
    }
  }
  return -1;
}

/* A follower may read any output: of a model, or of another indicator
 * (followers are computed after what they read; a cycle is an error). */
static void link(const void *p, void *links, const sim_layout *l, int first,
                 sim_diags *d) {
  const indicators_params *ind = p;
  indicators_links *k = links;
  char path[64], got[128];
  bool found = true;
  for (int i = 0; i < ind->n; i++) {
    const indicator *x = &ind->item[i];
    k->by_form[x->form][k->count[x->form]++] = i;
    k->memo[i].key[0] = NAN; /* the bytes of no valid base */
    if (x->form != INDICATOR_FOLLOW || !x->of) {
      continue;
    }
    /* sim_layout_find, not sim_layout_need: the name comes from the
     * scenario, so a wrong one is reported at the scenario's setting, not
     * as a missing link between models */
    k->of[i] = sim_layout_find(l, x->of);
    if (k->of[i] < 0) {
      snprintf(path, sizeof path, "indicators.[%d].follow.of", i);
      snprintf(got, sizeof got, "\"%s\"", x->of);
      sim_diag_at(d, path, got, "no such output (trajectories.csv lists them)");
      found = false;
    }
  }
  int cycle = found ? order_followers(ind, k, first) : -1;
  if (cycle >= 0) {
    snprintf(path, sizeof path, "indicators.[%d].follow.of", cycle);
    snprintf(got, sizeof got, "\"%s\"", ind->item[cycle].of);
    sim_diag_at(d, path, got, "followers follow each other in a cycle");
  }
}

/* The logistic curve c / (1 + (c / b - 1) e^(-r t)) in year t, from the
 * memo, which is filled for every year when the parameters change. */
static double logistic(const indicator *x, logistic_memo *m, const sim_step *s) {
  if (memcmp(m->key, &x->base, sizeof m->key) != 0) {
    for (int t = 0; t <= s->n; t++) {
      m->v[t] = x->ceiling / (1 + (x->ceiling / x->base - 1) * exp(-x->rate * (double)t));
    }
    memcpy(m->key, &x->base, sizeof m->key);
  }
  return m->v[s->t];
}

/* Paths and logistic curves first, then followers, each after a follower
 * it reads (link).  Indicators are list items, which batches do not
 * sample: every lane has lane 0's values. */
SIM_LANE_INLINE void step_lanes(const sim_step *s, int L) {
  const indicators_params *ind = s->params;
  indicators_links *k = s->links;
  double *y = s->mine;
  for (int j = 0; j < k->count[INDICATOR_VALUE]; j++) {
    int i = k->by_form[INDICATOR_VALUE][j];
    double v = ind->item[i].value.v[s->t];
    SIM_FOR_LANES(r, L) {
      y[i * L + r] = v;
    }
  }
  for (int j = 0; j < k->count[INDICATOR_LOGISTIC]; j++) {
    int i = k->by_form[INDICATOR_LOGISTIC][j];
    double v = logistic(&ind->item[i], &k->memo[i], s);
    SIM_FOR_LANES(r, L) {
      y[i * L + r] = v;
    }
  }
  for (int j = 0; j < k->count[INDICATOR_FOLLOW]; j++) {
    int i = k->by_form[INDICATOR_FOLLOW][j], of = k->of[i];
    const indicator *x = &ind->item[i];
    if (s->t == 0) {
      SIM_FOR_LANES(r, L) {
        y[i * L + r] = x->follow_base;
      }
      continue;
    }
    /* MODEL.md 7: the indicator moves by elasticity times the relative
     * change of what it follows, year on year */
    SIM_FOR_LANES(r, L) {
      double change = s->now[of * L + r] / s->prev[of * L + r] - 1;
      y[i * L + r] = s->mine_prev[i * L + r] * (1 + x->elasticity * change);
    }
  }
}

SIM_LANE_STEP(step)

const sim_model_type indicators_model = {
    .name = "indicators",
    .label = "Plan indicators",
    .label_zh = "规划指标",
    .params_size = sizeof(indicators_params),
    .params = parameters,
    .nparams = 1,
    .outputs = NULL,
    .noutputs = 0,
    .links_size = sizeof(indicators_links),
    .finish = finish,
    .count_extra = count_extra,
    .extra_output = extra_output,
    .link = link,
    .step = {[SIM_PHASE_INDICATORS] = step},
};
