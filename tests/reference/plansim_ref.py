#!/usr/bin/python3
"""plansim_ref -- an independent NumPy reference of shared/MODEL.md, sections 1-8.

It serves two purposes:
  * an oracle for plansim's C output:  `python3 plansim_ref.py check DIR`
    reads DIR/inputs.csv (every resolved parameter, written by `plansim run`),
    recomputes every MODEL.md output of every year, and compares with
    DIR/trajectories.csv (and DIR/targets.csv) to 1e-9 relative;
  * the model core of the NumPy batch benchmark (bench_numpy.py).

It was written from MODEL.md alone, not from the C sources.  Every output
is an array of shape (T, R): T years start..end, R runs side by side.
Parameters are NumPy arrays too: a path has shape (T, 1) (one scenario) or
(T, R) (one path per run, as in a batch); a scalar is a float or shape (R,).
The equations are written once, vectorised over the runs axis; Python only
loops over years, the six water sectors and the indicators.

Other commands (for debugging):  `run INPUTS [-o FILE]` writes the reference
trajectories as CSV; `targets INPUTS` prints the reference target results.
Exit status of `check`: 0 all values agree, 1 mismatches, 2 usage/I/O error.
"""

import csv
import math
import os
import sys


def _ensure_numpy():
    """Re-run under Debian's /usr/bin/python3 when this python lacks NumPy
    (e.g. a pyenv python earlier on PATH); python3-numpy lives there."""
    try:
        import numpy  # noqa: F401
        return
    except ImportError:
        pass
    alt = "/usr/bin/python3"
    if (os.path.exists(alt) and not os.environ.get("PLANSIM_REF_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(alt)):
        os.environ["PLANSIM_REF_REEXEC"] = "1"
        argv = getattr(sys, "orig_argv", None) or [sys.executable] + sys.argv
        os.execv(alt, [alt] + list(argv[1:]))
    sys.exit("plansim_ref: NumPy is required (Debian: apt-get install python3-numpy)")


_ensure_numpy()
import numpy as np  # noqa: E402

RTOL = 1e-9                     # MODEL.md: equations hold to 1e-9 relative
ATOL = 1e-9                     # ... and absolute near zero
SECTORS = ("domestic", "ecological", "agriculture", "industry", "services", "compute")
DEFAULT_PRIORITY = ("domestic", "ecological", "services", "industry", "agriculture", "compute")
DEFAULT_RECLAIMED_USERS = ("ecological", "industry", "services", "compute")

ECONOMY_OUT = ["economy.gdp", "economy.gdp_potential", "economy.gdp_growth",
               "economy.va_primary", "economy.va_secondary", "economy.va_tertiary",
               "economy.population", "economy.income", "economy.labour_productivity",
               "economy.gdp_per_capita"]
COMPUTE_OUT = ["compute.capacity", "compute.additions", "compute.additions_requested",
               "compute.it_power", "compute.it_energy", "compute.electricity",
               "compute.green_electricity", "compute.grid_electricity", "compute.water"]
WATER_OUT = (["water.cap", "water.reclaimed_supply"]
             + ["water.demand_" + s for s in SECTORS] + ["water.use_" + s for s in SECTORS]
             + ["water.demand_total", "water.use_total", "water.use_conventional",
                "water.use_reclaimed", "water.over_cap", "water.shortfall", "water.per_gdp",
                "water.irrigated_area", "water.max_population", "water.binding"])
ENERGY_OUT = ["energy.consumption_base", "energy.consumption_compute", "energy.consumption",
              "energy.intensity_total", "energy.intensity"]
CARBON_OUT = ["carbon.emissions_compute", "carbon.emissions", "carbon.intensity",
              "carbon.cef", "carbon.grid_ef"]
MODEL_OUT = ECONOMY_OUT + COMPUTE_OUT + WATER_OUT + ENERGY_OUT + CARBON_OUT

# Not named by MODEL.md but with an unambiguous meaning in it; compared only
# when the C output has a column of that name (never reported as missing).
EXTRA_OUT = (["economy.va_primary_potential", "economy.va_secondary_potential",
              "economy.va_tertiary_potential", "economy.population_potential",
              "compute.it_power_potential", "compute.water_per_mw", "compute.water_demand"]
             + ["water.alloc_" + s for s in SECTORS]
             + ["water.reclaimed_alloc_" + s for s in SECTORS]
             + ["carbon.emissions_base"])


class InputError(Exception):
    """A problem in inputs.csv (missing key, bad number, incomplete path)."""


# ----------------------------------------------------------------------------
# inputs.csv: long form `name,year,value`
# ----------------------------------------------------------------------------

class Inputs:
    """The rows of an inputs.csv: scalars (empty year) and per-year paths.

    path(name) gives a float array (T,) whether the file wrote the parameter
    as one scalar row or as one row per year (both are accepted anywhere)."""

    def __init__(self, rows, origin="inputs.csv"):
        self.origin = origin
        self.scalars = {}
        self.paths = {}
        for line, (name, year, value) in rows:
            if year.strip() == "":
                self.scalars[name] = value
            else:
                self.paths.setdefault(name, {})[int(year)] = value
        self.start = int(self._need_scalar("time.start"))
        self.end = int(self._need_scalar("time.end"))
        if self.end < self.start:
            raise InputError("%s: time.end before time.start" % origin)
        self.years = np.arange(self.start, self.end + 1)
        self.T = len(self.years)

    @classmethod
    def read(cls, filename):
        with open(filename, newline="", encoding="utf-8") as fh:
            rd = csv.reader(fh)
            header = next(rd, None)
            if header is None or [h.strip() for h in header[:3]] != ["name", "year", "value"]:
                raise InputError("%s: header must be name,year,value (got %s)" % (filename, header))
            rows = [(i + 2, r) for i, r in enumerate(rd) if r]
        return cls([(ln, (r + ["", ""])[:3]) for ln, r in rows], filename)

    def _need_scalar(self, name):
        if name not in self.scalars:
            raise InputError("%s: %s is missing" % (self.origin, name))
        return self.scalars[name]

    def has(self, name):
        return name in self.scalars or name in self.paths

    def path(self, name, default=None):
        """Per-year values of `name` as float array (T,)."""
        if name in self.paths:
            p = self.paths[name]
            missing = [y for y in self.years if int(y) not in p]
            if missing:
                raise InputError("%s: path %s has no value for year %d" % (self.origin, name, missing[0]))
            return np.array([_num(p[int(y)], name, self.origin) for y in self.years])
        if name in self.scalars:
            return np.full(self.T, _num(self.scalars[name], name, self.origin))
        if default is None:
            raise InputError("%s: %s is missing" % (self.origin, name))
        return np.full(self.T, float(default))

    def num(self, name, default=None):
        if name in self.scalars:
            return _num(self.scalars[name], name, self.origin)
        if name in self.paths:                      # a constant path written per year
            v = self.path(name)
            return float(v[0])
        if default is None:
            raise InputError("%s: %s is missing" % (self.origin, name))
        return float(default)

    def text(self, name, default=None):
        if name in self.scalars:
            return self.scalars[name].strip()
        if default is None:
            raise InputError("%s: %s is missing" % (self.origin, name))
        return default

    def flag(self, name, default):
        if name not in self.scalars:
            return default
        v = self.scalars[name].strip().lower()
        if v in ("true", "1", "yes"):
            return True
        if v in ("false", "0", "no"):
            return False
        raise InputError("%s: %s is not true/false (got %s)" % (self.origin, name, v))

    def array(self, name):
        """Values of name[0], name[1], ... in order (empty list if none)."""
        out = []
        while "%s[%d]" % (name, len(out)) in self.scalars:
            out.append(self.scalars["%s[%d]" % (name, len(out))].strip())
        return out

    def count(self, prefix):
        """Number of groups prefix[0].*, prefix[1].*, ..."""
        keys = list(self.scalars) + list(self.paths)
        i = 0
        while any(k.startswith("%s[%d]." % (prefix, i)) for k in keys):
            i += 1
        return i


def _num(text, name, origin):
    try:
        return float(text)
    except ValueError:
        raise InputError("%s: %s is not a number (got %r)" % (origin, name, text))


# ----------------------------------------------------------------------------
# parameters
# ----------------------------------------------------------------------------

class Params:
    """Everything one scenario needs, as arrays.  Paths are (T, 1); a batch
    replaces any of them by a (T, R) array, or scalars by (R,) arrays."""

    def __init__(self, inp):
        self.start, self.end, self.T = inp.start, inp.end, inp.T
        self.years = inp.years
        col = lambda a: a.reshape(-1, 1)            # noqa: E731  path -> (T, 1)
        P = lambda n, d=None: col(inp.path(n, d))   # noqa: E731
        # economy
        self.gdp0 = inp.num("economy.gdp0")
        self.growth = P("economy.growth")
        self.shares0 = [inp.num("economy.shares0[%d]" % k) for k in range(3)]
        self.shares_end = [inp.num("economy.shares_end[%d]" % k, self.shares0[k]) for k in range(3)]
        self.population0 = inp.num("economy.population0")
        self.pop_growth = P("economy.pop_growth")
        self.income0 = inp.num("economy.income0")
        self.income_elasticity = P("economy.income_elasticity", 1.0)
        self.employment_rate = P("economy.employment_rate", 0.55)
        self.noise_sd = inp.num("economy.growth_noise.sd", 0.0) if inp.has("economy.growth_noise.sd") else None
        self.noise_rho = inp.num("economy.growth_noise.rho", 0.0)
        # compute
        self.capacity0 = inp.num("compute.capacity0")
        self.precision = inp.text("compute.precision", "FP16")
        self.compute_growth = P("compute.growth")
        self.projects = [(inp.text("compute.projects[%d].name" % i, ""),
                          int(inp.num("compute.projects[%d].year" % i)),
                          inp.num("compute.projects[%d].pflops" % i))
                         for i in range(inp.count("compute.projects"))]
        pj = np.zeros(self.T)
        for _, year, pflops in self.projects:       # base-year projects: A = 0 there
            if self.start < year <= self.end:
                pj[year - self.start] += pflops
        self.project_pflops = col(pj)
        self.eff0 = inp.num("compute.eff0")
        self.eff_new = P("compute.eff_new")
        self.utilization = P("compute.utilization")
        self.pue = P("compute.pue")
        self.wue = P("compute.wue")
        self.green_share = P("compute.green_share")
        # water
        self.rule = inp.text("water.rule", "enforce")
        if self.rule not in ("enforce", "report"):
            raise InputError("%s: water.rule must be enforce or report (got %s)" % (inp.origin, self.rule))
        self.cap = P("water.cap")
        self.reclaimed = P("water.reclaimed")
        self.reclaimed_in_cap = inp.flag("water.reclaimed_in_cap", False)
        self.domestic_lpd = P("water.domestic_lpd")
        self.int_agriculture = P("water.intensity.agriculture")
        self.int_industry = P("water.intensity.industry")
        self.int_services = P("water.intensity.services")
        self.ecological = P("water.ecological")
        self.irrigation_quota = P("water.irrigation_quota")
        self.priority = tuple(inp.array("water.priority")) or DEFAULT_PRIORITY
        # plansim writes an empty list as one row "water.reclaimed_users,,"
        empty = inp.scalars.get("water.reclaimed_users", None) == ""
        self.reclaimed_users = () if empty else (tuple(inp.array("water.reclaimed_users"))
                                                 or DEFAULT_RECLAIMED_USERS)
        if sorted(self.priority) != sorted(SECTORS):
            raise InputError("%s: water.priority must order the six sectors (got %s)"
                             % (inp.origin, ", ".join(self.priority)))
        bad = [s for s in self.reclaimed_users if s not in SECTORS]
        if bad:
            raise InputError("%s: unknown sector %s in water.reclaimed_users" % (inp.origin, bad[0]))
        # energy and carbon
        self.energy_intensity = P("energy.intensity")
        self.elec_tce_per_gwh = P("energy.elec_tce_per_gwh", 122.9)
        self.cef = P("carbon.cef")
        self.grid_ef = P("carbon.grid_ef")
        self.indicators = [_read_indicator(inp, i) for i in range(inp.count("indicators"))]
        self.targets = [_read_target(inp, i) for i in range(inp.count("targets"))]

    def output_names(self, extras=True):
        names = MODEL_OUT + (EXTRA_OUT if extras else [])
        return names + ["indicators." + ind["name"] for ind in self.indicators]


def _read_indicator(inp, i):
    pre = "indicators[%d]." % i
    ind = {"name": inp.text(pre + "name"), "unit": inp.text(pre + "unit", "")}
    if inp.has(pre + "value"):
        ind.update(kind="value", value=inp.path(pre + "value").reshape(-1, 1))
    elif inp.has(pre + "logistic.base"):
        ind.update(kind="logistic", base=inp.num(pre + "logistic.base"),
                   rate=inp.num(pre + "logistic.rate"), ceiling=inp.num(pre + "logistic.ceiling"))
    elif inp.has(pre + "follow.of"):
        ind.update(kind="follow", of=inp.text(pre + "follow.of"), base=inp.num(pre + "follow.base"),
                   elasticity=inp.num(pre + "follow.elasticity"))
    else:
        raise InputError("%s: %s has none of value, logistic, follow" % (inp.origin, pre[:-1]))
    return ind


TARGET_FIELDS = ("id", "var", "kind", "from", "to", "op", "value", "tol", "ref", "attribute")


def _read_target(inp, i):
    pre = "targets[%d]." % i
    raw = {f: inp.scalars.get(pre + f, "") for f in TARGET_FIELDS}
    return make_target(raw, inp.origin)


def make_target(raw, origin="targets"):
    """A target from text fields (inputs.csv rows or a targets.csv row)."""
    def fnum(k, default=None):
        v = (raw.get(k) or "").strip()
        if v == "":
            if default is None:
                raise InputError("%s: target %s has no %s" % (origin, raw.get("id"), k))
            return default
        return float(v)
    tg = {"id": raw["id"].strip(), "var": raw["var"].strip(), "kind": raw["kind"].strip(),
          "from": int(fnum("from")), "to": int(fnum("to")), "op": (raw.get("op") or "").strip(),
          "value": fnum("value", 0.0), "tol": fnum("tol", 0.0),
          "ref": (raw.get("ref") or "").strip(), "attribute": (raw.get("attribute") or "").strip()}
    kinds = ("level", "growth", "cumulative", "reduction", "synced", "max", "min", "peak")
    if tg["kind"] not in kinds:
        raise InputError("%s: target %s: unknown kind %s" % (origin, tg["id"], tg["kind"]))
    return tg


# ----------------------------------------------------------------------------
# the models (MODEL.md sections 2-7), vectorised over runs
# ----------------------------------------------------------------------------

def growth_noise(par, R, rng):
    """AR(1) growth noise e (T, R): e[start] = 0, e[t] = rho e[t-1] + sd N(0,1)."""
    e = np.zeros((par.T, R))
    if par.noise_sd is None:
        return e
    z = rng.standard_normal((par.T - 1, R))
    for t in range(1, par.T):
        e[t] = par.noise_rho * e[t - 1] + par.noise_sd * z[t - 1]
    return e


def simulate(par, R=1, e=None, out=None, extras=True):
    """Run the scenario `par` for R runs.  e: optional growth noise (T, R).
    out: optional float buffer (len(names), T, R) to fill (the batch reuses
    one).  Returns a dict output name -> array (T, R) (views into out)."""
    names = par.output_names(extras)
    if out is None:
        out = np.empty((len(names), par.T, R))
    o = dict(zip(names, out))
    if not extras:                                  # scratch rows for the extras
        o.update(zip(EXTRA_OUT, np.empty((len(EXTRA_OUT), par.T, R))))
    for t in range(par.T):
        _year(par, o, t, e)
    _indicators(par, o)
    return {n: o[n] for n in names}


def _year(par, o, t, e):
    """One year, in the order of MODEL.md section 2."""
    base = t == 0
    _economy_potential(par, o, t, e)
    _compute_potential(par, o, t)
    D = _water_demands(par, o, t)
    r, a = _allocate(par, o, t, D)
    curtail = not base and par.rule == "enforce"
    _economy_realise(par, o, t, a if curtail else None)
    _compute_realise(par, o, t, a["compute"] if curtail else None, D["compute"])
    _water_use(par, o, t, D, r, a)
    _energy_carbon(par, o, t)


def _economy_potential(par, o, t, e):
    """Ypot, Vpot_k, Ppot (section 3); base year: the scenario's values."""
    if t == 0:
        ypot, ppot = par.gdp0, par.population0
        s = par.shares0
    else:
        frac = t / (par.T - 1)
        s = [par.shares0[k] + (par.shares_end[k] - par.shares0[k]) * frac for k in range(3)]
        g = par.growth[t] if e is None else par.growth[t] + e[t]
        ypot = o["economy.gdp"][t - 1] * (1 + g)
        ppot = o["economy.population"][t - 1] * (1 + par.pop_growth[t])
    o["economy.gdp_potential"][t] = ypot
    for k, n in enumerate(("primary", "secondary", "tertiary")):
        o["economy.va_%s_potential" % n][t] = ypot * s[k]
    o["economy.population_potential"][t] = ppot


def _compute_potential(par, o, t):
    """Areq, Wpot, k and the compute water demand (section 4)."""
    if t == 0:
        areq, wpot = 0.0, par.capacity0 / par.eff0
    else:
        areq = o["compute.capacity"][t - 1] * par.compute_growth[t] + par.project_pflops[t]
        wpot = o["compute.it_power"][t - 1] + areq / par.eff_new[t]
    k = par.utilization[t] * 8.76 * par.wue[t] * 0.1
    o["compute.additions_requested"][t] = areq
    o["compute.it_power_potential"][t] = wpot
    o["compute.water_per_mw"][t] = k
    o["compute.water_demand"][t] = wpot * k


def _water_demands(par, o, t):
    """D_s of the six sectors from potential activity (section 5)."""
    D = {"domestic": o["economy.population_potential"][t] * par.domestic_lpd[t] * 0.365,
         "ecological": par.ecological[t],
         "agriculture": o["economy.va_primary_potential"][t] * par.int_agriculture[t],
         "industry": o["economy.va_secondary_potential"][t] * par.int_industry[t],
         "services": o["economy.va_tertiary_potential"][t] * par.int_services[t],
         "compute": o["compute.water_demand"][t]}
    for s in SECTORS:
        o["water.demand_" + s][t] = D[s]
    o["water.demand_total"][t] = sum(o["water.demand_" + s][t] for s in SECTORS)
    o["water.cap"][t] = par.cap[t]
    o["water.reclaimed_supply"][t] = par.reclaimed[t]
    return {s: o["water.demand_" + s][t] for s in SECTORS}


def _allocate(par, o, t, D):
    """Reclaimed then conventional water in priority order; binding flag."""
    r = {s: np.zeros_like(D[s]) for s in SECTORS}
    left = o["water.reclaimed_supply"][t]
    for s in par.priority:
        if s in par.reclaimed_users:
            r[s] = np.minimum(D[s], left)
            left = left - r[s]
    L = o["water.cap"][t] - (sum(r[s] for s in SECTORS) if par.reclaimed_in_cap else 0.0)
    left = np.maximum(L, 0.0)           # "what is left" of a negative L is nothing
    a = {}
    for s in par.priority:
        c = np.minimum(D[s] - r[s], left)
        left = left - c
        a[s] = r[s] + c
    need = sum(D[s] - r[s] for s in SECTORS)
    o["water.binding"][t] = np.where(need > L * (1 + 1e-9), 1.0, 0.0)
    for s in SECTORS:
        o["water.reclaimed_alloc_" + s][t] = r[s]
        o["water.alloc_" + s][t] = a[s]
    return r, a


def _factor(a, d):
    """f_s = a_s / D_s, 1 where D_s = 0."""
    return np.where(d > 0, a / np.where(d > 0, d, 1.0), 1.0)


def _economy_realise(par, o, t, a):
    """V_k, Y, P, growth, income, productivity; a = allocation or None (no curtailment)."""
    vp = [o["economy.va_%s_potential" % n][t] for n in ("primary", "secondary", "tertiary")]
    ppot = o["economy.population_potential"][t]
    if a is None:
        v, p = vp, ppot
    else:
        f = [_factor(a[s], o["water.demand_" + s][t]) for s in ("agriculture", "industry", "services")]
        v = [vp[k] * f[k] for k in range(3)]
        p = np.minimum(ppot, np.maximum(o["economy.population"][t - 1],
                                        a["domestic"] / (par.domestic_lpd[t] * 0.365)))
    if t == 0:
        y, g, inc = par.gdp0, par.growth[0], par.income0
    else:
        y = v[0] + v[1] + v[2]
        g = y / o["economy.gdp"][t - 1] - 1
        inc = o["economy.income"][t - 1] * (1 + par.income_elasticity[t] * g)
    for k, n in enumerate(("primary", "secondary", "tertiary")):
        o["economy.va_" + n][t] = v[k]
    o["economy.gdp"][t] = y
    o["economy.population"][t] = p
    o["economy.gdp_growth"][t] = g
    o["economy.income"][t] = inc
    y, p = o["economy.gdp"][t], o["economy.population"][t]
    o["economy.labour_productivity"][t] = y / (p * par.employment_rate[t])
    o["economy.gdp_per_capita"][t] = y / p * 1e4


def _compute_realise(par, o, t, a_c, d_c):
    """A (clamped to the water allocation under enforce), C, W, energy, water."""
    areq = o["compute.additions_requested"][t]
    k = o["compute.water_per_mw"][t]
    if t == 0:
        A, C, W = 0.0, par.capacity0, par.capacity0 / par.eff0
    else:
        A = areq
        if a_c is not None:
            wprev = o["compute.it_power"][t - 1]
            room = par.eff_new[t] * (a_c / np.where(k == 0, 1.0, k) - wprev)
            clamp = np.minimum(np.maximum(room, 0.0), areq)
            A = np.where((a_c >= d_c) | (k == 0), areq, clamp)
        C = o["compute.capacity"][t - 1] + A
        W = o["compute.it_power"][t - 1] + A / par.eff_new[t]
    o["compute.additions"][t] = A
    o["compute.capacity"][t] = C
    o["compute.it_power"][t] = W
    it = o["compute.it_power"][t] * par.utilization[t] * 8.76
    o["compute.it_energy"][t] = it
    el = it * par.pue[t]
    o["compute.electricity"][t] = el
    o["compute.green_electricity"][t] = el * par.green_share[t]
    o["compute.grid_electricity"][t] = el - o["compute.green_electricity"][t]
    o["compute.water"][t] = it * par.wue[t] * 0.1


def _water_use(par, o, t, D, r, a):
    """Realised use per sector, its reclaimed/conventional split and totals."""
    lpd = par.domestic_lpd[t] * 0.365
    if t == 0:
        use = dict(D)
    else:
        use = {"domestic": o["economy.population"][t] * lpd,
               "ecological": a["ecological"] if par.rule == "enforce" else D["ecological"],
               "agriculture": o["economy.va_primary"][t] * par.int_agriculture[t],
               "industry": o["economy.va_secondary"][t] * par.int_industry[t],
               "services": o["economy.va_tertiary"][t] * par.int_services[t],
               "compute": o["compute.water"][t]}
    ru = {s: np.minimum(use[s], r[s]) for s in SECTORS}
    cu = {s: use[s] - ru[s] for s in SECTORS}
    for s in SECTORS:
        o["water.use_" + s][t] = use[s]
    total = sum(use[s] for s in SECTORS)
    rec = sum(ru[s] for s in SECTORS)
    conv = sum(cu[s] for s in SECTORS)
    cap = o["water.cap"][t]
    o["water.use_total"][t] = total
    o["water.use_reclaimed"][t] = rec
    o["water.use_conventional"][t] = conv
    excess = conv + (rec if par.reclaimed_in_cap else 0.0) - cap
    # an excess within 1e-9 of the cap is rounding, as for binding (README)
    o["water.over_cap"][t] = np.where(excess > 1e-9 * np.abs(cap), excess, 0.0)
    o["water.shortfall"][t] = o["water.demand_total"][t] - total
    o["water.per_gdp"][t] = total / o["economy.gdp"][t]
    o["water.irrigated_area"][t] = use["agriculture"] / par.irrigation_quota[t]
    others = sum(cu[s] for s in SECTORS if s != "domestic")
    o["water.max_population"][t] = (cap - others) / lpd


def _energy_carbon(par, o, t):
    """Energy use and CO2 from realised activity (section 6)."""
    y = o["economy.gdp"][t]
    cb = y * par.energy_intensity[t]
    cc = o["compute.electricity"][t] * par.elec_tce_per_gwh[t] / 1e4
    o["energy.consumption_base"][t] = cb
    o["energy.consumption_compute"][t] = cc
    o["energy.consumption"][t] = cb + cc
    o["energy.intensity_total"][t] = o["energy.consumption"][t] / y
    o["energy.intensity"][t] = par.energy_intensity[t]
    ec = o["compute.grid_electricity"][t] * par.grid_ef[t] * 0.1
    o["carbon.emissions_base"][t] = cb * par.cef[t]
    o["carbon.emissions_compute"][t] = ec
    o["carbon.emissions"][t] = o["carbon.emissions_base"][t] + ec
    o["carbon.intensity"][t] = o["carbon.emissions"][t] / y
    o["carbon.cef"][t] = par.cef[t]
    o["carbon.grid_ef"][t] = par.grid_ef[t]


def _indicators(par, o):
    """Section 7, in dependency order (a `follow` may follow an indicator)."""
    todo = list(par.indicators)
    while todo:
        ready = [i for i in todo if i["kind"] != "follow" or i["of"] in o and not any(
            "indicators." + j["name"] == i["of"] for j in todo)]
        if not ready:
            raise InputError("indicators: follow of an unknown output or a cycle: %s"
                             % ", ".join(i["name"] + " -> " + i["of"] for i in todo))
        for ind in ready:
            _indicator(par, o, ind)
            todo.remove(ind)


def _indicator(par, o, ind):
    v = o["indicators." + ind["name"]]
    if ind["kind"] == "value":
        v[:] = ind["value"]
    elif ind["kind"] == "logistic":
        b, rate, c = ind["base"], ind["rate"], ind["ceiling"]
        tt = np.arange(par.T).reshape(-1, 1)
        v[:] = c / (1 + (c / b - 1) * np.exp(-rate * tt))
    else:
        of = o[ind["of"]]
        v[0] = ind["base"]
        for t in range(1, par.T):
            v[t] = v[t - 1] * (1 + ind["elasticity"] * (of[t] / of[t - 1] - 1))


# ----------------------------------------------------------------------------
# targets (MODEL.md section 8), vectorised over runs
# ----------------------------------------------------------------------------

def _growth_pct(v, i0, i1):
    return ((v[i1] / v[i0]) ** (1.0 / (i1 - i0)) - 1) * 100


def target_result(tg, series, start):
    """x (R,) of target tg; series: name -> (T, R)."""
    v = series[tg["var"]]
    i0, i1 = tg["from"] - start, tg["to"] - start
    if not (0 <= i0 < v.shape[0] and 0 <= i1 < v.shape[0]):
        raise InputError("target %s: years %d..%d outside the run" % (tg["id"], tg["from"], tg["to"]))
    kind = tg["kind"]
    if kind == "level":
        return v[i1].copy()
    if kind == "growth":
        return _growth_pct(v, i0, i1)
    if kind == "cumulative":
        return v[i0 + 1:i1 + 1].sum(axis=0)
    if kind == "reduction":
        return (1 - v[i1] / v[i0]) * 100
    if kind == "synced":
        return _growth_pct(v, i0, i1) - _growth_pct(series[tg["ref"]], i0, i1)
    if kind == "max":
        return v[i0:i1 + 1].max(axis=0)
    if kind == "peak":  # the first year of the largest value
        return (tg["from"] + v[i0:i1 + 1].argmax(axis=0)).astype(float)
    return v[i0:i1 + 1].min(axis=0)


def target_met(tg, x):
    """(met (R,) bool, gap (R,))."""
    if tg["kind"] == "synced":
        return np.abs(x) <= tg["tol"], x
    gap = x - tg["value"]
    if tg["op"] == ">=":
        return x >= tg["value"], gap
    if tg["op"] == "<=":
        return x <= tg["value"], gap
    if tg["op"] == "~":
        return np.abs(x - tg["value"]) <= tg["tol"], gap
    raise InputError("target %s: unknown op %r" % (tg["id"], tg["op"]))


def targets_for(par, dirname):
    """The scenario's targets: from inputs.csv (targets[i] rows) when it has
    them, else from the definition columns of DIR/targets.csv if present."""
    if par.targets:
        return par.targets
    tfile = os.path.join(dirname, "targets.csv")
    if not os.path.exists(tfile):
        return []
    header, rows = read_table(tfile)
    col = {n: i for i, n in enumerate(header)}
    out = []
    for row in rows:
        raw = {f: (row[col[f]] if f in col and col[f] < len(row) else "") for f in TARGET_FIELDS}
        if raw["id"] != "all_binding":
            out.append(make_target(raw, tfile))
    return out


# ----------------------------------------------------------------------------
# check against plansim's output folder
# ----------------------------------------------------------------------------

def close(c, r, rtol=RTOL, atol=ATOL):
    """c and r agree to rtol relative, or atol absolute (near zero)."""
    if math.isnan(c) or math.isnan(r):
        return math.isnan(c) and math.isnan(r)
    if math.isinf(c) or math.isinf(r):
        return c == r
    d = abs(c - r)
    return d <= atol or d <= rtol * max(abs(c), abs(r))


def relerr(c, r):
    d = abs(c - r)
    m = max(abs(c), abs(r))
    return d / m if m > 0 else d


def read_table(filename):
    with open(filename, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise InputError("%s: empty" % filename)
    return rows[0], [r for r in rows[1:] if r]


def _cell(text):
    text = text.strip()
    return None if text == "" else float(text)


def check_trajectories(par, ref, filename, rtol):
    """Compare reference outputs with trajectories.csv. Returns (n_ok, problems)."""
    header, rows = read_table(filename)
    if header[0] != "year":
        raise InputError("%s: first column must be year" % filename)
    col = {n: i for i, n in enumerate(header)}
    problems, n_ok = [], 0
    missing = [n for n in par.output_names(False) if n not in col]
    for n in missing:
        problems.append("%s: missing from %s (a MODEL.md output)" % (n, os.path.basename(filename)))
    byyear = {int(float(r[0])): r for r in rows}
    for t, year in enumerate(par.years):
        row = byyear.get(int(year))
        if row is None:
            problems.append("year %d: no row in %s" % (year, filename))
            continue
        for name, series in ref.items():
            if name not in col:
                continue
            rv = float(series[t, 0])
            cv = _cell(row[col[name]]) if col[name] < len(row) else None
            if cv is None:
                problems.append("%-34s %d  C=(empty)  ref=%.17g" % (name, year, rv))
            elif close(cv, rv, rtol):
                n_ok += 1
            else:
                tag = "  (extra, not in MODEL.md)" if name in EXTRA_OUT else ""
                problems.append("%-34s %d  C=%.17g  ref=%.17g  rel.err=%.3g%s"
                                % (name, year, cv, rv, relerr(cv, rv), tag))
    extra_years = sorted(set(byyear) - set(int(y) for y in par.years))
    if extra_years:
        problems.append("%s: rows for years outside the run: %s" % (filename, extra_years))
    return n_ok, problems


def check_targets(par, ref, filename, rtol):
    """Recompute result, gap and status of every row of targets.csv.  The
    definitions come from inputs.csv when it has targets[i] rows, else from
    the definition columns of targets.csv itself."""
    header, rows = read_table(filename)
    col = {n: i for i, n in enumerate(header)}
    need = ("id", "result", "gap", "status")
    if any(n not in col for n in need):
        raise InputError("%s: needs columns %s" % (filename, ", ".join(need)))
    defs = {tg["id"]: tg for tg in par.targets}
    series = dict(ref)
    problems, n_ok, notes = [], 0, []
    cfile = os.path.join(os.path.dirname(filename), "trajectories.csv")
    for row in rows:
        get = lambda k: row[col[k]] if k in col and col[k] < len(row) else ""  # noqa: E731
        tid = get("id")
        if tid == "all_binding":
            continue
        tg = defs.get(tid) or make_target({f: get(f) for f in TARGET_FIELDS}, filename)
        for name in (tg["var"], tg["ref"]):
            if name and name not in series:     # not a reference output: take C's column
                series[name] = _c_series(cfile, name, par)
                notes.append("target %s: %s is not a reference output; its values come from "
                             "trajectories.csv (only the target arithmetic is checked)" % (tid, name))
        x = target_result(tg, series, par.start)
        met, gap = target_met(tg, x)
        x, gap, met = float(x[0]), float(gap[0]), bool(met[0])
        n_ok += _check_target_row(tid, tg, get, x, gap, met, rtol, problems)
    missing = sorted(set(defs) - set(r[col["id"]] for r in rows))
    problems += ["target %s: in inputs.csv, missing from targets.csv" % m for m in missing]
    return n_ok, problems, notes


def _check_target_row(tid, tg, get, x, gap, met, rtol, problems):
    ok = 0
    cx, cg = _cell(get("result")), _cell(get("gap"))
    scale = max(1.0, abs(x), abs(tg["value"]))
    if cx is None or not close(cx, x, rtol):
        problems.append("target %-24s result  C=%s  ref=%.17g" % (tid, get("result") or "(empty)", x))
    else:
        ok += 1
    if cg is None or not close(cg, gap, rtol, ATOL * scale):
        problems.append("target %-24s gap     C=%s  ref=%.17g" % (tid, get("gap") or "(empty)", gap))
    else:
        ok += 1
    status = "met" if met else "missed"
    edge = abs(gap) - (tg["tol"] if tg["op"] == "~" or tg["kind"] == "synced" else 0.0)
    if get("status").strip() != status and abs(edge) > rtol * scale:
        problems.append("target %-24s status  C=%s  ref=%s" % (tid, get("status"), status))
    else:
        ok += 1
    return ok


def _c_series(cfile, name, par):
    header, rows = read_table(cfile)
    if name not in header:
        raise InputError("target variable %s is in neither the reference nor %s" % (name, cfile))
    i = header.index(name)
    byyear = {int(float(r[0])): _cell(r[i]) for r in rows}
    vals = [byyear.get(int(y)) for y in par.years]
    return np.array([[float("nan") if v is None else v] for v in vals])


def check_dir(d, rtol=RTOL, out=sys.stdout):
    """The `check` command; returns the exit status."""
    inp = Inputs.read(os.path.join(d, "inputs.csv"))
    par = Params(inp)
    ref = simulate(par, 1)
    n_ok, problems = check_trajectories(par, ref, os.path.join(d, "trajectories.csv"), rtol)
    notes = []
    tfile = os.path.join(d, "targets.csv")
    if os.path.exists(tfile):
        k, p, notes = check_targets(par, ref, tfile, rtol)
        n_ok += k
        problems += p
    for n in notes:
        print("note: " + n, file=out)
    if problems:
        print("reference check: %d mismatches (%d values agree) in %s" % (len(problems), n_ok, d), file=out)
        print("  name                               year  C value  reference value  relative error", file=out)
        for p in problems:
            print("  " + p, file=out)
        return 1
    print("reference check: %d values agree" % n_ok, file=out)
    return 0


def write_trajectories(par, ref, fh):
    w = csv.writer(fh, lineterminator="\n")
    names = list(ref)
    w.writerow(["year"] + names)
    for t, y in enumerate(par.years):
        w.writerow([int(y)] + ["%.17g" % ref[n][t, 0] for n in names])


def main(argv):
    usage = ("usage: plansim_ref.py check DIR [--rtol R]\n"
             "       plansim_ref.py run INPUTS.csv [-o FILE]\n"
             "       plansim_ref.py targets INPUTS.csv")
    if len(argv) < 2 or argv[0] not in ("check", "run", "targets"):
        print(usage, file=sys.stderr)
        return 2
    try:
        if argv[0] == "check":
            rtol = float(argv[argv.index("--rtol") + 1]) if "--rtol" in argv else RTOL
            return check_dir(argv[1], rtol)
        par = Params(Inputs.read(argv[1]))
        ref = simulate(par, 1)
        if argv[0] == "run":
            if "-o" in argv:
                with open(argv[argv.index("-o") + 1], "w", newline="", encoding="utf-8") as fh:
                    write_trajectories(par, ref, fh)
            else:
                write_trajectories(par, ref, sys.stdout)
            return 0
        for tg in par.targets:
            x = target_result(tg, ref, par.start)
            met, gap = target_met(tg, x)
            print("%-28s %-10s x=%.17g gap=%.6g %s" % (tg["id"], tg["kind"], x[0], gap[0],
                                                       "met" if met[0] else "missed"))
        return 0
    except (InputError, OSError, ValueError, KeyError) as err:
        print("plansim_ref: %s" % err, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
