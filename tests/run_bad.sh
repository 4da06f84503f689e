#!/bin/bash
# run_bad.sh PLANSIM DIR NAME — runs `plansim check NAME.cfg` in DIR (with
# the arguments in NAME.args, one per line, if present; a first line "run"
# "batch", "sweep", "solve", "capacity" or "sensitivity" runs that command on
# NAME.cfg instead of checking; "discover" runs discover with the arguments
# alone, NAME.cfg then only describing the case) and compares the exit
# status and the messages with NAME.txt exactly.
set -u
plansim=$1 dir=$2 name=$3
cd "$dir" || exit 2
args=()
[ -f "$name.args" ] && mapfile -t args < "$name.args"
command=check
file=$name.cfg
case "${args[0]:-}" in
  run|batch|sweep|solve|capacity|sensitivity) command=${args[0]}; args=("${args[@]:1}") ;;
  discover) command=discover; args=("${args[@]:1}"); file= ;;
esac
got=$("$plansim" "$command" ${file:+"$file"} "${args[@]}" 2>&1 >/dev/null)
status=$?
printf 'exit %d\n%s\n' "$status" "$got" | diff -u "$name.txt" - && echo "$name: 1 passed, 0 failed"
