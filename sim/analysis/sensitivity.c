/* sensitivity.c — the design, its cases and each quantity's indices.  The
 * unit cube is mapped to the inputs through their inverse CDFs, as a batch
 * samples them: a Sobol coordinate u directly, a Morris grid level g (k /
 * (p - 1)) as the middle of its probability stratum, u = (k + 1/2) / p,
 * so that every level has a finite value whatever the law. */
#include "analysis/sensitivity.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/memory.h"
#include "core/outfile.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The design in the unit cube, runs x d: Saltelli's, or Morris's grid
 * mapped to stratum middles.  Caller frees. */
static double *unit_design(const sa_options *o, int d, long runs) {
  double *u = malloc((size_t)runs * (size_t)d * sizeof *u);
  if (!u) {
    return NULL;
  }
  if (o->method == SA_SOBOL) {
    if (sobol_design(o->n, d, u) != SIM_OK) {
      free(u);
      return NULL;
    }
    return u;
  }
  if (morris_design(o->n, d, o->levels, o->seed, u) != SIM_OK) {
    free(u);
    return NULL;
  }
  return u;
}

/* The inputs' values of every run: input j's law at u (Morris: at the
 * middle of level g's stratum). */
static double *input_values(const sa_options *o, const sim_uncertainty *u, const double *unit,
                            long runs) {
  int d = u->inputs.n;
  double *x = malloc((size_t)runs * (size_t)d * sizeof *x);
  for (long k = 0; x && k < runs * d; k++) {
    double p = unit[k];
    if (o->method == SA_MORRIS) {
      p = (round(p * (o->levels - 1)) + 0.5) / o->levels;
    }
    x[k] = sim_dist_quantile(&u->inputs.item[k % d].law, p);
  }
  return x;
}

/* The indices of quantities taken one at a time by threads. */
typedef struct {
  sa_result *r;
  const sa_options *o;
  const double *unit, *y;
  const int *resample;
  pthread_mutex_t lock;
  int next;
} analysis_job;

static bool finite_all(const double *y, long n) {
  for (long i = 0; i < n; i++) {
    if (!isfinite(y[i])) {
      return false;
    }
  }
  return true;
}

static void analyse_one(analysis_job *job, int k) {
  sa_result *r = job->r;
  sa_quantity *q = &r->item[k];
  const double *y = job->y + (size_t)k * (size_t)r->runs;
  q->undefined = !finite_all(y, r->runs);
  double sum = 0;
  for (long i = 0; i < r->runs; i++) {
    sum += y[i];
  }
  r->mean[k] = sum / (double)r->runs;
  if (q->undefined) {
    return;
  }
  if (job->o->method == SA_SOBOL) {
    q->defined = sobol_analyze(y, job->o->n, r->d, job->resample, q->sobol);
  } else {
    q->defined = morris_analyze(job->unit, y, job->o->n, r->d, job->o->levels, job->resample,
                                q->morris);
  }
}

static void *analyse(void *arg) {
  analysis_job *job = arg;
  for (;;) {
    pthread_mutex_lock(&job->lock);
    int k = job->next++;
    pthread_mutex_unlock(&job->lock);
    if (k >= job->r->nq) {
      return NULL;
    }
    analyse_one(job, k);
  }
}

static void analyse_all(analysis_job *job, int threads) {
  pthread_t tid[64];
  int started = 1, n = threads < 1 ? 1 : threads > 64 ? 64 : threads;
  while (started < n && pthread_create(&tid[started], NULL, analyse, job) == 0) {
    started++;
  }
  analyse(job);
  for (int k = 1; k < started; k++) {
    pthread_join(tid[k], NULL);
  }
}

static sa_result *result_alloc(int d, int nq, long runs, const cases_quantities *q) {
  sa_result *r = calloc(1, sizeof *r);
  if (!r) {
    return NULL;
  }
  r->d = d;
  r->nq = nq;
  r->runs = runs;
  r->q = *q;
  r->item = calloc((size_t)nq, sizeof *r->item);
  r->mean = calloc((size_t)nq, sizeof *r->mean);
  bool ok = r->item && r->mean;
  for (int k = 0; ok && k < nq; k++) {
    r->item[k].sobol = calloc((size_t)d, sizeof(sobol_index));
    r->item[k].morris = calloc((size_t)d, sizeof(morris_index));
    ok = r->item[k].sobol && r->item[k].morris;
  }
  if (!ok) {
    sa_free(r);
    return NULL;
  }
  return r;
}

sim_status sa_run(sim_scenario *sc, const sim_uncertainty *u, const cases_quantities *q,
                  const sa_options *o, sa_result **out) {
  int d = u->inputs.n, nq = cases_quantity_count(q);
  long runs = o->method == SA_SOBOL ? sobol_runs(o->n, d) : morris_runs(o->n, d);
  sa_result *r = result_alloc(d, nq, runs, q);
  if (r) {
    r->n = o->n;
  }
  double *unit = unit_design(o, d, runs);
  double *x = unit ? input_values(o, u, unit, runs) : NULL;
  /* every quantity of every run, written once (85 MB for the default
   * scenario at N = 4096): on huge pages, a third of the runs' time saved */
  double *y = sim_alloc_huge((size_t)nq * (size_t)runs * sizeof(double));
  int *resample = o->method == SA_SOBOL ? sobol_resamples(o->n, o->seed)
                                         : morris_resamples(o->n, o->seed);
  sim_status st = SIM_ERR_NOMEM;
  if (r && x && y && resample) {
    double t0 = now();
    st = sim_cases_run(sc, u, x, runs, q, o->threads, y, &r->failures);
    r->run_seconds = now() - t0;
  }
  if (st == SIM_OK) {
    double t0 = now();
    analysis_job job = {r, o, unit, y, resample, PTHREAD_MUTEX_INITIALIZER, 0};
    analyse_all(&job, o->threads);
    r->analysis_seconds = now() - t0;
  }
  free(unit);
  free(x);
  free(y);
  free(resample);
  if (st != SIM_OK) {
    sa_free(r);
    r = NULL;
  }
  *out = r;
  return st;
}

void sa_free(sa_result *r) {
  if (!r) {
    return;
  }
  for (int k = 0; r->item && k < r->nq; k++) {
    free(r->item[k].sobol);
    free(r->item[k].morris);
  }
  free(r->item);
  free(r->mean);
  free(r);
}

const char *sa_quantity_name(const sa_result *r, const sim_engine *e, int k, int *year) {
  static const char *const all = "met:all_binding";
  const cases_quantities *q = &r->q;
  *year = 0;
  if (k < q->ts->n || k < 2 * q->ts->n) {
    return q->ts->item[k % q->ts->n].id; /* prefixed by the writer */
  }
  if (k == cases_all_binding_quantity(q)) {
    return all;
  }
  int o = (k - 2 * q->ts->n - 1) / q->years, t = (k - 2 * q->ts->n - 1) % q->years;
  *year = sim_engine_start(e) + t;
  return sim_engine_output(e, q->outputs[o])->name;
}

/* Quantity k's first two cells, "quantity,year,". */
static void put_quantity(FILE *f, const sa_result *r, const sim_engine *e, int k) {
  int year;
  const char *name = sa_quantity_name(r, e, k, &year);
  const char *prefix = k < r->q.ts->n ? "target:" : k < 2 * r->q.ts->n ? "met:" : "";
  fputs(prefix, f);
  sim_put_csv_text(f, name);
  if (year) {
    fprintf(f, ",%d,", year);
  } else {
    fputs(",,", f);
  }
}

static void put_cells(FILE *f, const double *v, int n) {
  for (int i = 0; i < n; i++) {
    fputc(',', f);
    sim_put_number(f, v[i]);
  }
  fputc('\n', f);
}

static void csv(FILE *f, const sa_result *r, const sim_uncertainty *u, const sim_engine *e,
                int method) {
  fputs(method == SA_SOBOL ? "quantity,year,input,S1,S1_conf,ST,ST_conf\n"
                           : "quantity,year,input,mu_star,mu_star_conf,sigma\n",
        f);
  for (int k = 0; k < r->nq; k++) {
    const sa_quantity *q = &r->item[k];
    for (int j = 0; j < r->d; j++) {
      put_quantity(f, r, e, k);
      sim_put_csv_text(f, u->inputs.item[j].path);
      if (method == SA_SOBOL) {
        const sobol_index *s = &q->sobol[j];
        double v[4] = {s->s1, s->s1_conf, s->st, s->st_conf};
        put_cells(f, q->defined ? v : (double[4]){NAN, NAN, NAN, NAN}, 4);
      } else {
        const morris_index *m = &q->morris[j];
        double v[3] = {m->mu_star, m->mu_star_conf, m->sigma};
        put_cells(f, q->defined ? v : (double[3]){NAN, NAN, NAN}, 3);
      }
    }
  }
}

sim_status sa_write_csv(const char *dir, const sa_result *r, const sim_uncertainty *u,
                        const sim_engine *e, int method, char *why, size_t size) {
  sim_outfile *f = sim_outfile_open(dir, "sensitivity.csv", why, size);
  if (!f) {
    return SIM_ERR_IO;
  }
  csv(sim_outfile_stream(f), r, u, e, method);
  return sim_outfile_commit(f, why, size);
}
