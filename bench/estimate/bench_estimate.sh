#!/bin/bash
# Benchmark `salesplan estimate` against the same figures computed with pandas, on the
# same generated file, side by side: wall time, speed ratio, peak resident memory,
# MB/s, with `wc -l` on the file as the floor. Then check both agree to 1e-7.
#
# Usage: bench/estimate/bench_estimate.sh BUILD_DIR [DEALS] [SHAPE]
#   BUILD_DIR  a build tree with cli/salesplan and bench/estimate_gen
#   DEALS      deals to generate (default 2000000: about 150 MB for a snapshot)
#   SHAPE      snapshot (default) or transitions
# Files go to bench/data/ (git-ignored) and are reused when present.
set -eu
BUILD=$(cd "$1" && pwd)
DEALS=${2:-2000000}
SHAPE=${3:-snapshot}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data
PY=/usr/bin/python3
TOOL=$BUILD/cli/salesplan
GEN=$BUILD/bench/estimate_gen
RUNS=${RUNS:-3}
mkdir -p "$DATA"
[ -x "$TOOL" ] && [ -x "$GEN" ] || { echo "build $BUILD first (salesplan, estimate_gen)"; exit 64; }
[ -x "$PY" ] || { echo "bench_estimate: $PY missing, no pandas baseline"; exit 0; }

FILE=$DATA/${SHAPE}_${DEALS}.csv
[ -s "$FILE" ] || "$GEN" "$SHAPE" "$DEALS" 7 >"$FILE"
if [ "$SHAPE" = transitions ]; then
    OPTS=(--shape transitions --id deal_id --date entered_at
          --stages Prospecting,Qualified,Proposal,Negotiation --group region)
else
    OPTS=(--group region)
fi
BYTES=$(stat -c %s "$FILE")
LINES=$(wc -l <"$FILE")
echo "file: $FILE ($SHAPE, $DEALS deals, $LINES lines, $((BYTES / 1000000)) MB)"
cat "$FILE" >/dev/null # warm the page cache for everyone

# best_of N CMD...: the fastest of N runs; sets T (seconds) and M (peak RSS, KB)
best_of() {
    local n=$1; shift
    T=; M=
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %M" -o "$DATA/.time" "$@" >/dev/null 2>"$DATA/.err" ||
            { cat "$DATA/.err"; exit 1; }
        read -r t m <"$DATA/.time"
        if [ -z "$T" ] || awk "BEGIN{exit !($t < $T)}"; then T=$t; M=$m; fi
    done
}

best_of "$RUNS" wc -l "$FILE"
T_WC=$T; M_WC=$M
best_of "$RUNS" "$TOOL" estimate "$FILE" "${OPTS[@]}"
T_C=$T; M_C=$M
best_of 1 "$PY" "$HERE/estimate_pandas.py" "$FILE" "${OPTS[@]}"
T_PD=$T; M_PD=$M

awk -v b="$BYTES" -v twc="$T_WC" -v mwc="$M_WC" -v tc="$T_C" -v mc="$M_C" \
    -v tp="$T_PD" -v mp="$M_PD" 'BEGIN {
    printf "%-26s %9s %10s %12s\n", "", "seconds", "MB/s", "peak RSS MB"
    printf "%-26s %9.2f %10.0f %12.1f\n", "wc -l (floor)", twc, b / 1e6 / (twc > 0 ? twc : 0.01), mwc / 1024
    printf "%-26s %9.2f %10.0f %12.1f\n", "salesplan estimate", tc, b / 1e6 / (tc > 0 ? tc : 0.01), mc / 1024
    printf "%-26s %9.2f %10.0f %12.1f\n", "pandas (read_csv+groupby)", tp, b / 1e6 / (tp > 0 ? tp : 0.01), mp / 1024
    printf "speed: salesplan is %.1fx pandas (goal 10x); memory: %.1fx less (goal 20x)\n",
           tp / (tc > 0 ? tc : 0.01), mp / mc
}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$PY" "$HERE/compare.py" "$TOOL" "$FILE" "${OPTS[@]}"
