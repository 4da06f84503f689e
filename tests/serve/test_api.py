"""test_api.py — plansim serve's HTTP API without a browser: routes, the
run's numbers against `plansim run --set` to the last digit, the batch's
odds against `plansim batch`, every error status with the command line's
message, concurrent clients, and a clean stop on SIGTERM and Ctrl-C.
usage: test_api.py PLANSIM SCENARIO"""
import concurrent.futures
import csv
import os
import shutil
import signal
import sys
import tempfile

from serve_util import Server, cell, cli, cli_run, request

FAILED = []
SERVER_TMP = None


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        FAILED.append(what)


def same_run(plansim, scenario, url, sets, label):
    """POST /api/run equals plansim run --set, every output of every year
    and every target, bit for bit."""
    status, got = request(url + "/api/run", "POST", {"set": sets})
    check(status == 200, "%s: 200 (got %s %s)" % (label, status, str(got)[:200]))
    if status != 200:
        return
    traj, targets = cli_run(plansim, scenario, sets)
    check(got["years"] == [int(r["year"]) for r in traj], label + ": years")
    diffs = [(name, i) for name, values in got["outputs"].items()
             for i, r in enumerate(traj) if cell(r[name]) != values[i]]
    check(len(got["outputs"]) == len(traj[0]) - 1 and not diffs,
          "%s: %d outputs equal trajectories.csv to the last digit (differ: %s)" %
          (label, len(got["outputs"]), diffs[:3]))
    by_id = {t["id"]: t for t in got["targets"]}
    bad = [t["id"] for t in targets if cell(t["result"]) != by_id[t["id"]]["metric"]
           or (t["status"] == "met") != by_id[t["id"]]["met"]]
    check(len(by_id) == len(targets) and not bad,
          "%s: %d targets equal targets.csv (differ: %s)" % (label, len(targets), bad))
    check(isinstance(got["elapsed_us"], int) and got["elapsed_us"] >= 0, label + ": elapsed_us")


def test_scenario(url):
    status, s = request(url + "/api/scenario")
    check(status == 200 and s["name"] == "xincheng-2030" and s["years"] == list(range(2025, 2031)),
          "GET /api/scenario: 200, the name, the years")
    levers = {l["path"]: l for l in s["levers"]}
    g = levers.get("economy.growth", {})
    check(g.get("lo") == -0.5 and g.get("hi") == 1 and g.get("unit") == "fraction/yr"
          and g.get("label_zh") == "地区生产总值增速" and g.get("value") == 0.055,
          "economy.growth lever: bounds, unit, label_zh, the file's value")
    check(levers.get("water.cap", {}).get("hi") is None, "water.cap lever: no upper bound (null)")
    check("economy.gdp0" not in levers and "economy.growth_noise.sd" not in levers,
          "base-year values and batch-only settings are not levers")
    attrs = [t["attribute"] for t in s["targets"]]
    check(len(attrs) >= 18 and attrs == sorted(attrs, key=lambda a: a != "binding"),
          "%d targets, binding first" % len(attrs))
    status, page = request(url + "/")
    check(status == 200 and "/echarts.min.js" in page and "/app.js" in page, "GET / the page")
    status, js = request(url + "/echarts.min.js")
    check(status == 200 and len(js) > 500000 and "echarts" in js[:2000],
          "GET /echarts.min.js: the vendored ECharts (%d bytes)" % len(js))


def test_errors(plansim, scenario, url):
    run = url + "/api/run"
    for sets in ({"economy.growth": 5}, {"economy.nope": 1}, {"economy.growth": 0.05, "water.cap": -3}):
        args = ["run", scenario, "-q", "-o", tempfile.mkdtemp()]
        for k, v in sets.items():
            args += ["--set", "%s=%r" % (k, v)]
        rc, err = cli(plansim, *args)
        status, body = request(run, "POST", {"set": sets})
        check(status == 400 and rc == 3 and body["error"] == err.strip(),
              "400 with the command line's message for %s: %r" % (sets, body.get("error")))
    status, body = request(run, "POST", {"set": {"economy.growth": "x"}})
    check(status == 400 and body["error"] == 'economy.growth: must be a number (got "x")',
          "400 for a wrong type: %r" % body.get("error"))
    status, body = request(run, "POST", "{\"set\": {\"economy.growth\": 0.05")
    check(status == 400 and body["error"].startswith("the body is not JSON"),
          "400 for malformed JSON: %r" % body.get("error"))
    status, body = request(run, "POST", "[1, 2]")
    check(status == 400 and "JSON object" in body["error"], "400 for a body not an object")
    status, body = request(run, "POST", {"set": {"../../etc/passwd": 1}})
    check(status == 400 and "not a setting path" in body["error"], "400 for a path that is no setting")
    status, body = request(run, "POST", {"set": {"k%d" % i: 1 for i in range(65)}})
    check(status == 400 and "at most 64" in body["error"], "400 for over 64 settings")
    rc, err = cli(plansim, "run", scenario, "-q", "-o", tempfile.mkdtemp(), "--set",
                  "water.domestic_lpd=2000")
    status, body = request(run, "POST", {"set": {"water.domestic_lpd": 2000}})
    check(status == 422 and rc == 4 and body.get("year") == 2026
          and body.get("variable") == "water.per_gdp" and body.get("value") is None
          and body["error"] in err,
          "422 with year, variable, value for a broken model bound: %r" % body)
    status, body = request(run, "POST", b"{" + b" " * (70 * 1024) + b"}")
    check(status == 413 and "64 KiB" in body["error"], "413 for a body over 64 KiB")
    status, body = request(run, "POST", b"{" + b" " * (64 * 1024 - 2) + b"}")
    check(status == 200, "a body of exactly 64 KiB is taken (got %s)" % status)
    status, _ = request(url + "/nope")
    check(status == 404, "404 for an unknown route")
    status, _ = request(url + "/../../etc/passwd")
    check(status == 404, "404 for a file path")
    for method, path in (("DELETE", "/api/run"), ("GET", "/api/run"), ("POST", "/"),
                         ("PUT", "/api/scenario"), ("GET", "/api/batch")):
        status, _ = request(url + path, method, b"" if method != "GET" else None)
        check(status == 405, "405 for %s %s (got %s)" % (method, path, status))
    for body in ({"runs": 0}, {"runs": 100001}, {"runs": 2.5}, {"runs": "many"}):
        status, got = request(url + "/api/batch", "POST", body)
        check(status == 400 and got["error"].startswith("runs: must be a whole number from 1 to 100000"),
              "400 for batch %s" % body)


def test_outputs(url):
    """"outputs" limits the answer to the outputs named, with the same numbers."""
    sets = {"economy.growth": 0.0437}
    _, every = request(url + "/api/run", "POST", {"set": sets})
    names = ["economy.gdp", "carbon.intensity"]
    status, some = request(url + "/api/run", "POST", {"set": sets, "outputs": names})
    check(status == 200 and sorted(some["outputs"]) == sorted(names)
          and all(some["outputs"][n] == every["outputs"][n] for n in names)
          and some["targets"] == every["targets"], "outputs: only those named, the same numbers")
    for bad in (["economy.nope"], "economy.gdp", [3]):
        status, body = request(url + "/api/run", "POST", {"set": sets, "outputs": bad})
        check(status == 400 and body["error"].startswith("outputs: "),
              "400 for outputs %r: %r" % (bad, body.get("error")))


def test_solve(plansim, scenario, url):
    """What it takes: each boundary of the growth target along the growth
    lever, proved by forward runs of plansim run on both sides."""
    status, got = request(url + "/api/solve", "POST", {"lever": "economy.growth"})
    check(status == 200 and got["lever"] == "economy.growth" and got["lo"] == -0.5,
          "POST /api/solve: 200")
    if status != 200:
        return
    t = next(x for x in got["targets"] if x["id"] == "gdp_growth")
    check(len(t["crossings"]) == 2, "gdp_growth (~5.5 ±0.25) has two boundaries: %s" % t["crossings"])
    for c in t["crossings"]:
        for step, want in ((0, "met"), (-1e-4 * c["met_side"], "missed")):
            _, targets = cli_run(plansim, scenario, {"economy.growth": c["value"] + step})
            row = next(r for r in targets if r["id"] == "gdp_growth")
            check(row["status"] == want, "plansim run at %.6g%+g: %s (%s)" %
                  (c["value"], step, want, row["status"]))
    status, body = request(url + "/api/solve", "POST", {"lever": "economy.gdp0"})
    check(status == 400 and body["error"].startswith("lever: "), "400 for a setting not a lever")
    status, _ = request(url + "/api/solve")
    check(status == 405, "405 for GET /api/solve")


def test_batch(plansim, scenario, url):
    sets = {"economy.growth": 0.06}
    status, got = request(url + "/api/batch", "POST", {"set": sets, "runs": 2000})
    check(status == 200 and got["runs"] == 2000, "POST /api/batch: 200")
    if status != 200:
        return
    out = tempfile.mkdtemp(prefix="batch-")
    rc, err = cli(plansim, "batch", scenario, "-q", "-n", "2000", "-o", out,
                  "--set", "economy.growth=0.06")
    with open(os.path.join(out, "targets.csv")) as f:
        rows = list(csv.DictReader(f))
    want = {r["id"]: cell(r["p_met"]) for r in rows if r["id"] != "all_binding"}
    have = {t["id"]: t["p_met"] for t in got["targets"]}
    check(rc == 0 and want == have, "p_met equals plansim batch's targets.csv")
    check(got["all_binding"] == cell(rows[-1]["p_met"]), "all_binding equals the batch's")
    fans = got["fans"]
    ok = sorted(fans) == sorted(["economy.gdp", "compute.capacity", "water.use_conventional",
                                 "carbon.intensity"])
    for f in fans.values():
        ok = ok and all(len(f[k]) == 6 for k in ("p05", "p25", "p50", "p75", "p95", "mean"))
        ok = ok and all(a <= b <= c for a, b, c in zip(f["p05"], f["p50"], f["p95"]))
    check(ok, "four fans, six years each, p05 <= p50 <= p95")
    leftovers = os.listdir(SERVER_TMP)
    check(not leftovers, "the batch's temporary folder is removed (%s)" % leftovers)


def test_concurrent(url):
    """16 clients at once, each value's GDP equal to the same request alone."""
    values = [0.03 + 0.001 * i for i in range(48)]
    alone = {v: request(url + "/api/run", "POST", {"set": {"economy.growth": v}})[1]
             ["outputs"]["economy.gdp"] for v in values[:8]}

    def one(v):
        status, body = request(url + "/api/run", "POST", {"set": {"economy.growth": v}})
        return v, status, body["outputs"]["economy.gdp"] if status == 200 else None

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, values * 4))
    check(all(s == 200 for _, s, _ in results), "192 requests from 16 clients: all 200")
    check(all(g == alone[v] for v, _, g in results if v in alone),
          "concurrent answers equal the answers alone")
    growth = {v: g[-1] for v, _, g in results}
    check(all(growth[a] < growth[b] for a, b in zip(values, values[1:])),
          "GDP 2030 rises with the growth lever in every answer")


def main():
    plansim, scenario = sys.argv[1], sys.argv[2]
    # the command line's outputs go to one folder, removed at the end
    tempfile.tempdir = tempfile.mkdtemp(prefix="plansim-serve-test-")
    try:
        run_all(plansim, scenario)
    finally:
        shutil.rmtree(tempfile.tempdir, ignore_errors=True)
    print("%d failed" % len(FAILED))
    sys.exit(1 if FAILED else 0)


def run_all(plansim, scenario):
    global SERVER_TMP
    SERVER_TMP = tempfile.mkdtemp(prefix="server-tmp-")  # the batches' folders, its own
    server = Server(plansim, scenario, "-j", "2", env=dict(os.environ, TMPDIR=SERVER_TMP))
    try:
        test_scenario(server.url)
        same_run(plansim, scenario, server.url, {}, "the file's run")
        same_run(plansim, scenario, server.url,
                 {"economy.growth": 0.0611, "water.cap": 8712.5, "compute.pue": 1.17},
                 "a run with three levers set")
        same_run(plansim, scenario, server.url, {"economy.growth": 0.1, "water.intensity.industry": 13},
                 "a run where the red line binds")
        status, got = request(server.url + "/api/run", "POST",
                              {"set": {"economy.growth": 0.1, "water.intensity.industry": 13}})
        check(max(got["outputs"]["water.binding"]) > 0, "... and the red line binds in it")
        test_outputs(server.url)
        test_errors(plansim, scenario, server.url)
        test_batch(plansim, scenario, server.url)
        test_solve(plansim, scenario, server.url)
        test_concurrent(server.url)
        status, _ = request(server.url + "/api/scenario")
        check(status == 200, "still answering after the bad requests")
    finally:
        rc, err = server.stop(signal.SIGTERM)
    check(rc == 0 and "stopped (SIGTERM)" in err, "SIGTERM stops it cleanly (exit %s)" % rc)
    builtin = Server(plansim)
    same_run(plansim, None, builtin.url, {"economy.growth": 0.05}, "the built-in scenario")
    rc, err = builtin.stop(signal.SIGINT)
    check(rc == 0 and "stopped (Ctrl-C)" in err, "Ctrl-C stops it cleanly (exit %s)" % rc)
    wide = Server(plansim, scenario, "--host", "0.0.0.0")
    rc, err = wide.stop()
    check(rc == 0 and "no authentication" in err, "another host: a warning")
    rc, err = cli(plansim, "serve", scenario, "--port", "70000")
    check(rc == 2 and "--port needs a whole number from 0 to 65535" in err, "a bad --port: exit 2")


if __name__ == "__main__":
    main()
