#!/bin/bash
# fault.sh PLANSIM [WORK] — faults a hostile world brings, each checked by
# what the output folder holds afterwards (README "Guarantees"):
#   full disk   a re-run into a full tmpfs exits 2 and leaves the previous
#               run's files, every one as it was (it once left the new
#               trajectories.csv beside the old run.json)
#   read-only   a run into a read-only file system exits 2, folder as it was
#   SIGTERM     a batch stopped by it exits 143, its files complete, partial
#   SIGKILL     leaves a staging folder; the next batch removes it
#   two writers the second (and plot) refused while the first writes,
#               naming it
# The tmpfs parts need root (mount); without it they are skipped with a
# message and the rest runs.  Exit 0 when every check passed.
set -u
plansim=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-$(mktemp -d)}
scenario=$root/scenarios/xincheng-2030.cfg
failed=0
mkdir -p "$work" && cd "$work" || exit 2
mnt=$work/mnt

check() { # check WHAT CONDITION
  if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; failed=1; fi
}

# Nothing of plansim's temporary naming left in folder $1 or beside it.
no_leftovers() {
  local dir=$1
  [ -z "$(ls -A "$dir" | grep -E '\.tmp[0-9]+$')" ] &&
    [ -z "$(ls -A "$(dirname "$dir")" | grep -E "^\.$(basename "$dir")\.(tmp|old)[0-9]+$")" ]
}

full_disk() {
  mkdir -p "$mnt" && mount -t tmpfs -o size=2m tmpfs "$mnt" || return 1
  local dir=$mnt/out
  "$plansim" run "$scenario" -q -o "$dir" || { echo "FAIL: first run"; failed=1; }
  # Keep the first run's blocks allocated when its files are replaced
  # (hard links), then leave room for a new trajectories.csv and a page:
  # the rest of a second run cannot fit.
  cp -al "$dir" "$mnt/first"
  local room=$(( ($(stat -c %s "$dir/trajectories.csv") / 4096 + 2) * 4096 ))
  local avail=$(df -B1 --output=avail "$mnt" | tail -1)
  head -c $((avail - room)) /dev/zero > "$mnt/filler" 2>/dev/null
  "$plansim" run "$scenario" -q -o "$dir" --set economy.growth=0.0611 2>"$work/full.err"
  local status=$?
  check "full disk: exit 2 (got $status)" '[ $status -eq 2 ]'
  check "full disk: says why ($(cat "$work/full.err"))" 'grep -q "No space left on device" "$work/full.err"'
  check "full disk: the previous run's files, all as they were" 'diff -r "$mnt/first" "$dir" >/dev/null'
  check "full disk: nothing left behind" 'no_leftovers "$dir"'
  rm -f "$mnt/filler"
  "$plansim" run "$scenario" -q -o "$dir" --set economy.growth=0.0611
  check "full disk: the next run, with room, writes its set" 'grep -q "^economy.growth,2026,0.0611000" "$dir/inputs.csv" && no_leftovers "$dir"'

  mount -o remount,ro "$mnt"
  "$plansim" run "$scenario" -q -o "$dir" 2>"$work/ro.err"
  status=$?
  check "read-only: exit 2 (got $status)" '[ $status -eq 2 ]'
  check "read-only: says why ($(cat "$work/ro.err"))" 'grep -q "Read-only file system" "$work/ro.err"'
  check "read-only: the folder as it was" 'grep -q "^economy.growth,2026,0.0611000" "$dir/inputs.csv"'
  umount "$mnt"
}

sigterm_and_sigkill() {
  local dir=$work/term
  rm -rf "$dir"
  "$plansim" batch "$scenario" -n 50000000 -q -o "$dir" 2>/dev/null &
  local pid=$!
  sleep 2
  kill -TERM $pid
  wait $pid
  local status=$?
  check "SIGTERM: exit 143 (got $status)" '[ $status -eq 143 ]'
  check "SIGTERM: complete files marked partial" 'grep -q "\"partial\": true" "$dir/run.json" && [ -s "$dir/samples.csv" ] && [ -s "$dir/summary.csv" ]'
  check "SIGTERM: nothing left behind" 'no_leftovers "$dir"'

  "$plansim" batch "$scenario" -n 50000000 -q -o "$dir" 2>/dev/null &
  pid=$!
  sleep 2
  kill -KILL $pid
  wait $pid 2>/dev/null # bash's "Killed"
  check "SIGKILL: the folder as it was (partial)" 'grep -q "\"partial\": true" "$dir/run.json"'
  "$plansim" batch "$scenario" -n 300 -q -o "$dir"
  check "SIGKILL: the next batch leaves nothing of the killed one" 'no_leftovers "$dir" && grep -q "\"partial\": false" "$dir/run.json"'
}

two_writers() {
  local dir=$work/two
  rm -rf "$dir"
  "$plansim" batch "$scenario" -n 300 -q -o "$dir"
  "$plansim" batch "$scenario" -n 50000000 -q -o "$dir" 2>/dev/null &
  local pid=$!
  sleep 1
  "$plansim" batch "$scenario" -n 300 --seed 5 -q -o "$dir" 2>"$work/two.err"
  local status=$?
  check "two writers: the second refused, exit 2 (got $status)" '[ $status -eq 2 ]'
  check "two writers: the message names the first ($(cat "$work/two.err"))" 'grep -q "(process $pid)" "$work/two.err"'
  "$plansim" plot "$dir" -q 2>"$work/plot.err"
  status=$?
  check "two writers: plot refused too, exit 2 (got $status)" '[ $status -eq 2 ] && grep -q "(process $pid)" "$work/plot.err"'
  kill -INT $pid
  wait $pid
  status=$?
  local rows=$(($(wc -l < "$dir/samples.csv") - 1))
  local done_runs=$(sed -n 's/.*"runs_done": \([0-9]*\).*/\1/p' "$dir/run.json")
  check "two writers: the first's files agree ($rows rows, $done_runs runs; exit $status)" '[ $status -eq 130 ] && [ "$rows" = "$done_runs" ]'
}

if [ "$(id -u)" = 0 ]; then
  full_disk
else
  echo "skipped: full disk and read-only file system (mounting a tmpfs needs root)"
fi
sigterm_and_sigkill
two_writers
cd / && rm -rf "$work"
if [ $failed = 0 ]; then echo "fault: all passed"; else echo "fault: FAILED"; fi
exit $failed
