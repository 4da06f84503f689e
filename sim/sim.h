/* sim.h — what a model sees of the engine: status codes, the parameter and
 * output tables a model declares, the per-year step arguments and the model
 * type.  The only engine header a file in models/ includes. */
#ifndef PLANSIM_SIM_H
#define PLANSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#define SIM_MAX_YEARS 101 /* longest run: a century after its base year */
#define SIM_MAX_LIST 64   /* entries of a list parameter (projects, indicators) */
#define SIM_MAX_CHOICES 8 /* entries of a list of words (water sectors) */

/* One status enum for the whole program: 0 is success, errors are negative. */
typedef enum {
  SIM_OK = 0,
  SIM_ERR_NOMEM = -1,   /* out of memory */
  SIM_ERR_IO = -2,      /* file missing, unreadable or unwritable */
  SIM_ERR_SYNTAX = -3,  /* scenario is not valid libconfig */
  SIM_ERR_INVALID = -4, /* scenario is valid libconfig but not a valid scenario */
  SIM_ERR_BOUND = -5,   /* a run broke a model bound (MODEL.md section 9) */
  SIM_ERR_USAGE = -6,   /* command line misuse */
} sim_status;

/* Short name of a status ("ok", "invalid scenario", ...); never NULL. */
const char *sim_status_name(sim_status s);

/* Kinds of parameter a model may declare. */
typedef enum {
  SIM_REAL,    /* double */
  SIM_INT,     /* int */
  SIM_BOOL,    /* bool */
  SIM_TEXT,    /* const char *, owned by the scenario */
  SIM_CHOICE,  /* int: index into choices */
  SIM_PATH,    /* sim_path: one value per year (MODEL.md section 1) */
  SIM_REALS,   /* double[count] */
  SIM_CHOICES, /* sim_choices: ordered list of distinct words from choices */
  SIM_LIST     /* { int n; item[SIM_MAX_LIST]; }: a list of groups read by `fields` */
} sim_kind;

/* Parameter flags. */
enum {
  SIM_OPTIONAL = 1u << 0,    /* may be absent with no default: reals become NaN */
  SIM_SUM_TO_ONE = 1u << 1,  /* SIM_REALS: the values sum to 1 within 1e-6 */
  SIM_ALL_CHOICES = 1u << 2, /* SIM_CHOICES: every word listed exactly once */
};

typedef struct {
  double v[SIM_MAX_YEARS]; /* v[t]: value in year start + t */
} sim_path;

typedef struct {
  int n;
  int item[SIM_MAX_CHOICES]; /* indices into the parameter's choices */
} sim_choices;

/* One parameter of a model, as a row of the model's table.  The generic
 * loader reads it from the scenario, checks it and stores it at `offset`
 * in the model's parameter struct. */
typedef struct sim_param {
  const char *key;      /* inside the model's group; dots descend into groups */
  sim_kind kind;
  size_t offset;        /* offsetof(model parameter struct, field) */
  double lo, hi;        /* inclusive bounds of every number (every year of a path) */
  const char *fallback; /* default, written as in a scenario file; NULL: required */
  const char *unit, *label, *label_zh;
  unsigned flags;
  int count; /* SIM_REALS: how many values; -k: 1 to k values, their number
                stored as an int at item_offset; SIM_LIST: at most this many
                entries (0: SIM_MAX_LIST) */
  const char *const *choices;  /* SIM_CHOICE, SIM_CHOICES: NULL-terminated words */
  const struct sim_param *fields; /* SIM_LIST: the table of one entry's settings */
  int nfields;
  size_t item_offset, item_size; /* SIM_LIST: offsetof(list, item), sizeof item[0] */
} sim_param;

/* What an output's value rests on (a target's `basis`): computed by a
 * model from other settings, an exogenous path given in the scenario, or
 * tied to another output by an assumed elasticity or ratio. */
typedef enum { SIM_BASIS_MODEL, SIM_BASIS_PATH, SIM_BASIS_FOLLOW } sim_basis;
extern const char *const sim_basis_names[]; /* "model", "path", "follow" */

/* One output of a model.  The engine checks lo <= value <= hi every year.
 * basis defaults to SIM_BASIS_MODEL (0) when left out. */
typedef struct {
  const char *name; /* without the model prefix, e.g. "gdp" */
  const char *unit, *label, *label_zh;
  double lo, hi;
  int basis; /* sim_basis */
} sim_output;

/* Phases of a year, in the order of MODEL.md section 2. */
typedef enum {
  SIM_PHASE_POTENTIAL, /* economy and compute: potential activity */
  SIM_PHASE_ALLOCATE,  /* water: demands, allocation, limits on activity */
  SIM_PHASE_REALISE,   /* economy and compute: realised activity */
  SIM_PHASE_FOLLOW,    /* water use, energy, carbon: follow realised activity */
  SIM_PHASE_INDICATORS,
  SIM_NPHASES
} sim_phase;

/* What a step function gets.  `now` and `prev` hold every output of the run
 * (indexed by the layout, see sim_layout_find); `mine` is now + the model's
 * first output, so a model writes mine[MY_OUTPUT].
 *
 * Lanes: a batch computes `lanes` runs side by side, so that one pass of a
 * step's loop does the same sum for several runs (in vector instructions).
 * Output i of lane r is at now[i * lanes + r]; lane r's parameters are at
 * sim_lane(s, r).  Numbers may differ between lanes, lists and text do not
 * (a batch samples only numbers), so those are read from `params`.  Outside
 * batches lanes is 1 and now[i] is output i. */
typedef struct {
  int t;               /* years since start; 0 is the base year */
  int year;            /* calendar year, start + t */
  int n;               /* end - start */
  int lanes;           /* runs side by side, >= 1 */
  size_t stride;       /* bytes from one lane's parameters to the next (0: the same) */
  const void *params;  /* the model's parameter struct, lane 0 */
  void *links;         /* what the model's link() resolved; also its own scratch */
  double *now;         /* outputs of year t */
  const double *prev;  /* outputs of year t-1; NULL when t == 0 */
  double *mine;        /* now + this model's first output (times lanes) */
  const double *mine_prev; /* prev + this model's first output; NULL when t == 0 */
} sim_step;

#define SIM_MAX_LANES 64

/* Lane r's parameter struct. */
static inline const void *sim_lane(const sim_step *s, int r) {
  return (const char *)s->params + (size_t)r * s->stride;
}

/* The loop over L lanes.  Each lane reads and writes only its own
 * elements, so the iterations are independent (ivdep lets the compiler
 * vectorise without proving it). */
#define SIM_FOR_LANES(r, L) _Pragma("GCC ivdep") for (int r = 0; r < (L); r++)

/* Lane loops over a count known when compiling need no remainder and no
 * run-time checks.  A model writes a step as NAME_lanes(s, L), with its
 * helpers SIM_LANE_INLINE, and SIM_LANE_STEP(NAME) defines the step NAME(s):
 * NAME_lanes with L = SIM_BATCH_LANES, the batch's lanes, as a constant, or
 * with s->lanes (1 outside batches). */
#define SIM_BATCH_LANES 64
/* Each step compiled twice, for AVX2 and for any x86-64, chosen when the
 * program starts (GCC's target_clones, on x86-64 with glibc's ifunc);
 * -DPLANSIM_NO_CLONES builds one form only (both give the same bits). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                    \
    !defined(PLANSIM_NO_CLONES)
#define SIM_LANE_TARGETS __attribute__((target_clones("avx2", "default")))
#else
#define SIM_LANE_TARGETS
#endif
#define SIM_LANE_INLINE static inline __attribute__((always_inline))
#define SIM_LANE_STEP(name)                                                              \
  SIM_LANE_TARGETS static void name(const sim_step *s) {                                 \
    if (s->lanes == SIM_BATCH_LANES) {                                                   \
      name##_lanes(s, SIM_BATCH_LANES);                                                  \
    } else {                                                                             \
      name##_lanes(s, s->lanes);                                                         \
    }                                                                                    \
  }

typedef void (*sim_step_fn)(const sim_step *s);

/* Names of every output of a run, in order.  Opaque to models. */
typedef struct sim_layout sim_layout;

/* Index of output `name` ("water.factor_compute") in the layout, or -1. */
int sim_layout_find(const sim_layout *l, const char *name);

/* Collected scenario diagnostics.  Opaque to models. */
typedef struct sim_diags sim_diags;

/* Reports a problem with the setting at `path` ("economy.shares0"); the
 * diagnostics know the file and line.  `got` may be NULL. */
void sim_diag_at(sim_diags *d, const char *path, const char *got, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* What a model's link() calls for each output of another model it reads:
 * the index of output `name` in the layout.  When there is none (an output
 * renamed or removed without its readers), reports through d which model
 * asked for which output and what the model that should provide it has,
 * and returns -1; the engine then refuses to build (SIM_ERR_INVALID), so a
 * step never indexes with -1.  A linear search: call it at link time only. */
int sim_layout_need(const sim_layout *l, const char *model, const char *name,
                    sim_diags *d);

/* Extra information about a broken bound, filled by a model's check(). */
typedef struct {
  int output;        /* index in the layout */
  double value, bound;
  const char *rule;  /* e.g. "use <= demand + 1e-9 in enforce mode" */
} sim_breach;

/* A model: its tables and its functions.  The engine knows models only
 * through this struct; adding a model adds a line to the registry. */
/* What a capacity hook reads of a finished run, through functions of its
 * caller (models see no engine): an output by name in a calendar year, and
 * a path setting of any model ("compute.eff_new") in year start + t.  Both
 * NaN where there is no such output, setting or year. */
typedef struct {
  const void *ctx;
  double (*value)(const void *ctx, const char *output, int year);
  double (*setting)(const void *ctx, const char *path, int t);
} sim_run_view;

/* One row of a capacity hook: how much of a driver a limit the model holds
 * allows in one year, every other user as projected (docs/capacity.md). */
typedef struct {
  int year;
  const char *driver, *unit; /* static strings, as written in capacity.csv */
  double projected, allowed; /* allowed NaN where the limit does not bind the driver */
  double use_projected, use_allowed; /* the driver's use of the limited resource */
} sim_capacity_row;

#define SIM_MAX_CAPACITY_ROWS 8 /* rows a capacity hook fills per year */

typedef struct sim_model_type {
  const char *name, *label, *label_zh;
  size_t params_size;
  const sim_param *params;
  int nparams;
  const sim_output *outputs; /* the static outputs */
  int noutputs;
  size_t links_size; /* bytes of link data per engine */

  /* Optional.  Cross-setting checks and derived defaults after the table
   * loader has filled `params`. */
  void (*finish)(void *params, sim_diags *d);
  /* Optional.  The unit of static output i for these parameters (a string
   * owned by params), where it depends on them. */
  const char *(*output_unit)(const void *params, int i);
  /* Optional.  Outputs added by the scenario (indicators): how many, and
   * the i-th one's description (strings owned by params). */
  int (*count_extra)(const void *params);
  void (*extra_output)(const void *params, int i, sim_output *out);
  /* Optional.  Resolves the outputs of other models this model reads; a
   * problem is a scenario error reported through d. */
  void (*link)(const void *params, void *links, const sim_layout *l, int first,
               sim_diags *d);
  /* One function per phase, NULL where the model has nothing to do. */
  sim_step_fn step[SIM_NPHASES];
  /* Optional.  Checks beyond every output's bounds: returns the lanes that
   * break one (bit r for lane r), and fills breach with lane 0's first. */
  uint64_t (*check)(const sim_step *s, sim_breach *breach);
  /* Optional.  Random variation the model adds to one run of a batch
   * beyond its sampled inputs (the economy's growth shocks): draws from
   * rng, already seeded for the run, into params, one run's copy (years
   * from the base year on).  A model with a perturb hook has its own
   * parameters in each lane of a batch. */
  void (*perturb)(void *params, gsl_rng *rng, int years);
  /* Optional.  The inverse of a limit the model holds (the water red
   * line): the rows of year `year` (t years after the start) of a finished
   * run, at most SIM_MAX_CAPACITY_ROWS.  Returns how many.  Owned by the model so that its allocation equations are
   * inverted where they are written. */
  int (*capacity)(const void *params, const sim_run_view *run, int year, int t,
                  sim_capacity_row *rows);
} sim_model_type;

/* Helpers for the (t-1) comparisons models make. */
static inline double sim_min(double a, double b) { return a < b ? a : b; }
static inline double sim_max(double a, double b) { return a > b ? a : b; }
static inline double sim_clamp(double x, double lo, double hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

#endif
