"""restore_samples.py BATCHDIR — writes to stdout the batch's samples.csv
with every column restored: run, seed, the sampled inputs, every target of
targets.csv in its order, status.  samples.csv leaves out the cells that
are the same in every run; run.json has them once:
  samples_constants   [{"column": C, "cell": TEXT}]: column C (the seed, or
                      a target) is TEXT in every row (a target's: in every
                      ok row; a failed run has no target results)
  samples_exceptions  [{"run": R, "column": C, "cell": TEXT}]: but TEXT in
                      run R (a frozen output moved in that run)
The cells are copied as text, so the restored file is byte for byte the
file a batch with PLANSIM_FULL_SAMPLES=1 writes (a test compares)."""
import csv
import json
import sys


def restore(d, out):
    run = json.load(open(f"{d}/run.json"))
    with open(f"{d}/targets.csv", newline="") as f:
        targets = [r["id"] for r in csv.DictReader(f) if r["id"] != "all_binding"]
    constant = {c["column"]: c["cell"] for c in run.get("samples_constants", [])}
    moved = {(e["run"], e["column"]): e["cell"] for e in run.get("samples_exceptions", [])}
    with open(f"{d}/samples.csv") as f:
        header = f.readline().rstrip("\n").split(",")
        live = [t for t in targets if t not in constant]
        has_seed = header[1] == "seed"
        inputs = header[1 + has_seed:len(header) - 1 - len(live)]
        out.write(",".join(["run", "seed"] + inputs + targets + ["status"]) + "\n")
        for line in f:
            cells = line.rstrip("\n").split(",")
            r = int(cells[0])
            seed = cells[1] if has_seed else constant["seed"]
            xs = cells[1 + has_seed:1 + has_seed + len(inputs)]
            got = dict(zip(live, cells[1 + has_seed + len(inputs):-1]))
            ok = cells[-1] == "ok"
            results = [got[t] if t in got else moved.get((r, t), constant[t]) if ok else ""
                       for t in targets]
            out.write(",".join([cells[0], seed] + xs + results + [cells[-1]]) + "\n")


if __name__ == "__main__":
    restore(sys.argv[1], sys.stdout)
