#!/bin/sh
# mpi_same.sh — a batch split over MPI ranks writes the very bytes of one
# process: `mpirun -np 1, 2, 4` (--oversubscribe: more ranks than cores)
# with one thread a rank and the program without a launcher at -j 1 and
# -j 2 write the same summary.csv, targets.csv and samples.csv, and the
# same run.json but for threads, ranks and wall_seconds.  Methods mc, lhs
# and qmc, a run count that is not whole chunks, and --samples none.
#   sh tests/mpi_same.sh build/plansim scenarios/xincheng-2030.cfg
set -u
bin=$(realpath "$1")
cfg=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# as root (CI's containers) Open MPI wants to be told
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi="mpirun --allow-run-as-root --oversubscribe -np"
status=0
while read -r label args; do
  # shellcheck disable=SC2086
  "$bin" batch "$cfg" $args -j 1 -q -o "$work/$label-j1" || status=1
  # shellcheck disable=SC2086
  "$bin" batch "$cfg" $args -j 2 -q -o "$work/$label-j2" || status=1
  for np in 1 2 4; do
    # shellcheck disable=SC2086
    $mpi $np "$bin" batch "$cfg" $args -j 1 -q -o "$work/$label-np$np" </dev/null ||
      { echo "mpirun -np $np failed: $label"; status=1; }
  done
  for d in j2 np1 np2 np4; do
    for f in summary.csv targets.csv samples.csv run.json; do
      a="$work/$label-j1/$f" b="$work/$label-$d/$f"
      if [ "$f" = run.json ]; then
        grep -q '"ranks"' "$b" || [ "$d" = j2 ] || { echo "no ranks in $b"; status=1; }
        sed -i '/"threads"/d; /"ranks/d; /"wall_seconds"/d' "$a" "$b"
      fi
      if [ -e "$a" ] || [ -e "$b" ]; then
        cmp -s "$a" "$b" || { echo "DIFFERS: $label $d $f"; status=1; }
      fi
    done
    ls -A "$work/$label-$d" | grep -q '^\.samples' && { echo "part left: $label $d"; status=1; }
  done
  [ -s "$work/$label-np4/summary.csv" ] || { echo "no summary: $label"; status=1; }
done <<EOF2
mc --method mc --seed 3 -n 27777
lhs --method lhs --seed 4 -n 20000
qmc --method qmc --seed 5 -n 15000
none --method mc --seed 6 -n 20000 --samples none
exact --method mc --seed 7 -n 3000
EOF2
# sweep: rows in point order, the ranks' parts joined (11 x 7 points:
# blocks of whole 64-point chunks, one rank's empty at -np 4)
vary="--vary economy.growth=0.03:0.07:0.004 --vary compute.growth=1.0:1.6:0.1"
# shellcheck disable=SC2086
"$bin" sweep "$cfg" $vary -q -o "$work/sweep" || status=1
for np in 2 4; do
  # shellcheck disable=SC2086
  $mpi $np "$bin" sweep "$cfg" $vary -q -o "$work/sweep-np$np" </dev/null || status=1
  cmp -s "$work/sweep/sweep.csv" "$work/sweep-np$np/sweep.csv" ||
    { echo "DIFFERS: sweep np$np"; status=1; }
  ls -A "$work/sweep-np$np" | grep -q '^\.sweep' && { echo "part left: sweep np$np"; status=1; }
done
[ "$status" -eq 0 ] && echo "mpi: -np 1, 2, 4 and -j 1, 2 wrote the same files (batch, sweep)"
exit $status
