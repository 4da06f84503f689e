#!/usr/bin/env python3
"""check.py MODE DIR — checks a sensitivity or discover folder against
closed forms.

product DIR: sobol indices of economy.gdp in 2030 of product.cfg
  (gdp0 (1 + g)^5, gdp0 ~ U(400, 900), g ~ U(0, 0.15), a dummy input)
  against the variance decomposition of a product of independent factors:
  V1 = Var(X1) E[X2]^2, V2 = E[X1]^2 Var(X2), V12 = Var(X1) Var(X2);
  each index within its reported interval, the dummy's ST below 0.01.
morris DIR: the same quantity's mu* ranks gdp0, g, dummy as ST does, the
  dummy's mu* 0.
redline DIR: discover on the default plan's batch: the runs missing the
  red line are described by water.cap alone.
"""
import csv
import sys


def rows(path, quantity, year):
    with open(path, newline="") as f:
        return {r["input"]: r for r in csv.DictReader(f)
                if r["quantity"] == quantity and r["year"] == year}


def analytic():
    a, b, c, e = 400.0, 900.0, 0.0, 0.15
    e1, v1 = (a + b) / 2, (b - a) ** 2 / 12
    e2 = ((1 + e) ** 6 - (1 + c) ** 6) / (6 * (e - c))
    e2s = ((1 + e) ** 11 - (1 + c) ** 11) / (11 * (e - c))
    v2 = e2s - e2 ** 2
    v = (v1 + e1 ** 2) * e2s - e1 ** 2 * e2 ** 2
    s1 = {"economy.gdp0": v1 * e2 ** 2 / v, "economy.growth": e1 ** 2 * v2 / v,
          "compute.green_share": 0.0}
    st = {"economy.gdp0": (v1 * e2 ** 2 + v1 * v2) / v,
          "economy.growth": (e1 ** 2 * v2 + v1 * v2) / v, "compute.green_share": 0.0}
    return s1, st


def product(d):
    got = rows(d + "/sensitivity.csv", "economy.gdp", "2030")
    s1, st = analytic()
    ok = len(got) == 3
    for name, r in got.items():
        for idx, want in (("S1", s1[name]), ("ST", st[name])):
            x, conf = float(r[idx]), float(r[idx + "_conf"])
            good = abs(x - want) <= conf or (want == 0 and abs(x) < 1e-12)
            print(f"{name} {idx} {x:.4f} ± {conf:.4f}, closed form {want:.4f}: "
                  f"{'ok' if good else 'OUTSIDE'}")
            ok &= good
    ok &= float(got["compute.green_share"]["ST"]) < 0.01
    return ok


def morris(d):
    got = rows(d + "/sensitivity.csv", "economy.gdp", "2030")
    _, st = analytic()
    by_mu = sorted(got, key=lambda k: -float(got[k]["mu_star"]))
    by_st = sorted(st, key=lambda k: -st[k])
    print("mu* order", by_mu, "ST order", by_st)
    return by_mu == by_st and float(got["compute.green_share"]["mu_star"]) == 0


def redline(d):
    with open(d + "/discover.csv", newline="") as f:
        box = [r for r in csv.DictReader(f)
               if r["target"] == "water_red_line" and r["case"] == "missed"]
    restricted = sorted(r["input"] for r in box if r["restricted"] == "1")
    print("restricted:", restricted)
    return restricted == ["water.cap"]


if __name__ == "__main__":
    ok = {"product": product, "morris": morris, "redline": redline}[sys.argv[1]](sys.argv[2])
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    sys.exit(0 if ok else 1)
