#!/bin/sh
# samples_none.sh — `batch --samples none` writes the same summary.csv and
# targets.csv as `--samples csv` (its targets decided against growth bands
# without pow, no rows formatted), and no samples.csv (an old one in the
# folder removed).  Every shipped scenario and tests/batch's with lhs, the
# default one with mc and qmc too, above the exact-percentile size so that
# the histogram path is taken.
#   sh tests/samples_none.sh build/plansim
set -u
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for f in "$root"/scenarios/*.cfg "$root"/tests/batch/*.cfg; do
  n=$(basename "$f" .cfg)
  methods=lhs
  [ "$n" = xincheng-2030 ] && methods="lhs mc qmc"
  for m in $methods; do
    for s in csv none; do
      mkdir -p "$work/$s"
      echo stale >"$work/$s/samples.csv"
      "$bin" batch "$f" -n 12500 -j 2 --seed 5 --method "$m" --samples "$s" -q \
        -o "$work/$s" >/dev/null 2>&1 || echo "exit $? ($s)" >>"$work/$s.exit"
    done
    for file in summary.csv targets.csv; do
      if ! cmp -s "$work/csv/$file" "$work/none/$file"; then
        echo "DIFFERS: $n $m $file"
        status=1
      fi
    done
    if [ -e "$work/none/samples.csv" ] || ! grep -q '"samples": "none"' "$work/none/run.json" ||
       [ "$(wc -l <"$work/csv/samples.csv")" -ne 12501 ]; then
      echo "WRONG FILES: $n $m"
      status=1
    fi
    rm -rf "$work/csv" "$work/none"
  done
done
if [ -e "$work/csv.exit" ] || [ -e "$work/none.exit" ]; then
  cat "$work/csv.exit" "$work/none.exit" 2>/dev/null
  status=1
fi
[ "$status" -eq 0 ] && echo "samples none: same summary.csv and targets.csv"
exit $status
