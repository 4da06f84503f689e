#!/bin/sh
# same_cli.sh — runs one fixed set of command lines, most of them wrong
# (unknown, misplaced, repeated or out-of-range options, options another
# command takes, too many files), with two plansim binaries and compares
# what each prints on stdout and stderr and its exit status, byte for byte.
# same_outputs.sh compares the files; this compares the command line:
#
#   sh tests/same_cli.sh /tmp/base/build/plansim build/plansim
#
# Each side runs in its own folder, so relative -o folders print the same;
# a batch's runs per second are left out.  Help for one command (plansim
# help run, plansim run --help) is new, so not among these lines.
# Exit 0 when every line is the same, 1 with the differing lines listed.
set -u
base=$(realpath "$1")
new=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
S="$root/tests/scenarios/minimal.cfg"
X="$root/scenarios/xincheng-2030.cfg"
sets65=$(i=0; while [ $i -lt 65 ]; do printf ' --set economy.growth=0.05'; i=$((i + 1)); done)
varies9=$(i=0; while [ $i -lt 9 ]; do printf ' --vary economy.growth=0.0%d:0.09:0.01' $i; i=$((i + 1)); done)
files65=$(i=0; while [ $i -lt 65 ]; do printf ' f%d.cfg' $i; i=$((i + 1)); done)

# One command line a line, as the shell would read it after "plansim".
cases() {
  cat <<EOF
-q -o out-default
-o out-default2
-q --set economy.growth=0.05 -o out-default3
-h
--help
-q run $S
-q --set run
-q -o run
run.cfg
nosuch
''
run '' -q
run $S -o out-run
run $S -q -o out-run2 --strict
run $X -q -o out-run3 --strict
run a.cfg b.cfg
run -n 5
run -n 0
run -n abc
run -n
run -j 0 --seed 5
run --method mc
run --vary economy.growth=1:2:1
run --setx
run -q=1
run --plot=1
run --strict=1
run -o
run --set
run -
run --set=economy.growth=0.05 $S -q -o out-set
run --set= $S -q -o out-set2
run $S $sets65
run $varies9
run $files65
run -n 0 --strict
run --strict -n 0
check
check $S
check $S -o x
check $S -q
check $S --set economy.growth=0.05
check $S --set economy.9x=1
check a.cfg b.cfg
check nosuch.cfg
describe a b
describe nosuch
describe -q
describe economy -o x
compare
compare $S -q -o out-cmp --strict
compare $X $S -o out-cmp2
compare $X $S -o out-cmp3 -n 5
compare $files65
batch
batch $S $S
batch $X -n 0
batch $X -n 1000000001
batch $X -n 1e3
batch $X -n ' 5' -q -o out-b0
batch $X -j 65
batch $X -j
batch $X --seed -1
batch $X --seed 2147483648
batch $X --strict
batch $X --strict --vary x -o y
batch $X --method
batch $X --method sobol -q -o out-b1
batch $X -n 200 -j 1 --seed 3 -o out-b2
batch $X -n 200 -j 1 --seed 3 --method lhs -o out-b3 -n 300
sweep
sweep $S
sweep $S --vary
sweep $S $varies9
sweep $S --vary=economy.growth=0.03:0.05:0.01
sweep $S --vary economy.growth=0.03:0.05:0.01 -o out-sw
sweep $S --vary economy.growth=0.03:0.05:0.01 --strict
sweep $S --vary economy.growth=0.03:0.05:0.01 -n 4
plot
plot a b
plot nosuch-folder
plot d --strict -o x
plot d -n 0
plot d --set x=1 -q
EOF
}

cases | while IFS= read -r line; do
  for side in base new; do
    eval "bin=\$$side"
    mkdir -p "$work/$side"
    eval "set -- $line"
    (cd "$work/$side" && "$bin" "$@" >"$work/$side.out" 2>"$work/$side.err")
    echo "exit $?" >>"$work/$side.out"
    # a batch's speed is a measurement, not an output
    sed -i -E 's/ in [0-9.]+ s \([0-9]+ runs\/s\)/ in T s/' "$work/$side.out" "$work/$side.err"
  done
  if cmp -s "$work/base.out" "$work/new.out" && cmp -s "$work/base.err" "$work/new.err"; then
    echo "same: plansim $(echo "$line" | cut -c1-100)"
  else
    echo "DIFFERS: plansim $line"
    diff "$work/base.out" "$work/new.out" | head -5
    diff "$work/base.err" "$work/new.err" | head -5
    echo 1 >"$work/failed"
  fi
done
[ -f "$work/failed" ] && exit 1
exit 0
