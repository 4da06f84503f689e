#!/bin/bash
# run_bad.sh PLANSIM DIR NAME — runs `plansim check NAME.cfg` in DIR (with
# the arguments in NAME.args, one per line, if present; a first line "run"
# "batch", "sweep", "solve" or "capacity" runs that command instead of checking) and compares the exit status and the messages
# with NAME.txt exactly.
set -u
plansim=$1 dir=$2 name=$3
cd "$dir" || exit 2
args=()
[ -f "$name.args" ] && mapfile -t args < "$name.args"
command=check
case "${args[0]:-}" in
  run|batch|sweep|solve|capacity) command=${args[0]}; args=("${args[@]:1}") ;;
esac
got=$("$plansim" "$command" "$name.cfg" "${args[@]}" 2>&1 >/dev/null)
status=$?
printf 'exit %d\n%s\n' "$status" "$got" | diff -u "$name.txt" - && echo "$name: 1 passed, 0 failed"
