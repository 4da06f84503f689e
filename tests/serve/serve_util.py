"""serve_util.py — starts `plansim serve` on a free port for the tests and
talks to it with urllib (no proxy: the machine's proxy must not see
127.0.0.1), and runs the command line for the answers to compare with."""
import csv
import json
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Server:
    """`plansim serve ARGS --port 0` in the background; .url is its address."""

    def __init__(self, plansim, *args, env=None):
        self.proc = subprocess.Popen([plansim, "serve", *args, "--port", "0"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://(\S+):(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("plansim serve did not start: %r %s" %
                               (line, self.proc.stderr.read()))
        self.url = "http://127.0.0.1:%s" % m.group(2)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Sends sig; returns (exit status, stderr)."""
        self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("plansim serve did not stop within %d s of %s" % (timeout, sig))
        return self.proc.returncode, self.proc.stderr.read()


def request(url, method="GET", body=None, headers=None):
    """(status, parsed JSON or text) of one request; body: bytes, str or an object."""
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(req, timeout=60) as r:
            status, data, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        status, data, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
    if ctype.startswith("application/json"):
        return status, json.loads(data)
    return status, data.decode()


def cli(plansim, *args):
    """Runs plansim ARGS; returns (exit status, stderr)."""
    p = subprocess.run([plansim, *args], capture_output=True, text=True)
    return p.returncode, p.stderr


def cli_run(plansim, scenario, sets):
    """`plansim run` with sets into a new folder: (trajectories rows, targets rows)."""
    out = tempfile.mkdtemp(prefix="run-")
    args = ["run"] + ([scenario] if scenario else []) + ["-q", "-o", out]
    for k, v in sets.items():
        args += ["--set", "%s=%r" % (k, v)]
    status, err = cli(plansim, *args)
    assert status == 0, err
    with open(os.path.join(out, "trajectories.csv")) as f:
        traj = list(csv.DictReader(f))
    with open(os.path.join(out, "targets.csv")) as f:
        targets = list(csv.DictReader(f))
    return traj, targets


def cell(text):
    """A CSV cell as the JSON would give it: None for an empty one."""
    return None if text == "" else float(text)


def wait_until(pred, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False
