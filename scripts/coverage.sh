#!/usr/bin/env bash
# Line and branch coverage of lib/ by the test suite (not run in CI).
#
#   scripts/coverage.sh            # build-cov: -O0 --coverage, ctest, gcovr summary
#   COV_HTML=1 scripts/coverage.sh # also build-cov/coverage/index.html
#
# Prints gcovr's per-file table (lines, branches) for lib/ and the totals.
# Needs gcovr (Debian package gcovr).
set -euo pipefail
. "$(dirname "$0")/setup.sh"

COV_DIR=${COV_DIR:-$SALESPLAN_ROOT/build-cov}
command -v gcovr >/dev/null || { echo "coverage: gcovr is not installed (apt-get install gcovr)" >&2; exit 1; }

mkdir -p "$COV_DIR"
cmake -S "$SALESPLAN_ROOT" -B "$COV_DIR" -DCMAKE_BUILD_TYPE=Debug -DSALESPLAN_WERROR=OFF \
      -DCMAKE_C_FLAGS="-O0 --coverage -fprofile-update=atomic" -DCMAKE_EXE_LINKER_FLAGS="--coverage" \
      -DCMAKE_SHARED_LINKER_FLAGS="--coverage" -DSALESPLAN_BUILD_PYTHON=OFF \
      -DSALESPLAN_BUILD_BENCH=OFF >"$COV_DIR/configure.log" 2>&1 \
  || { cat "$COV_DIR/configure.log" >&2; exit 1; }
cmake --build "$COV_DIR" -j "$JOBS" >"$COV_DIR/build.log" 2>&1 || { tail -40 "$COV_DIR/build.log" >&2; exit 1; }
find "$COV_DIR" -name '*.gcda' -delete
# Threads (simulate, the 2-thread estimate) need -fprofile-update=atomic: racy
# counters come out negative and gcovr refuses them.
# Packaging tests install and rebuild elsewhere: they add nothing to lib/.
ctest --test-dir "$COV_DIR" -j "$JOBS" -E 'packaging_consumers|cpack_deb|man_page|header_hygiene' \
      --output-on-failure >"$COV_DIR/ctest.log" 2>&1 \
  || { tail -40 "$COV_DIR/ctest.log" >&2; echo "coverage: some tests failed (figures still printed)" >&2; }

cd "$SALESPLAN_ROOT"
gcovr_args=(-r "$SALESPLAN_ROOT" --object-directory "$COV_DIR" --filter 'lib/' --exclude-unreachable-branches
            --exclude-directories '.*CompilerId.*')
gcovr "${gcovr_args[@]}" --txt --branches
gcovr "${gcovr_args[@]}" --txt --print-summary -o /dev/null
if [ "${COV_HTML:-0}" = 1 ]; then
  mkdir -p "$COV_DIR/coverage"
  gcovr "${gcovr_args[@]}" --html-details "$COV_DIR/coverage/index.html"
  echo "coverage: $COV_DIR/coverage/index.html"
fi
