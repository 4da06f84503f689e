#!/bin/sh
# run.sh BUILD_DIR SECONDS — builds the scenario loader's libFuzzer harness
# (clang, -fsanitize=fuzzer,address,undefined) in BUILD_DIR and runs it for
# SECONDS, seeded with the shipped, test and bad scenarios.  New inputs are
# kept in BUILD_DIR/corpus (a later run starts from them); a finding is
# written to BUILD_DIR/artifacts and the script exits non-zero.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 seconds=$2
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPLANSIM_FUZZ=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_scenario
mkdir -p "$build/corpus" "$build/artifacts"
status=0
LSAN_OPTIONS=suppressions=$root/tests/fuzz/lsan.supp \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$build/tests/fuzz/fuzz_scenario" "$build/corpus" "$root/scenarios" \
  "$root/tests/scenarios" "$root/tests/bad" -max_total_time="$seconds" \
  -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" >"$build/fuzz.log" 2>&1 || status=$?
grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$build/fuzz.log" | tail -40
exit $status
