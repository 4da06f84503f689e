#!/bin/sh
# same_outputs.sh — runs one fixed set of commands with two plansim
# binaries and compares every file they write, byte for byte (run.json's
# wall_seconds aside, the one value that is a measurement).  Used to show
# that a refactoring changed no output:
#
#   git worktree add /tmp/base <commit> && cmake -S /tmp/base -B /tmp/base/build && cmake --build /tmp/base/build
#   sh tests/same_outputs.sh /tmp/base/build/plansim build/plansim
#
# Exit 0 when every file is the same, 1 with the differing files listed.
set -u
base=$(realpath "$1")
new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each line: a label, then the arguments after the binary (-o is added).
cases() {
  for f in "$root"/scenarios/*.cfg "$root"/tests/scenarios/minimal.cfg \
           "$root"/tests/scenarios/interface-example.cfg "$root"/tests/golden/*.cfg; do
    n=$(basename "$f" .cfg)
    echo "run-$n|run $f"
  done
  for f in "$root"/scenarios/*.cfg "$root"/tests/batch/*.cfg; do
    n=$(basename "$f" .cfg)
    for m in mc lhs qmc; do
      echo "batch-$n-$m-small|batch $f -n 3000 -j 2 --seed 7 --method $m"
    done
  done
  d="$root/scenarios/xincheng-2030.cfg"
  for m in mc lhs qmc; do
    echo "batch-default-$m-large|batch $d -n 120000 -j 2 --seed 11 --method $m"
    echo "batch-default-$m-1thread|batch $d -n 12000 -j 1 --seed 11 --method $m"
  done
  echo "sweep-1d|sweep $d --vary economy.growth=0.03:0.07:0.005"
  echo "sweep-2d|sweep $d --vary economy.growth=0.03:0.07:0.01 --vary compute.growth=1.0:1.6:0.1"
  echo "compare|compare $root/scenarios/xincheng-2030.cfg $root/scenarios/xincheng-green-compute.cfg $root/scenarios/xincheng-low-growth.cfg"
  echo "run-set|run $d --set economy.growth=0.061 --set compute.growth=1.3"
}

status=0
cases | while IFS='|' read -r label args; do
  for side in base new; do
    eval "bin=\$$side"
    # shellcheck disable=SC2086
    (cd "$work" && "$bin" $args -q -o "$work/$side/$label" >"$work/$side-$label.out" 2>&1)
    echo "exit $?" >>"$work/$side-$label.out"
    if [ -f "$work/$side/$label/run.json" ]; then
      sed -i '/"wall_seconds"/d' "$work/$side/$label/run.json"
    fi
  done
  if ! diff -r "$work/base/$label" "$work/new/$label" >/dev/null 2>&1 ||
     ! cmp -s "$work/base-$label.out" "$work/new-$label.out"; then
    echo "DIFFERS: $label"
    diff -r "$work/base/$label" "$work/new/$label" | head -5
    diff "$work/base-$label.out" "$work/new-$label.out" | head -5
    echo 1 >"$work/failed"
  else
    echo "same: $label ($(ls "$work/new/$label" 2>/dev/null | wc -l) files)"
  fi
done
[ -f "$work/failed" ] && status=1
exit $status
