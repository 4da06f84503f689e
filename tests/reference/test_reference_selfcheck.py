#!/usr/bin/python3
"""Self-checks of plansim_ref.py: hand-computed values and invariants on tiny
inputs (high-entropy numbers, not 1), so the oracle is itself checked before
it judges the C code.  Run from this folder:  python3 -m unittest
or:  python3 test_reference_selfcheck.py   (non-zero exit on failure)."""

import io
import math
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plansim_ref as ref  # noqa: E402  (re-runs under /usr/bin/python3 if NumPy is missing)
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# A tiny district, 2025-2027; every parameter a scalar unless a test overrides it.
BASE = {
    "time.start": 2025, "time.end": 2027,
    "economy.gdp0": 238.5, "economy.growth": 0.0537,
    "economy.shares0[0]": 0.125, "economy.shares0[1]": 0.375, "economy.shares0[2]": 0.5,
    "economy.population0": 21.37, "economy.pop_growth": 0.0061, "economy.income0": 48211.0,
    "economy.income_elasticity": 0.87, "economy.employment_rate": 0.563,
    "compute.capacity0": 238.5, "compute.growth": 0.731, "compute.eff0": 417.0,
    "compute.eff_new": 683.0, "compute.utilization": 0.617, "compute.pue": 1.283,
    "compute.wue": 0.437, "compute.green_share": 0.382,
    "water.rule": "enforce", "water.cap": 50000.0, "water.reclaimed": 318.7,
    "water.domestic_lpd": 143.7, "water.ecological": 211.3, "water.irrigation_quota": 287.0,
    "water.intensity.agriculture": 231.0, "water.intensity.industry": 11.83,
    "water.intensity.services": 1.417,
    "energy.intensity": 0.3071, "carbon.cef": 2.173, "carbon.grid_ef": 0.781,
}


def inputs(**over):
    """Inputs from BASE with overrides; a list value is a per-year path."""
    d = dict(BASE)
    d.update({k.replace("__", "."): v for k, v in over.items()})
    start, end = d["time.start"], d["time.end"]
    rows = []
    for name, v in d.items():
        if isinstance(v, (list, tuple)) and not name.endswith("]"):
            assert len(v) == end - start + 1, name
            rows += [(0, (name, str(start + i), repr(x))) for i, x in enumerate(v)]
        else:
            rows.append((0, (name, "", v if isinstance(v, str) else repr(v))))
    return ref.Inputs(rows, "test")


def run(**over):
    par = ref.Params(inputs(**over))
    return par, {k: v[:, 0] for k, v in ref.simulate(par, 1).items()}


def demands(o, t):
    return {s: o["water.demand_" + s][t] for s in ref.SECTORS}


class Economy(unittest.TestCase):
    def test_zero_growth_keeps_gdp_flat(self):
        _, o = run(economy__growth=0.0, economy__pop_growth=0.0)
        for t in range(3):
            self.assertAlmostEqual(o["economy.gdp"][t] / 238.5, 1.0, delta=1e-14)
            self.assertAlmostEqual(o["economy.income"][t], 48211.0, delta=1e-9)
        self.assertEqual(o["economy.gdp_growth"][0], 0.0)

    def test_hand_computed_first_year(self):
        _, o = run()
        ypot = 238.5 * 1.0537                        # 251.30745
        self.assertAlmostEqual(o["economy.gdp"][1], ypot, delta=1e-10)
        self.assertAlmostEqual(o["economy.va_secondary"][1], ypot * 0.375, delta=1e-10)
        self.assertAlmostEqual(o["economy.population"][1], 21.37 * 1.0061, delta=1e-12)
        g = ypot / 238.5 - 1
        self.assertAlmostEqual(o["economy.income"][1], 48211.0 * (1 + 0.87 * g), delta=1e-8)
        self.assertAlmostEqual(o["economy.labour_productivity"][0], 238.5 / (21.37 * 0.563), delta=1e-12)
        self.assertAlmostEqual(o["economy.gdp_per_capita"][0], 238.5 / 21.37 * 1e4, delta=1e-8)
        self.assertEqual(o["economy.gdp_growth"][0], 0.0537)   # base year reads growth[start]

    def test_shares_glide(self):
        _, o = run(**{"economy.shares_end[0]": 0.085, "economy.shares_end[1]": 0.395,
                      "economy.shares_end[2]": 0.52})
        ypot = 238.5 * 1.0537
        self.assertAlmostEqual(o["economy.va_primary"][1], ypot * (0.125 - 0.04 / 2), delta=1e-11)


class Compute(unittest.TestCase):
    def test_hand_computed(self):
        _, o = run(**{"compute.projects[0].name": "a", "compute.projects[0].year": 2026,
                      "compute.projects[0].pflops": 23.85})
        w0 = 238.5 / 417.0
        areq = 238.5 * 0.731 + 23.85
        self.assertAlmostEqual(o["compute.it_power"][0], w0, delta=1e-15)
        self.assertAlmostEqual(o["compute.additions"][1], areq, delta=1e-12)
        self.assertAlmostEqual(o["compute.it_power"][1], w0 + areq / 683.0, delta=1e-14)
        it = (w0 + areq / 683.0) * 0.617 * 8.76
        self.assertAlmostEqual(o["compute.it_energy"][1], it, delta=1e-12)
        self.assertAlmostEqual(o["compute.grid_electricity"][1], it * 1.283 * (1 - 0.382), delta=1e-12)
        self.assertAlmostEqual(o["compute.water"][1], it * 0.437 * 0.1, delta=1e-13)

    def test_zero_growth_keeps_compute_flat(self):
        _, o = run(compute__growth=0.0)
        self.assertTrue(np.all(o["compute.capacity"] == 238.5))

    def test_clamp_when_water_short(self):
        # compute last in priority; give it 40% of the water it needs
        _, full = run()
        d = demands(full, 1)
        need = sum(d[s] - full["water.reclaimed_alloc_" + s][1] for s in ref.SECTORS if s != "compute")
        _, o = run(water__cap=[50000.0, need + 0.4 * d["compute"], 50000.0])
        a_c = o["water.alloc_compute"][1]
        self.assertLess(a_c, d["compute"])
        k = 0.617 * 8.76 * 0.437 * 0.1
        w0 = 238.5 / 417.0
        expect = min(max(683.0 * (a_c / k - w0), 0.0), 238.5 * 0.731)
        self.assertAlmostEqual(o["compute.additions"][1], expect, delta=1e-9)
        self.assertLess(o["compute.additions"][1], o["compute.additions_requested"][1])


class Water(unittest.TestCase):
    def test_balance_closes(self):
        for rule in ("enforce", "report"):
            for cap in (50000.0, 6123.4, 2385.0):
                par, o = run(water__rule=rule, water__cap=cap)
                for t in range(3):
                    self.assertAlmostEqual(o["water.use_total"][t],
                                           o["water.use_reclaimed"][t] + o["water.use_conventional"][t],
                                           delta=1e-9)
                    alloc = sum(o["water.alloc_" + s][t] for s in ref.SECTORS)
                    self.assertLessEqual(alloc, cap + 318.7 + 1e-9)
                    rec = sum(o["water.reclaimed_alloc_" + s][t] for s in ref.SECTORS)
                    self.assertLessEqual(rec, 318.7 + 1e-12)
                    self.assertAlmostEqual(o["water.demand_total"][t],
                                           sum(demands(o, t).values()), delta=1e-9)

    def test_enforce_use_within_demand(self):
        par, o = run(water__cap=4123.7)
        self.assertEqual(o["water.binding"][1], 1.0)
        for t in range(1, 3):
            for s in ("ecological", "agriculture", "industry", "services"):
                self.assertLessEqual(o["water.use_" + s][t], o["water.demand_" + s][t] * (1 + 1e-12))
                self.assertLessEqual(o["water.use_" + s][t], o["water.alloc_" + s][t] * (1 + 1e-12))
            # committed stock may exceed its allocation, never its demand here
            for s in ("domestic", "compute"):
                self.assertLessEqual(o["water.use_" + s][t], o["water.demand_" + s][t] * (1 + 1e-12))

    def test_binding_cap_serves_industry_before_agriculture(self):
        # default priority: domestic, ecological, services, industry, agriculture, compute;
        # agriculture yields to industry, so it is curtailed first
        _, free = run()
        d = demands(free, 1)
        before = sum(d[s] - free["water.reclaimed_alloc_" + s][1]
                     for s in ("domestic", "ecological", "services", "industry"))
        cap = before + 0.5 * d["agriculture"]     # agriculture gets half, compute nothing
        _, o = run(water__cap=[50000.0, cap, cap])
        f = lambda s: o["water.alloc_" + s][1] / o["water.demand_" + s][1]  # noqa: E731
        self.assertEqual(o["water.binding"][1], 1.0)
        self.assertEqual(f("industry"), 1.0)
        self.assertAlmostEqual(f("agriculture"), 0.5, delta=1e-12)
        self.assertEqual(o["water.alloc_compute"][1], 0.0)
        self.assertLess(o["economy.va_primary"][1], free["economy.va_primary"][1])
        self.assertEqual(o["economy.va_secondary"][1], free["economy.va_secondary"][1])
        # tighter: agriculture is at zero before industry loses anything
        tight = before
        _, o2 = run(water__cap=[50000.0, tight, tight])
        self.assertEqual(o2["water.alloc_agriculture"][1], 0.0)
        self.assertEqual(o2["water.alloc_industry"][1], o2["water.demand_industry"][1])
        _, o3 = run(water__cap=[50000.0, tight - 150.0, tight])
        self.assertEqual(o3["water.alloc_agriculture"][1], 0.0)
        self.assertLess(o3["water.alloc_industry"][1], o3["water.demand_industry"][1])

    def test_reclaimed_goes_to_users_in_priority_order(self):
        _, o = run(water__reclaimed=250.0)
        self.assertEqual(o["water.reclaimed_alloc_domestic"][1], 0.0)
        self.assertAlmostEqual(o["water.reclaimed_alloc_ecological"][1], 211.3, delta=1e-12)
        self.assertAlmostEqual(o["water.reclaimed_alloc_services"][1], 250.0 - 211.3, delta=1e-12)
        self.assertEqual(o["water.reclaimed_alloc_industry"][1], 0.0)

    def test_report_rule_never_curtails(self):
        par, o = run(water__rule="report", water__cap=2385.0)
        np.testing.assert_array_equal(o["economy.gdp"], o["economy.gdp_potential"])
        self.assertTrue(np.all(o["water.binding"] == 1.0))
        for t in range(3):
            self.assertLess(abs(o["water.shortfall"][t]), 1e-9)
            self.assertAlmostEqual(o["water.over_cap"][t], o["water.use_conventional"][t] - 2385.0, delta=1e-9)

    def test_population_limited_when_domestic_last(self):
        prio = {"water.priority[%d]" % i: s for i, s in enumerate(
            ["ecological", "services", "industry", "agriculture", "compute", "domestic"])}
        _, free = run()
        d = demands(free, 1)
        nondom = sum(d[s] for s in ref.SECTORS if s != "domestic") - 318.7
        half = 21.37 * 143.7 * 0.365 * 1.00305     # between P[t-1] and Ppot
        _, o = run(water__cap=[50000.0, nondom + half, 50000.0], **prio)
        self.assertAlmostEqual(o["economy.population"][1], half / (143.7 * 0.365), delta=1e-9)
        _, o = run(water__cap=[50000.0, nondom + 100.0, 50000.0], **prio)
        self.assertEqual(o["economy.population"][1], 21.37)   # committed stock stays

    def test_base_year_not_curtailed_but_flags_reported(self):
        _, o = run(water__cap=2385.0)
        self.assertEqual(o["economy.gdp"][0], 238.5)
        self.assertEqual(o["water.binding"][0], 1.0)
        self.assertGreater(o["water.over_cap"][0], 0.0)
        self.assertEqual(o["water.shortfall"][0], 0.0)


class IndicatorsAndTargets(unittest.TestCase):
    def test_indicators(self):
        par, o = run(**{"indicators[0].name": "beds", "indicators[0].logistic.base": 3.17,
                        "indicators[0].logistic.rate": 0.283, "indicators[0].logistic.ceiling": 8.9,
                        "indicators[1].name": "rnd", "indicators[1].follow.of": "economy.gdp",
                        "indicators[1].follow.base": 12.7, "indicators[1].follow.elasticity": 1.37})
        self.assertAlmostEqual(o["indicators.beds"][2],
                               8.9 / (1 + (8.9 / 3.17 - 1) * math.exp(-0.283 * 2)), delta=1e-14)
        self.assertAlmostEqual(o["indicators.rnd"][1], 12.7 * (1 + 1.37 * 0.0537), delta=1e-12)

    def test_target_kinds(self):
        v = np.array([[100.0], [102.385], [105.7], [108.1]])
        r = np.array([[50.0], [51.0], [52.3], [53.9]])
        s = {"v": v, "r": r}
        tg = lambda **k: dict({"id": "x", "var": "v", "from": 2025, "to": 2028, "op": ">=",  # noqa: E731
                               "value": 2.385, "tol": 0.0, "ref": "", "attribute": "binding"}, **k)
        x = lambda t: float(ref.target_result(t, s, 2025)[0])  # noqa: E731
        self.assertAlmostEqual(x(tg(kind="level")), 108.1)
        self.assertAlmostEqual(x(tg(kind="growth")), ((108.1 / 100.0) ** (1 / 3) - 1) * 100)
        self.assertAlmostEqual(x(tg(kind="cumulative")), 102.385 + 105.7 + 108.1)
        self.assertAlmostEqual(x(tg(kind="reduction")), (1 - 1.081) * 100)
        self.assertAlmostEqual(x(tg(kind="max", **{"from": 2026})), 108.1)
        self.assertAlmostEqual(x(tg(kind="min", **{"from": 2026})), 102.385)
        sy = tg(kind="synced", ref="r", op="~", value=0.0, tol=0.3)
        gx = ((108.1 / 100) ** (1 / 3) - 1) * 100 - ((53.9 / 50) ** (1 / 3) - 1) * 100
        self.assertAlmostEqual(x(sy), gx)
        met, gap = ref.target_met(sy, np.array([gx]))
        self.assertEqual((bool(met[0]), float(gap[0])), (abs(gx) <= 0.3, gx))
        met, gap = ref.target_met(tg(kind="level", op="~", tol=0.5), np.array([2.7]))
        self.assertTrue(met[0])
        self.assertAlmostEqual(gap[0], 2.7 - 2.385)


class CheckCommand(unittest.TestCase):
    """`check DIR` accepts the reference's own output and flags a changed value."""

    def test_round_trip(self):
        d = tempfile.mkdtemp()
        try:
            shutil.copy(os.path.join(HERE, "sample_inputs.csv"), os.path.join(d, "inputs.csv"))
            par = ref.Params(ref.Inputs.read(os.path.join(d, "inputs.csv")))
            out = ref.simulate(par, 1, extras=False)
            with open(os.path.join(d, "trajectories.csv"), "w") as fh:
                ref.write_trajectories(par, out, fh)
            self.assertEqual(ref.check_dir(d, out=io.StringIO()), 0)
            out["water.use_industry"][3, 0] *= 1 + 5e-9
            with open(os.path.join(d, "trajectories.csv"), "w") as fh:
                ref.write_trajectories(par, out, fh)
            msg = io.StringIO()
            self.assertEqual(ref.check_dir(d, out=msg), 1)
            self.assertIn("water.use_industry", msg.getvalue())
        finally:
            shutil.rmtree(d)

    def test_batch_equals_single_runs(self):
        par = ref.Params(ref.Inputs.read(os.path.join(HERE, "sample_inputs_report.csv")))
        g = np.array([0.0413, 0.0587, 0.0722])
        single = []
        for gi in g:
            par.growth = np.full((par.T, 1), gi)
            single.append(ref.simulate(par, 1)["economy.gdp"][:, 0])
        par.growth = np.broadcast_to(g, (par.T, 3))
        batch = ref.simulate(par, 3)["economy.gdp"]
        np.testing.assert_array_equal(batch, np.array(single).T)


if __name__ == "__main__":
    unittest.main()
