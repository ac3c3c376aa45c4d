#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/fuzz_<name>.c) with clang under
# ASan+UBSan in build-fuzz/, then fuzz each for FUZZ_SECONDS with its corpus
# and dictionary. The committed corpus is copied to a temporary directory
# first, so a run never changes it.
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_TARGETS  names to run, e.g. "csv api" (default: every target)
#   FUZZ_JOBS     targets fuzzed at the same time (default 1)
#   FUZZ_SEED     when set: a reproducible run, -seed=FUZZ_SEED and a fixed number
#                 of runs per target (FUZZ_SECONDS times the target's usual
#                 exec/s here), so the same tree gives the same result in CI
#                 as on a laptop; FUZZ_SECONDS x 4 stays as a time cap
#   BUILD_DIR     build directory (default build-fuzz)
#   CC            a clang to use (default clang-14, else clang)
#
# Exit status: 0 when no target crashed (also when clang is missing: the
# fuzzers are skipped with a message), 1 when a target crashed, leaked or
# timed out; the input that did it is printed (build-fuzz/artifacts/<name>/).
# To keep a crash as a regression input: minimise it
#   build-fuzz/tests/fuzz/fuzz_<name>_libfuzzer -minimize_crash=1 -runs=20000 <file>
# and copy it to tests/fuzz/corpus/<name>/crash-<short>.input; the replay test
# (ctest -R fuzz_replay) runs it from then on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}

pick_clang() {
  local c
  for c in "${CC:-}" clang-14 clang; do
    if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 &&
       "$c" --version 2>/dev/null | grep -q clang; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

if ! CLANG=$(pick_clang); then
  echo "fuzz.sh: clang not found (install clang-14); skipping the libFuzzer runs" >&2
  exit 0
fi

# Largest input per target (bytes).
max_len() {
  case "$1" in
    plan | json_call) echo 16384 ;;
    estimate) echo 8192 ;;
    csv) echo 4096 ;;
    api) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

# Executions per second of each target on a 2-core machine (CI's size),
# used to turn FUZZ_SECONDS into a fixed run count when FUZZ_SEED is set.
nominal_rate() {
  case "$1" in
    plan | csv | act_state) echo 5000 ;;
    json_call) echo 3000 ;;
    estimate) echo 300 ;;
    api) echo 100 ;;
    *) echo 1000 ;;
  esac
}

# The library too is instrumented for coverage (-fsanitize=fuzzer-no-link),
# not only the target, so the fuzzer sees which branches of lib/ an input takes.
mkdir -p "$BUILD_DIR"
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_C_COMPILER="$CLANG" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" \
  -DSALESPLAN_BUILD_FUZZERS=ON -DSALESPLAN_SANITIZE=ON -DSALESPLAN_BUILD_TESTS=ON \
  -DSALESPLAN_BUILD_BENCH=OFF >"$BUILD_DIR/configure.log" 2>&1 ||
  { cat "$BUILD_DIR/configure.log" >&2; exit 2; }

all_targets=()
for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
  n=$(basename "$src" .c)
  all_targets+=("${n#fuzz_}")
done
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

build=()
for t in "${targets[@]}"; do build+=("fuzz_${t}_libfuzzer"); done
cmake --build "$BUILD_DIR" -j"$(nproc 2>/dev/null || echo 2)" --target "${build[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salesplan-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# fuzz_one NAME: fuzz one target; the exit status is libFuzzer's.
fuzz_one() {
  local t=$1
  local bin="$BUILD_DIR/tests/fuzz/fuzz_${t}_libfuzzer"
  local corpus="$WORK/$t"
  local art="$BUILD_DIR/artifacts/$t/"
  local log="$BUILD_DIR/logs/$t.log"
  mkdir -p "$corpus" "$art" "$(dirname "$log")"
  if [ -d "$ROOT/tests/fuzz/corpus/$t" ]; then
    cp -R "$ROOT/tests/fuzz/corpus/$t/." "$corpus/"
  fi
  local dict=()
  if [ -f "$ROOT/tests/fuzz/$t.dict" ]; then dict=(-dict="$ROOT/tests/fuzz/$t.dict"); fi
  local budget=(-max_total_time="$FUZZ_SECONDS")
  if [ -n "${FUZZ_SEED:-}" ]; then
    budget=(-seed="$FUZZ_SEED" -runs="$(($(nominal_rate "$t") * FUZZ_SECONDS))"
            -max_total_time="$((FUZZ_SECONDS * 4))")
  fi
  "$bin" "$corpus" "${dict[@]}" "${budget[@]}" -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$art" >"$log" 2>&1
}

# report NAME STATUS: one summary line, and the crash input when there is one.
report() {
  local t=$1 rc=$2 log="$BUILD_DIR/logs/$1.log"
  local runs eps cov
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  printf 'fuzz %-10s %s: %s runs, %s exec/s, %s (log %s)\n' "$t" \
    "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)" "${runs:-?}" "${eps:-?}" "${cov:-?}" "$log"
  if [ "$rc" -ne 0 ]; then
    grep -E 'ERROR: |SUMMARY: |check failed|runtime error' "$log" | head -5 | sed 's/^/  /'
    grep -Eo "Test unit written to [^ ]+" "$log" | sed 's/^Test unit written to /  crash input: /'
  fi
}

failed=0
pids=()
names=()
for t in "${targets[@]}"; do
  fuzz_one "$t" &
  pids+=($!)
  names+=("$t")
  if [ "${#pids[@]}" -ge "$FUZZ_JOBS" ]; then
    rc=0
    wait "${pids[0]}" || rc=$?
    report "${names[0]}" "$rc"
    [ "$rc" -eq 0 ] || failed=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  report "${names[$i]}" "$rc"
  [ "$rc" -eq 0 ] || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: a target failed; keep each crash input as tests/fuzz/corpus/<name>/crash-<short>.input" >&2
fi
exit "$failed"
