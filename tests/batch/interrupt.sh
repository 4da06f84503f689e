#!/bin/sh
# interrupt.sh — Ctrl-C, SIGTERM or SIGHUP stops a batch cleanly: exit
# 130, 143 or 129, every file complete (no temporary file or staging
# folder left), run.json says partial, and the files agree on how many runs
# were done.  usage: interrupt.sh PLANSIM SCENARIO DIR [INT|TERM|HUP]
set -u
plansim=$1 scenario=$2 dir=$3 sig=${4:-INT}
case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
rm -rf "$dir"
"$plansim" batch "$scenario" -n 50000000 -q -o "$dir" &
pid=$!
sleep 2
kill -$sig $pid
wait $pid
status=$?
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
check "exit status $want after SIG$sig (got $status)" '[ $status -eq $want ]'
check "no temporary files" '[ -z "$(ls -A "$dir" | grep tmp)" ]'
check "no staging folder" '[ -z "$(ls -A "$(dirname "$dir")" | grep "^\.$(basename "$dir")\.tmp")" ]'
for f in summary.csv targets.csv samples.csv run.json; do
  check "$f written" '[ -s "$dir/$f" ]'
done
check "run.json says partial" 'grep -q "\"partial\": true" "$dir/run.json"'
done_runs=$(sed -n 's/.*"runs_done": \([0-9]*\).*/\1/p' "$dir/run.json")
ok_runs=$(sed -n 's/.*"runs_ok": \([0-9]*\).*/\1/p' "$dir/run.json")
rows=$(($(wc -l < "$dir/samples.csv") - 1))
covered=$(sed -n '2p' "$dir/summary.csv" | awk -F, '{print $NF}')
check "some runs done, not all ($done_runs)" '[ "$done_runs" -gt 0 ] && [ "$done_runs" -lt 50000000 ]'
check "samples.csv has a row per run done ($rows)" '[ "$rows" -eq "$done_runs" ]'
check "summary.csv covers the runs ok ($covered)" '[ "$covered" -eq "$ok_runs" ]'
rm -rf "$dir"
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ $fail -eq 0 ]
