#!/bin/sh
# plot_warnings.sh — `plansim plot` on every shipped scenario's run,
# batch, sweep (one input and two) and on a compare of them all; fails on
# any gnuplot warning or error (a skipped data file, an empty range: a
# figure that shows less than it says).  Exits 77 (skipped) without
# gnuplot.
# Usage: plot_warnings.sh PLANSIM SOURCE_DIR WORK_DIR
set -u
plansim=$1 src=$2 work=$3
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot not installed"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
log=$work/plot.log
: >"$log"
failed=0
plot() { # DIR: draws DIR's figures, keeping gnuplot's messages
  "$plansim" plot "$1" >"$work/out" 2>&1 || { echo "FAIL: plot $1 exited $?"; cat "$work/out"; failed=1; }
  cat "$work/out" >>"$log"
}
for cfg in "$src"/scenarios/*.cfg; do
  n=$(basename "$cfg" .cfg)
  "$plansim" run "$cfg" -q -o "$work/$n/run" && plot "$work/$n/run"
  "$plansim" batch "$cfg" -n 300 -q -o "$work/$n/batch" && plot "$work/$n/batch"
  "$plansim" sweep "$cfg" --vary economy.growth=0.03:0.07:0.01 -q -o "$work/$n/sweep1" &&
    plot "$work/$n/sweep1"
  "$plansim" sweep "$cfg" --vary economy.growth=0.03:0.07:0.01 --vary compute.growth=0.5:1.5:0.25 \
    -q -o "$work/$n/sweep2" && plot "$work/$n/sweep2"
done
"$plansim" compare "$src"/scenarios/*.cfg -q -o "$work/compare" && plot "$work/compare"
figures=$(ls "$work"/*/*/figures/*.png "$work"/compare/figures/*.png 2>/dev/null | wc -l)
# gnuplot's messages ("warning: ...", '"x.gp" line 3: ...'), and plansim's
if grep -E '[Ww]arning:|line [0-9]+:|^plansim: ' "$log"; then
  echo "FAIL: gnuplot complained (above); $figures figures"
  exit 1
fi
[ "$failed" = 0 ] && [ "$figures" -gt 100 ] || { echo "FAIL: $figures figures"; exit 1; }
echo "no gnuplot warning in $figures figures"
