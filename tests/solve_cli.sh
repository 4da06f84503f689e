#!/bin/sh
# solve_cli.sh PLANSIM SCENARIO WORK — the proof through the command line:
# `plansim solve` on the Xincheng plan (carbon_intensity against
# compute.growth), then `plansim run --set compute.growth=VALUE` at the
# reported boundary gives the metric equal to the threshold within 1e-6
# relative; `plansim capacity` writes its header and 4 drivers a year.
set -u
plansim=$1 scenario=$2 work=$3
rm -rf "$work"
"$plansim" solve "$scenario" --target carbon_intensity --lever compute.growth=0:3 -q \
  -o "$work/solve" || { echo "solve failed"; exit 1; }
head -1 "$work/solve/solve.csv" |
  grep -qx 'target,lever,apply,lo,hi,crossing,value,metric,threshold,met_side,status' ||
  { echo "solve.csv header"; exit 1; }
value=$(awk -F, 'NR == 2 && $11 == "boundary" { print $7 }' "$work/solve/solve.csv")
threshold=$(awk -F, 'NR == 2 { print $9 }' "$work/solve/solve.csv")
[ -n "$value" ] || { echo "no boundary in solve.csv"; exit 1; }
"$plansim" run "$scenario" --set "compute.growth=$value" -q -o "$work/run" ||
  { echo "run failed"; exit 1; }
awk -F, -v th="$threshold" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "result") c = k }
  $1 == "carbon_intensity" {
  d = $c - th; if (d < 0) d = -d
  if (d > 1e-6 * th) { print "metric " $c " vs threshold " th; exit 1 }
  found = 1 }
  END { if (!found) { print "no carbon_intensity row"; exit 1 } }' "$work/run/targets.csv" || exit 1
"$plansim" capacity "$scenario" -q -o "$work/capacity" || { echo "capacity failed"; exit 1; }
head -1 "$work/capacity/capacity.csv" |
  grep -qx 'year,driver,unit,projected,allowed,headroom,headroom_pct' ||
  { echo "capacity.csv header"; exit 1; }
rows=$(($(wc -l < "$work/capacity/capacity.csv") - 1))
[ "$rows" -eq 20 ] || { echo "capacity.csv: $rows rows, want 20"; exit 1; }
echo "solve_cli: boundary $value proven; capacity $rows rows"
