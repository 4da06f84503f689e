#!/bin/sh
# sweep_interrupt.sh — Ctrl-C, SIGTERM or SIGHUP stops a sweep cleanly:
# exit 130, 143 or 129, sweep.csv complete up to the points done (no
# temporary file or staging folder left, every row whole), run.json says
# partial and how many points were done.
# usage: sweep_interrupt.sh PLANSIM SCENARIO DIR [INT|TERM|HUP]
set -u
plansim=$1 scenario=$2 dir=$3 sig=${4:-INT}
case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
rm -rf "$dir"
"$plansim" sweep "$scenario" --vary economy.growth=0:0.1:0.0000002 -q -o "$dir" &
pid=$!
sleep 1
kill -$sig $pid
wait $pid
status=$?
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=$((fail + 1)); fi; }
check "exit status $want after SIG$sig (got $status)" '[ $status -eq $want ]'
check "no temporary files" '[ -z "$(ls -A "$dir" | grep tmp)" ]'
check "no staging folder" '[ -z "$(ls -A "$(dirname "$dir")" | grep "^\.$(basename "$dir")\.tmp")" ]'
check "run.json says partial" 'grep -q "\"partial\": true" "$dir/run.json"'
done_points=$(sed -n 's/.*"points_done": \([0-9]*\).*/\1/p' "$dir/run.json")
rows=$(($(wc -l < "$dir/sweep.csv") - 1))
cells=$(head -1 "$dir/sweep.csv" | awk -F, '{print NF}')
check "some points done, not all ($done_points)" '[ "$done_points" -gt 0 ] && [ "$done_points" -lt 500001 ]'
check "sweep.csv has a row per point done ($rows)" '[ "$rows" -eq "$done_points" ]'
check "every row whole" '[ -z "$(awk -F, -v n="$cells" "NF != n" "$dir/sweep.csv")" ]'
rm -rf "$dir"
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ $fail -eq 0 ]
