#!/bin/bash
# Speed of `salesplan simulate` against a vectorised numpy model of the same
# trials: 1,000,000 trials of a 5-stage plan with lognormal deal sizes (cv 0.6).
#
# Usage: bench/simulate/run_bench.sh BUILD_DIR [THREADS] [TRIALS] [REPEAT]
#   BUILD_DIR  a CMake build with SALESPLAN_BUILD_BENCH=ON (the default); the
#              program is BUILD_DIR/bench/bench_simulate
#   THREADS    threads for the library (default 2); numpy runs on one
#   TRIALS     default 1000000
#   REPEAT     rounds, each one timed run of both programs; the best time of
#              each is kept (default 5)
# Prints both timings, both sets of figures (they agree within their standard
# errors; the random streams differ) and the ratio numpy time / C time.
set -euo pipefail
BUILD=${1:?usage: run_bench.sh BUILD_DIR [THREADS] [TRIALS] [REPEAT]}
THREADS=${2:-2}
TRIALS=${3:-1000000}
REPEAT=${4:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-/usr/bin/python3}
BIN=$BUILD/bench/bench_simulate
[ -x "$BIN" ] || { echo "no $BIN: build the 'bench_simulate' target first" >&2; exit 66; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Alternate the two programs, one timed run each per round, and keep the best
# of each: on a shared machine both then see the same background load.
c=""
n=""
for ((i = 0; i < REPEAT; i++)); do
    "$BIN" --trials "$TRIALS" --threads "$THREADS" --repeat 1 --model "$TMP/model.json" \
        >"$TMP/c_run.txt"
    "$PY" "$HERE/simulate_numpy.py" "$TMP/model.json" --repeat 1 >"$TMP/np_run.txt"
    ct=$(awk '/^c_seconds/ {print $2}' "$TMP/c_run.txt")
    nt=$(awk '/^numpy_seconds/ {print $2}' "$TMP/np_run.txt")
    if [ -z "$c" ] || awk -v a="$ct" -v b="$c" 'BEGIN { exit !(a < b) }'; then
        c=$ct
        cp "$TMP/c_run.txt" "$TMP/c.txt"
    fi
    if [ -z "$n" ] || awk -v a="$nt" -v b="$n" 'BEGIN { exit !(a < b) }'; then
        n=$nt
        cp "$TMP/np_run.txt" "$TMP/np.txt"
    fi
done

echo "== libsalesplan ($THREADS threads)"
cat "$TMP/c.txt"
echo "== numpy $("$PY" -c 'import numpy; print(numpy.__version__)') (1 thread)"
cat "$TMP/np.txt"
awk -v c="$c" -v n="$n" -v t="$THREADS" -v k="$TRIALS" 'BEGIN {
    printf "trials %d: libsalesplan %.3f s with %d threads, numpy %.3f s: ratio %.2fx\n",
           k, c, t, n, n / c }'
