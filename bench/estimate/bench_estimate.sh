#!/bin/bash
# Benchmark `salesplan estimate` against the same figures computed with pandas, on the
# same generated file, side by side: wall time, CPU time, speed ratio, peak resident
# memory, MB/s, with `wc -l` on the file as the floor; salesplan on one thread and
# with -j 2. Then check both agree to 1e-7.
#
# Usage: bench/estimate/bench_estimate.sh BUILD_DIR [DEALS] [SHAPE]
#   BUILD_DIR  a build tree with cli/salesplan and bench/estimate_gen
#   DEALS      deals to generate (default 2000000: about 150 MB for a snapshot)
#   SHAPE      snapshot (default, grouped by region), snapshot-ungrouped, or transitions
# Environment: RUNS (default 3) runs of each program but pandas (PANDAS_RUNS, default 1);
# the best and the median wall time are shown, the ratios use the best.
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
PANDAS_RUNS=${PANDAS_RUNS:-1}
mkdir -p "$DATA"
[ -x "$TOOL" ] && [ -x "$GEN" ] || { echo "build $BUILD first (salesplan, estimate_gen)"; exit 64; }
[ -x "$PY" ] || { echo "bench_estimate: $PY missing, no pandas baseline"; exit 0; }

KIND=${SHAPE%-ungrouped}
FILE=$DATA/${KIND}_${DEALS}.csv
[ -s "$FILE" ] || "$GEN" "$KIND" "$DEALS" 7 >"$FILE"
if [ "$KIND" = transitions ]; then
    OPTS=(--shape transitions --id deal_id --date entered_at
          --stages Prospecting,Qualified,Proposal,Negotiation --group region)
elif [ "$SHAPE" = snapshot-ungrouped ]; then
    OPTS=()
else
    OPTS=(--group region)
fi
BYTES=$(stat -c %s "$FILE")
LINES=$(wc -l <"$FILE")
echo "file: $FILE ($SHAPE, $DEALS deals, $LINES lines, $((BYTES / 1000000)) MB)"
cat "$FILE" >/dev/null # warm the page cache for everyone

# runs N NAME CMD...: N runs; prints NAME best median CPU(best run) RSS(best run)
runs() {
    local n=$1 name=$2; shift 2
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %U %S %M" -o "$DATA/.time" "$@" >/dev/null 2>"$DATA/.err" ||
            { cat "$DATA/.err"; exit 1; }
        cat "$DATA/.time"
    done | sort -n | awk -v name="$name" '{ t[NR] = $1; c[NR] = $2 + $3; m[NR] = $4 }
        END { printf "%s %s %s %s %s\n", name, t[1], t[int((NR + 1) / 2)], c[1], m[1] }'
}

{
    runs "$RUNS" wc wc -l "$FILE"
    runs "$RUNS" j1 "$TOOL" estimate "$FILE" "${OPTS[@]}"
    runs "$RUNS" j2 "$TOOL" estimate "$FILE" "${OPTS[@]}" -j 2
    runs "$PANDAS_RUNS" pandas "$PY" "$HERE/estimate_pandas.py" "$FILE" "${OPTS[@]}"
} >"$DATA/.runs"

awk -v b="$BYTES" '{ n[$1] = NR; t[$1] = $2; med[$1] = $3; cpu[$1] = $4; m[$1] = $5 }
function row(k, label) {
    printf "%-28s %8.2f %8.2f %8.2f %8.0f %10.1f\n", label, t[k], med[k], cpu[k],
           b / 1e6 / (t[k] > 0 ? t[k] : 0.01), m[k] / 1024
}
END {
    printf "%-28s %8s %8s %8s %8s %10s\n", "", "best s", "median s", "CPU s", "MB/s", "peak MB"
    row("wc", "wc -l (floor)")
    row("j1", "salesplan estimate")
    row("j2", "salesplan estimate -j 2")
    row("pandas", "pandas (read_csv+groupby)")
    tp = t["pandas"]
    printf "speed vs pandas: %.1fx (1 thread), %.1fx (-j 2); CPU time: %.1fx less; " \
           "memory: %.1fx less (goals 25x, 25x)\n",
           tp / (t["j1"] > 0 ? t["j1"] : 0.01), tp / (t["j2"] > 0 ? t["j2"] : 0.01),
           cpu["pandas"] / (cpu["j1"] > 0 ? cpu["j1"] : 0.01), m["pandas"] / m["j1"]
    printf "threads: -j 2 is %.2fx one thread (best of each)\n", t["j1"] / (t["j2"] > 0 ? t["j2"] : 0.01)
}' "$DATA/.runs"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$PY" "$HERE/compare.py" "$TOOL" "$FILE" "${OPTS[@]}"
