#!/bin/bash
# bench_mpi.sh — MPI scaling (a benchmark, not a test): the default batch
# with `mpirun -np 2 -j 1` against `mpirun -np 1 -j 1`, --samples none, at
# 10^6 and 10^7 runs, in interleaved rounds (the VM's speed drifts); per
# batch the wall and CPU seconds of the whole mpirun tree, and from
# run.json the seconds rank 0 waited for the other rank and merged its
# results (the merge's share of the wall time).
#   bash tests/bench/bench_mpi.sh build/plansim [ROUNDS] [SIZES]
set -u
bin=$(realpath "$1")
rounds=${2:-3}
sizes=${3:-1000000 10000000}
cfg=scenarios/xincheng-2030.cfg
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
TIMEFORMAT='%R %U %S'
field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$2"; }
echo "runs np round wall_s cpu_s batch_wall_s wait_s merge_s merge_share"
for n in $sizes; do
  for r in $(seq "$rounds"); do
    for np in 1 2; do
      t=$( { time mpirun --allow-run-as-root --oversubscribe -np $np "$bin" batch $cfg -n $n \
               -j 1 --samples none -q -o "$out/b" >/dev/null 2>&1; } 2>&1 )
      set -- $t
      cpu=$(echo "$2 + $3" | bc)
      bw=$(field wall_seconds "$out/b/run.json")
      w=$(field ranks_wait_seconds "$out/b/run.json")
      m=$(field ranks_merge_seconds "$out/b/run.json")
      share=$(echo "scale=4; ${m:-0} / $bw" | bc)
      echo "$n $np $r $1 $cpu $bw ${w:--} ${m:--} $share"
      rm -rf "$out/b"
    done
  done
done
