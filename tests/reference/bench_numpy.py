#!/usr/bin/python3
"""bench_numpy -- the NumPy baseline of a plansim Monte Carlo batch.

For each size R (default 1e4, 1e5, 1e6) it runs R runs of a scenario given
as an inputs.csv (default: the built-in Xincheng scenario, got from
`plansim run -o TMP`), with
    economy.growth ~ normal(0.055, 0.008)          a constant path per run
    compute.growth ~ triangular(0.8, 1.59, 1.8)    a constant path per run
    water.cap      x uniform(0.9, 1.05)            every year scaled
    economy.growth_noise (AR(1)) when the scenario has it (--no-noise: off)
drawn independently (plain Monte Carlo: the scenario's LHS and rank
correlation are not reproduced).  It computes every output of every year
(plansim_ref.simulate, vectorised over runs, in chunks so memory stays
bounded; default 16384 runs per chunk, the fastest here: 1e5 is slower
from cache misses), then per (output, year) mean, sd (n-1), min, p05, p25, p50, p75,
p95, max, and per target the share of runs that meet it and the share that
meet every binding target.  It prints runs/s and peak RSS per size.  Each
size runs in its own child process so that its peak RSS is its own.

Percentiles (--stats):
  hist  (default) streaming: a histogram of --bins equal bins per (output,
        year) over the first chunk's range widened by 10% each side; values
        outside it are kept exactly.  A percentile is linear interpolation
        between order statistics as numpy's default, each order statistic
        placed inside its bin as if the bin's values were evenly spread:
        error below one bin width (1.2 x first-chunk range / bins, about
        5e-5 of the range with the default 16384 bins: far below Monte Carlo
        noise); point masses at the min or max (water.binding, clamps,
        over_cap = 0) are exact, since ties with the min and max are counted.
  exact keep every value (R x outputs x years doubles in memory) and use
        numpy.quantile (linear).  Memory grows with R.
Mean/sd use per-chunk sums merged with Chan's formula; min/max are exact.

Usage: python3 bench_numpy.py [--inputs FILE] [--sizes 1e4,1e5,1e6]
         [--chunk N] [--seed S] [--stats hist|exact] [--bins N] [--no-noise]
         [-o DIR]   (writes DIR/n<R>/summary.csv and targets.csv)
"""

import argparse
import ctypes
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plansim_ref as ref  # noqa: E402  (re-runs under /usr/bin/python3 if NumPy is missing)
import numpy as np  # noqa: E402



def _tune_malloc():
    """Keep NumPy's temporaries on the heap.  glibc serves blocks >= 128 KiB
    (16384 doubles) with mmap and returns them on free, so every temporary
    of a chunk-sized array costs a system call and page faults (about 4x
    slower overall); raise the mmap and trim thresholds to 1 GiB instead."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 30)       # M_MMAP_THRESHOLD
        libc.mallopt(-1, 1 << 30)       # M_TRIM_THRESHOLD
    except (OSError, AttributeError):
        pass


_tune_malloc()
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)
STAT_NAMES = ("mean", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max")
BLOCK = 8                       # rows (output-years) per pass of the statistics


# ----------------------------------------------------------------------------
# sampling and simulation
# ----------------------------------------------------------------------------

class Batch:
    """The scenario and the three sampled inputs of the benchmark."""

    def __init__(self, inputs_file, noise, extras):
        self.par = ref.Params(ref.Inputs.read(inputs_file))
        self.targets = ref.targets_for(self.par, os.path.dirname(os.path.abspath(inputs_file)))
        self.cap0 = self.par.cap.copy()                       # (T, 1)
        self.noise = noise and self.par.noise_sd is not None
        self.extras = extras
        self.names = self.par.output_names(extras)

    def run_chunk(self, rng, c, buf):
        """Sample c runs and fill buf (S, T, c); returns output name -> (T, c)."""
        par, T = self.par, self.par.T
        par.growth = np.broadcast_to(rng.normal(0.055, 0.008, c), (T, c))
        par.compute_growth = np.broadcast_to(rng.triangular(0.8, 1.59, 1.8, c), (T, c))
        par.cap = self.cap0 * rng.uniform(0.9, 1.05, c)
        e = ref.growth_noise(par, c, rng) if self.noise else None
        return ref.simulate(par, c, e, out=buf, extras=self.extras)


# ----------------------------------------------------------------------------
# streaming statistics over rows = (output, year)
# ----------------------------------------------------------------------------

class Moments:
    """Count, mean, M2 (Chan et al. merge), min and max per row, and how
    many values equal the min and the max (point masses at the ends, e.g.
    water.binding or a clamp, come out exact in the percentiles)."""

    def __init__(self, m):
        self.n = 0
        self.mean = np.zeros(m)
        self.m2 = np.zeros(m)
        self.min = np.full(m, np.inf)
        self.max = np.full(m, -np.inf)
        self.n_min = np.zeros(m, dtype=np.int64)
        self.n_max = np.zeros(m, dtype=np.int64)

    def add_block(self, rows, x, n_before):
        c = x.shape[1]
        mean = x.sum(axis=1) / c
        d = x - mean[:, None]
        m2 = np.einsum("ij,ij->i", d, d)
        delta = mean - self.mean[rows]
        tot = n_before + c
        self.mean[rows] += delta * (c / tot)
        self.m2[rows] += m2 + delta * delta * (n_before * c / tot)
        self._ends(rows, x, x.min(axis=1), self.min, self.n_min, np.less)
        self._ends(rows, x, x.max(axis=1), self.max, self.n_max, np.greater)

    @staticmethod
    def _ends(rows, x, cm, best, count, better):
        k = np.count_nonzero(x == cm[:, None], axis=1)
        b = best[rows]
        count[rows] = np.where(better(cm, b), k, count[rows] + np.where(cm == b, k, 0))
        best[rows] = np.where(better(cm, b), cm, b)

    def sd(self):
        return np.sqrt(self.m2 / max(self.n - 1, 1))


class Histo:
    """Per-row histograms: bin 0 underflow, 1..nb the range, nb+1 overflow;
    the values in the under/overflow bins are also kept exactly."""

    def __init__(self, first, nb):
        lo, hi = first.min(axis=1), first.max(axis=1)
        span = hi - lo
        span = np.where(span > 0, span, np.maximum(np.abs(lo) * 1e-12, 1e-300))
        self.lo = lo - 0.1 * span
        self.inv_w = nb / (1.2 * span)
        self.nb = nb
        self.counts = np.zeros((first.shape[0], nb + 2), dtype=np.int64)
        self.outside = {}                                   # row -> list of arrays
        self.off = (np.arange(BLOCK) * (nb + 2))[:, None]

    def add_block(self, rows, x, f, g):
        b = x.shape[0]
        np.subtract(x, self.lo[rows, None], out=f[:b])
        np.multiply(f[:b], self.inv_w[rows, None], out=f[:b])
        f[:b] += 1.0
        np.clip(f[:b], 0.0, self.nb + 1.0, out=f[:b])
        np.copyto(g[:b], f[:b], casting="unsafe")
        g[:b] += self.off[:b]
        cnt = np.bincount(g[:b].ravel(), minlength=b * (self.nb + 2)).reshape(b, -1)
        self.counts[rows] += cnt
        for i in np.flatnonzero(cnt[:, 0] + cnt[:, -1]):
            gi = g[i] - self.off[i]
            self.outside.setdefault(rows.start + i, []).append(x[i][(gi == 0) | (gi == self.nb + 1)])

    def order_stat(self, row, k, n):
        """Approximate k-th smallest (0-based) of the n values of row."""
        cnt = self.counts[row]
        out = np.sort(np.concatenate(self.outside.get(row, [np.empty(0)])))
        nu, no = cnt[0], cnt[-1]
        if k < nu:
            return out[k]
        if k >= n - no:
            return out[nu + k - (n - no)]
        cum = np.cumsum(cnt[1:-1])
        j = int(np.searchsorted(cum, k - nu, side="right"))
        before = cum[j - 1] if j > 0 else 0
        return self.lo[row] + (j + (k - nu - before + 0.5) / cnt[j + 1]) / self.inv_w[row]

    def quantiles(self, row, mom):
        n, vmin, vmax = mom.n, mom.min[row], mom.max[row]
        if vmin == vmax:
            return [vmin] * len(QUANTILES)

        def stat(k):
            if k < mom.n_min[row]:
                return vmin
            if k >= n - mom.n_max[row]:
                return vmax
            return min(max(self.order_stat(row, k, n), vmin), vmax)
        res = []
        for q in QUANTILES:
            h = q * (n - 1)
            k = int(np.floor(h))
            a, b = stat(k), stat(min(k + 1, n - 1))
            res.append(a + (h - k) * (b - a))
        return res


class Stats:
    """Everything the batch reports, accumulated chunk by chunk."""

    def __init__(self, m, R, mode, bins):
        self.mom = Moments(m)
        self.mode, self.bins, self.m = mode, bins, m
        self.hist = None
        self.all = np.empty((m, R)) if mode == "exact" else None
        self.f = self.g = None

    def add(self, x):
        """x: (m, c) values of one chunk."""
        m, c = x.shape
        if self.mode == "hist":
            if self.hist is None:
                self.hist = Histo(x, self.bins)
            if self.f is None or self.f.shape[1] != c:
                self.f = np.empty((BLOCK, c))
                self.g = np.empty((BLOCK, c), dtype=np.intp)
        else:
            self.all[:, self.mom.n:self.mom.n + c] = x
        for r0 in range(0, m, BLOCK):
            rows = slice(r0, min(r0 + BLOCK, m))
            self.mom.add_block(rows, x[rows], self.mom.n)
            if self.hist is not None:
                self.hist.add_block(rows, x[rows], self.f, self.g)
        self.mom.n += c

    def table(self):
        """(m, 9) array: mean, sd, min, p05..p95, max."""
        mom, n = self.mom, self.mom.n
        q = np.empty((self.m, len(QUANTILES)))
        for r in range(self.m):
            if self.mode == "exact":
                q[r] = np.quantile(self.all[r, :n], QUANTILES)
            else:
                q[r] = self.hist.quantiles(r, mom)
        return np.column_stack([mom.mean, mom.sd(), mom.min, q, mom.max])


# ----------------------------------------------------------------------------
# one size (child process)
# ----------------------------------------------------------------------------

def run_size(args, R):
    """Run R runs; returns a dict of figures (and writes -o files)."""
    t_start = time.perf_counter()
    batch = Batch(args.inputs, not args.no_noise, not args.model_only)
    par, T = batch.par, batch.par.T
    S = len(batch.names)
    rng = np.random.default_rng(args.seed)
    stats = Stats(S * T, R, args.stats, args.bins)
    met = np.zeros(len(batch.targets), dtype=np.int64)
    met_all = 0
    binding = [i for i, tg in enumerate(batch.targets) if tg["attribute"] == "binding"]
    buf = None
    t_sim = t_stat = 0.0
    done = 0
    while done < R:
        c = min(args.chunk, R - done)
        if buf is None or buf.shape[2] != c:
            buf = np.empty((S, T, c))
        t0 = time.perf_counter()
        series = batch.run_chunk(rng, c, buf)
        t1 = time.perf_counter()
        stats.add(buf.reshape(S * T, c))
        ok_all = np.ones(c, dtype=bool)
        for i, tg in enumerate(batch.targets):
            ok, _ = ref.target_met(tg, ref.target_result(tg, series, par.start))
            met[i] += np.count_nonzero(ok)
            if i in binding:
                ok_all &= ok
        met_all += np.count_nonzero(ok_all)
        t_sim += t1 - t0
        t_stat += time.perf_counter() - t1
        done += c
    t0 = time.perf_counter()
    table = stats.table()
    t_stat += time.perf_counter() - t0
    if args.out:
        write_results(os.path.join(args.out, "n%d" % R), batch, table, met / R, met_all / R)
    wall = time.perf_counter() - t_start
    finite = bool(np.all(np.isfinite(table)))
    return {"runs": R, "wall": wall, "sim": t_sim, "stats": t_stat, "finite": finite,
            "series": S * T, "targets": len(batch.targets),
            "p_met_all_binding": met_all / R,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


def write_results(d, batch, table, p_met, p_all):
    """summary.csv and targets.csv in the layout of INTERFACE.md section 3."""
    os.makedirs(d, exist_ok=True)
    T, years = batch.par.T, batch.par.years
    with open(os.path.join(d, "summary.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(("year", "var") + STAT_NAMES)
        for i, name in enumerate(batch.names):
            for t in range(T):
                w.writerow([int(years[t]), name] + ["%.17g" % v for v in table[i * T + t]])
    with open(os.path.join(d, "targets.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        cols = ("id", "attribute", "kind", "var", "ref", "from", "to", "op", "value", "tol")
        w.writerow(cols + ("p_met",))
        for tg, p in zip(batch.targets, p_met):
            row = [tg[k] for k in cols]
            if tg["op"] != "~" and tg["kind"] != "synced":
                row[-1] = ""                                # tol only for "~" and synced
            w.writerow(row + ["%.17g" % p])
        w.writerow(["all_binding"] + [""] * (len(cols) - 1) + ["%.17g" % p_all])


# ----------------------------------------------------------------------------
# driver
# ----------------------------------------------------------------------------

def default_inputs(tmp):
    """inputs.csv (and targets.csv) of plansim's built-in scenario, written by
    `plansim run -o TMP`; falls back to sample_inputs.csv without plansim."""
    cands = [os.environ.get("PLANSIM", ""), os.path.join(REPO, "build", "plansim"),
             os.path.join(REPO, "build-rel", "plansim"), shutil.which("plansim") or ""]
    for exe in cands:
        if exe and os.access(exe, os.X_OK):
            out = os.path.join(tmp, "default")
            p = subprocess.run([exe, "run", "-o", out, "-q"], capture_output=True, text=True)
            if p.returncode == 0 and os.path.exists(os.path.join(out, "inputs.csv")):
                return os.path.join(out, "inputs.csv"), "default scenario via " + exe
    return os.path.join(HERE, "sample_inputs.csv"), "sample_inputs.csv (no plansim binary found)"


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", help="inputs.csv (default: plansim's built-in scenario)")
    ap.add_argument("--sizes", default="1e4,1e5,1e6", help="comma-separated run counts")
    ap.add_argument("--chunk", type=float, default=16384, help="runs per chunk (default 16384)")
    ap.add_argument("--seed", type=int, default=20251122)
    ap.add_argument("--stats", choices=("hist", "exact"), default="hist")
    ap.add_argument("--bins", type=int, default=16384, help="histogram bins (hist mode)")
    ap.add_argument("--no-noise", action="store_true", help="ignore economy.growth_noise")
    ap.add_argument("--model-only", action="store_true",
                    help="summarise MODEL.md outputs and indicators only (no extra outputs)")
    ap.add_argument("-o", dest="out", help="write DIR/n<R>/summary.csv and targets.csv")
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)   # child: one size, JSON out
    args = ap.parse_args(argv)
    args.chunk = int(args.chunk)
    return args


def main(argv):
    args = parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args, int(args.one))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        origin = args.inputs
        if not args.inputs:
            args.inputs, origin = default_inputs(tmp)
        batch = Batch(args.inputs, not args.no_noise, not args.model_only)
        print("NumPy %s baseline: %s" % (np.__version__, origin))
        print("  %d outputs x %d years = %d series; %d targets; noise %s; stats %s%s; chunk %d"
              % (len(batch.names), batch.par.T, len(batch.names) * batch.par.T, len(batch.targets),
                 "on" if batch.noise else "off", args.stats,
                 " (%d bins)" % args.bins if args.stats == "hist" else "", args.chunk))
        print("%10s %9s %11s %8s %8s %12s %9s" % ("runs", "wall s", "runs/s", "sim s", "stats s",
                                                  "peak RSS MB", "all bind"))
        for size in args.sizes.split(","):
            R = int(float(size))
            child = [sys.executable, os.path.abspath(__file__), "--one", str(R)] + _pass_on(args)
            p = subprocess.run(child, capture_output=True, text=True)
            if p.returncode != 0:
                print("run of %d failed:\n%s" % (R, p.stderr), file=sys.stderr)
                return 1
            r = json.loads(p.stdout.strip().splitlines()[-1])
            print("%10d %9.3f %11.0f %8.3f %8.3f %12.1f %9.4f%s"
                  % (R, r["wall"], R / r["wall"], r["sim"], r["stats"], r["peak_rss_mb"],
                     r["p_met_all_binding"], "" if r["finite"] else "  NON-FINITE values"))
    return 0


def _pass_on(args):
    out = ["--inputs", args.inputs, "--chunk", str(args.chunk), "--seed", str(args.seed),
           "--stats", args.stats, "--bins", str(args.bins)]
    out += ["--no-noise"] if args.no_noise else []
    out += ["--model-only"] if args.model_only else []
    out += ["-o", args.out] if args.out else []
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
