#!/bin/sh
# input_limits.sh PLANSIM WORK — inputs a hostile user could give that once
# hung plansim or cost it minutes: a FIFO as the scenario or its base
# (blocked for ever), a file past 16 MiB (read whole), more settings than
# SCENARIO_MAX_SETTINGS (libconfig's quadratic name check: 40,000 took
# 37 s).  Each must be refused at once with its message; `timeout` turns a
# hang into a failure.
set -u
plansim=$(realpath "$1") work=$2
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 2
failed=0

# expect NAME STATUS MESSAGE ARGS...: plansim ARGS exits STATUS within 20 s
# and prints MESSAGE exactly.
expect() {
  name=$1 want_status=$2 want=$3
  shift 3
  got=$(timeout 20 "$plansim" "$@" 2>&1 >/dev/null)
  status=$?
  if [ "$status" != "$want_status" ] || [ "$got" != "$want" ]; then
    echo "$name: FAILED: exit $status (want $want_status)"
    echo "  got:  $got"
    echo "  want: $want"
    failed=1
  else
    echo "$name: ok"
  fi
}

mkfifo fifo.cfg
printf 'base = "fifo.cfg";\n' > fifo_base.cfg
expect fifo_file 2 "fifo.cfg: cannot read: not a regular file (a device, pipe or socket)" check fifo.cfg
expect fifo_base 2 "fifo_base.cfg:1: base: cannot read the base scenario: not a regular file (a device, pipe or socket) (got ./fifo.cfg)" check fifo_base.cfg

# 16 MiB and one byte of comment lines.
head -c 16777217 /dev/zero | tr '\0' '#' | fold -w 64 > big.cfg
truncate -s 16777217 big.cfg
expect too_large 2 "big.cfg: cannot read: larger than 16 MiB, the limit of a scenario file" check big.cfg

# A group of 5,001 settings: 5,002 with the group, over the limit.
awk 'BEGIN { print "many = {"; for (i = 0; i <= 5000; i++) printf "k%d = %d;\n", i, i; print "};" }' > many.cfg
expect too_many_settings 3 "many.cfg: 5002 settings, more than the 5000 a scenario file may hold" check many.cfg
exit $failed
