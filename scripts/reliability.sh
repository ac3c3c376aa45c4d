#!/usr/bin/env bash
# Robustness checks run by scripts/test after the ASan+UBSan suite:
#   1. ThreadSanitizer: tests/test_threads.c (4 threads on separate handles) and
#      the tests that start threads of their own (simulate, the estimate and the
#      activity log of large files read on several threads), built with -fsanitize=thread in build-tsan.
#   2. valgrind memcheck over the cmocka tests (all but the heavy ones) and the
#      CLI on the example plan in every format, on every hostile plan of
#      tests/data/plans/invalid and on the CSV fixtures.
#   3. ABI: abidiff of the freshly built libsalesplan.so against the committed
#      baseline abi/libsalesplan.abi; an incompatible change fails unless the
#      SOVERSION in CMakeLists.txt moved from abi/SOVERSION (docs/abi.md).
#
# Uses the normal build in "$BUILD_DIR" (built if missing). Each step can be
# skipped: RELIABILITY_SKIP="tsan valgrind abi". `scripts/reliability.sh
# --update-abi` rewrites the baseline instead of checking it (see docs/abi.md).
set -euo pipefail
. "$(dirname "$0")/setup.sh"

SKIP=" ${RELIABILITY_SKIP:-} "
ABI_DIR=$SALESPLAN_ROOT/abi
TSAN_DIR=${TSAN_DIR:-$SALESPLAN_ROOT/build-tsan}
LOG_DIR=${RELIABILITY_LOG_DIR:-$BUILD_DIR/reliability}
UPDATE_ABI=0
[ "${1:-}" = "--update-abi" ] && UPDATE_ABI=1

say() { printf 'reliability: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# The normal build: reuse it when scripts/test made it, build it otherwise.
if [ -x "$BUILD_DIR/cli/salesplan" ] && [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake --build "$BUILD_DIR" -j "$JOBS" >/dev/null
else
  mkdir -p "$BUILD_DIR"
  configure_and_build "$BUILD_DIR"
fi
mkdir -p "$LOG_DIR"
CLI=$BUILD_DIR/cli/salesplan
DATA=$SALESPLAN_ROOT/tests/data

# ---- 1. ThreadSanitizer --------------------------------------------------------------
tsan() {
  local t0=$SECONDS
  mkdir -p "$TSAN_DIR"
  cmake -S "$SALESPLAN_ROOT" -B "$TSAN_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSALESPLAN_WERROR=ON \
        -DCMAKE_C_FLAGS="-fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
        -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" -DSALESPLAN_BUILD_PYTHON=OFF \
        -DSALESPLAN_BUILD_BENCH=OFF >"$TSAN_DIR/configure.log" 2>&1 \
    || { cat "$TSAN_DIR/configure.log" >&2; die "configuring $TSAN_DIR"; }
  local tests=(test_threads test_simulate test_estimate test_activities_threads)
  cmake --build "$TSAN_DIR" -j "$JOBS" --target "${tests[@]}" >"$TSAN_DIR/build.log" 2>&1 \
    || { tail -50 "$TSAN_DIR/build.log" >&2; die "building $TSAN_DIR"; }
  local t
  for t in "${tests[@]}"; do
    # halt_on_error: the first race fails the run; second_deadlock_stack for reports.
    if ! TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 exitcode=66" \
         SALESPLAN_TEST_DATA="$DATA" CMOCKA_MESSAGE_OUTPUT=stdout \
         "$TSAN_DIR/tests/$t" >"$LOG_DIR/tsan-$t.log" 2>&1; then
      tail -60 "$LOG_DIR/tsan-$t.log" >&2
      die "ThreadSanitizer: $t (log: $LOG_DIR/tsan-$t.log)"
    fi
  done
  say "ThreadSanitizer: ${tests[*]}: no data race ($((SECONDS - t0)) s)"
}

# ---- 2. valgrind memcheck --------------------------------------------------------------
# cmocka tests left out: test_limits (16 MiB plans and 64 MiB CSV records, minutes
# under valgrind; ASan runs it), test_sample (tens of millions of random
# variates for its distribution checks), test_estimate (17 MiB exports); the
# rest of the suite runs. The allocation-failure tests run under valgrind
# too, so every error path is checked for invalid reads and leaks.
VALGRIND_SKIP=" test_limits test_sample test_estimate "

vg_run() { # name cmd...: run under memcheck, log to $LOG_DIR/vg-name.log
  local name=$1 rc=0; shift
  valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --track-origins=yes --num-callers=30 --quiet "$@" >"$LOG_DIR/vg-$name.log" 2>&1 || rc=$?
  # A CLI run may exit non-zero on purpose (a hostile plan exits 65); then
  # only memcheck's own exit code, 99, is a failure.
  if [ "$rc" -eq 0 ] || { [ "$rc" -ne 99 ] && [ "${VG_ALLOW_STATUS:-0}" = 1 ]; }; then
    return 0
  fi
  echo "valgrind: $name (exit $rc; log $LOG_DIR/vg-$name.log)"
  return 1
}
export -f vg_run
export LOG_DIR

valgrind_all() {
  command -v valgrind >/dev/null || die "valgrind is not installed (scripts/setup.sh installs it)"
  local t0=$SECONDS jobs=() t f name
  for t in "$BUILD_DIR"/tests/test_*; do
    [ -x "$t" ] && [ -f "$t" ] || continue
    name=$(basename "$t")
    case "$VALGRIND_SKIP" in *" $name "*) continue ;; esac
    jobs+=("0 $name env SALESPLAN_TEST_DATA=$DATA CMOCKA_MESSAGE_OUTPUT=stdout $t")
  done
  local plan=$LOG_DIR/example.json out=$LOG_DIR/vg-out
  "$CLI" example >"$plan"
  for f in md json csv svg; do
    jobs+=("0 cli-plan-$f $CLI plan $plan --format $f -o $out.$f")
    jobs+=("0 cli-conf-$f $CLI plan $plan --confidence 0.8 --format $f -o $out.conf.$f")
  done
  for f in md json svg; do
    jobs+=("0 cli-simulate-$f $CLI simulate $plan --trials 3000 --threads 2 --format $f -o $out.sim.$f")
  done
  jobs+=("0 cli-validate-full $CLI validate $DATA/plans/valid/full.json")
  for f in "$DATA"/plans/invalid/*.json; do
    name=$(basename "$f" .json)
    jobs+=("1 cli-invalid-$name $CLI validate $f")
  done
  jobs+=("1 cli-plan-invalid $CLI plan $DATA/plans/invalid/limit_nesting.json")
  jobs+=("0 cli-estimate-snapshot $CLI estimate $DATA/estimate/snapshot.csv --group region")
  jobs+=("0 cli-estimate-md $CLI estimate $DATA/estimate/snapshot.csv --format md")
  jobs+=("0 cli-estimate-join $CLI estimate $DATA/estimate/by_agent.csv --group region --join $DATA/estimate/teams.csv:agent")
  jobs+=("0 cli-estimate-transitions $CLI estimate $DATA/estimate/transitions.csv --shape transitions --stages A,B,C --group team")
  jobs+=("0 cli-estimate-plan $CLI estimate $DATA/estimate/transitions.csv --shape transitions --stages A,B,C --plan $plan --map-stage A=Lead --map-stage B=Qualified --map-stage C=Discovery")
  jobs+=("1 cli-estimate-strict $CLI estimate $DATA/estimate/snapshot.csv --strict")
  local failures
  failures=$(printf '%s\n' "${jobs[@]}" |
    xargs -P "$JOBS" -I{} bash -c 'set -- {}; VG_ALLOW_STATUS=$1; shift; export VG_ALLOW_STATUS; vg_run "$@" || true')
  rm -f "$out".*
  if [ -n "$failures" ]; then
    printf '%s\n' "$failures" >&2
    local first
    first=$(printf '%s\n' "$failures" | head -1 | sed -n 's/.*log \(.*\))$/\1/p')
    [ -n "$first" ] && head -80 "$first" >&2
    die "valgrind memcheck: $(printf '%s\n' "$failures" | wc -l) of ${#jobs[@]} runs failed"
  fi
  say "valgrind memcheck: ${#jobs[@]} runs, no error, no definite or indirect leak ($((SECONDS - t0)) s)"
}

# ---- 3. ABI ---------------------------------------------------------------------------
cmake_soversion() {
  sed -n 's/^set(SALESPLAN_SOVERSION \([0-9][0-9]*\)).*/\1/p' "$SALESPLAN_ROOT/CMakeLists.txt"
}

abi() {
  command -v abidiff >/dev/null || die "abidiff is not installed (Debian abigail-tools)"
  local so sover
  sover=$(cmake_soversion)
  [ -n "$sover" ] || die "no set(SALESPLAN_SOVERSION N) in CMakeLists.txt"
  so=$BUILD_DIR/libsalesplan.so.$sover
  [ -f "$so" ] || die "$so not built"
  if [ "$UPDATE_ABI" = 1 ]; then
    mkdir -p "$ABI_DIR"
    abidw --no-corpus-path --headers-dir "$SALESPLAN_ROOT/include" \
          --out-file "$ABI_DIR/libsalesplan.abi" "$so"
    echo "$sover" >"$ABI_DIR/SOVERSION"
    say "ABI baseline written: abi/libsalesplan.abi (SOVERSION $sover)"
    return 0
  fi
  [ -f "$ABI_DIR/libsalesplan.abi" ] && [ -f "$ABI_DIR/SOVERSION" ] \
    || die "no ABI baseline: run scripts/reliability.sh --update-abi (docs/abi.md)"
  local recorded rc=0 report=$LOG_DIR/abidiff.txt
  recorded=$(cat "$ABI_DIR/SOVERSION")
  abidiff --suppressions "$ABI_DIR/suppressions.ini" \
          --headers-dir1 "$SALESPLAN_ROOT/include" --headers-dir2 "$SALESPLAN_ROOT/include" \
          "$ABI_DIR/libsalesplan.abi" "$so" >"$report" 2>&1 || rc=$?
  # abidiff's exit status is a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible.
  if [ $((rc & 3)) -ne 0 ]; then
    cat "$report" >&2
    die "abidiff could not compare (exit $rc)"
  fi
  # Bit 8 is set only for a few changes such as removed symbols; a changed struct layout or a changed
  # parameter list is bit 4 with "N Changed" in the summary. So: removed or
  # changed functions or variables are a break; additions alone are not.
  local removed changed
  removed=$(sed -n 's/^\(Functions\|Variables\) changes summary: \([0-9]*\) Removed.*/\2/p' "$report" |
            awk '{s += $1} END {print s + 0}')
  changed=$(sed -n 's/^\(Functions\|Variables\) changes summary: [0-9]* Removed[^,]*, \([0-9]*\) Changed.*/\2/p' "$report" |
            awk '{s += $1} END {print s + 0}')
  if [ $((rc & 8)) -ne 0 ] || [ "$removed" -gt 0 ] || [ "$changed" -gt 0 ]; then
    cat "$report" >&2
    if [ "$sover" != "$recorded" ]; then
      say "ABI: incompatible change, and the SOVERSION moved ($recorded -> $sover): accepted;" \
          "refresh the baseline with scripts/reliability.sh --update-abi"
      return 0
    fi
    die "ABI: $removed removed and $changed changed interfaces against abi/libsalesplan.abi" \
        "(exit $rc) with SOVERSION still $sover: bump SALESPLAN_SOVERSION in CMakeLists.txt," \
        "undo the change, or (only for a change docs/abi.md allows) refresh the baseline"
  fi
  if [ $((rc & 4)) -ne 0 ]; then
    say "ABI: additions only (compatible); refresh the baseline when releasing:"
    sed 's/^/  /' "$report" >&2
  else
    say "ABI: identical to abi/libsalesplan.abi (SOVERSION $sover)"
  fi
  # A new symbol is fine for the ABI but must be in the committed export list,
  # which the exported_symbols test checks; so a stale list fails there.
}

T0=$SECONDS
case "$SKIP" in *" abi "*) ;; *) abi ;; esac
[ "$UPDATE_ABI" = 1 ] && exit 0
case "$SKIP" in *" tsan "*) ;; *) tsan ;; esac
case "$SKIP" in *" valgrind "*) ;; *) valgrind_all ;; esac
say "all checks passed ($((SECONDS - T0)) s)"
