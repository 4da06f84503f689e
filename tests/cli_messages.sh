#!/bin/sh
# cli_messages.sh PLANSIM SCENARIO — the command line's answers that the
# option tables (sim/cli/cmd_*.c) make: help, refusals of another
# command's options (in the tables' order, with the list a command takes),
# ranges and limits.  Each case: the exit status and the first line
# printed (stdout and stderr together), then the arguments.
set -u
plansim=$(realpath "$1") scenario=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 passed=0

expect() {
  want_status=$1 want=$2
  shift 2
  (cd "$work" && "$plansim" "$@") >"$work/out" 2>&1
  status=$?
  got=$(head -n 1 "$work/out")
  if [ "$status" = "$want_status" ] && [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAILED: plansim %s\n  want exit %s: %s\n  got  exit %s: %s\n' "$*" "$want_status" \
      "$want" "$status" "$got"
  fi
}

# help: the whole text, or one command's lines
expect 0 "usage: plansim                       run the built-in default scenario" help
expect 0 "usage: plansim                       run the built-in default scenario" --help
expect 0 "usage: plansim run [FILE] [options]  one deterministic run" help run
expect 0 "usage: plansim batch FILE [-n N] [-j THREADS] [--seed S] [--method mc|lhs|qmc] [--samples csv|none]" \
  batch --help
expect 2 "plansim: --samples takes csv or none (got json)" \
  batch "$scenario" -n 10 --samples json -q -o "$work/samples-json"
expect 0 "usage: plansim sweep FILE --vary PATH=FROM:TO:STEP [--vary ...]" sweep "$scenario" -h
expect 0 "usage: plansim describe [MODEL]      parameters and outputs of the models" \
  describe -h
expect 0 "usage: plansim sensitivity FILE [--method sobol|morris] [-n N] [-j THREADS] [--seed S]" \
  sensitivity --help
expect 0 "usage: plansim discover BATCHDIR [--target ID|all_binding] [--missed|--met] [--min-density D]" \
  discover -h
# --help as the value of an option is that value, not help
expect 2 "plansim: check takes one scenario file" check --set --help
# an option of another command, the first in the tables' order (-o before
# --strict), with what this command takes
expect 2 "plansim: plot does not take -o (it takes -q)" plot d --strict -o x
expect 2 "plansim: describe does not take -q (it takes no options)" describe -q
expect 2 "plansim: check does not take -o (it takes --set)" check "$scenario" -o x
expect 2 "plansim: sweep does not take -n (it takes -o --set -q --plot --vary)" \
  sweep "$scenario" --vary economy.growth=0.03:0.05:0.01 -n 4
expect 2 "plansim: batch does not take --strict (it takes -o --set -q --plot -n -j --seed --method --samples)" \
  batch "$scenario" --strict
expect 2 "plansim: discover does not take --set (it takes -o -q --plot --target --missed --met --min-density)" \
  discover d --set a=1
expect 2 "plansim: sensitivity does not take --vary (it takes -o --set -q --plot --method -n -j --seed --outputs)" \
  sensitivity "$scenario" --vary a=1:2:1
# another command's option still has its value checked first
expect 2 "plansim: -n needs a whole number from 1 to 1000000000" run -n 0 --strict
expect 2 "plansim: -j needs a whole number from 1 to 64" batch "$scenario" -j 65
expect 2 "plansim: --seed needs a whole number from 0 to 2147483647" batch "$scenario" --seed -1
# a list's limit, also for a command that does not take it
expect 2 "plansim: at most 8 --vary" run --vary a --vary a --vary a --vary a --vary a --vary a \
  --vary a --vary a --vary a
expect 2 "plansim: unknown or incomplete option --vary=a" sweep "$scenario" --vary=a
expect 2 "plansim: unknown or incomplete option -o" run -o
expect 2 "plansim: unknown command nosuch" nosuch
expect 2 "plansim: the command goes first: plansim run ... (options after it)" -q run x.cfg
# serve: its own options, refused elsewhere; a missing file before listening
expect 0 "usage: plansim serve [FILE] [--host 127.0.0.1] [--port 8765] [-j THREADS]" serve --help
expect 2 "plansim: serve does not take -o (it takes --host --port -j)" serve "$scenario" -o x
expect 2 "plansim: run does not take --host (it takes -o --set -q --plot --strict)" \
  run "$scenario" --host x
expect 2 "plansim: --port needs a whole number from 0 to 65535" serve --port 65536
expect 2 "plansim: serve takes at most one scenario file" serve a.cfg b.cfg
expect 2 "nosuch.cfg: cannot read: No such file or directory" serve nosuch.cfg

echo "cli_messages: $passed passed, $failed failed"
[ "$failed" = 0 ]
