#!/bin/bash
# Benchmark `salesplan activities` against pandas computing the same per-type
# counts, entries, per-entry and per-won-deal yields (and per owner) on the same
# generated files, in the same run: wall time, CPU time (user + system: what a
# loaded machine changes least), peak resident memory, the ratios; salesplan on
# one thread and with -j 2 (whose output must be the same bytes); then check
# salesplan and pandas agree.
#
# Usage: bench/estimate/bench_activities.sh BUILD_DIR [ROWS]
#   BUILD_DIR  a build tree with cli/salesplan and bench/activities_gen
#   ROWS       activity-log rows (default 5000000); the deals file has 100000 deals
# Environment: RUNS (default 3) runs of salesplan, PANDAS_RUNS (default 1) of pandas;
# best and median are shown, the ratios use the best.
# Files go to bench/data/ (git-ignored) and are reused when present.
set -eu
BUILD=$(cd "$1" && pwd)
ROWS=${2:-5000000}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../data
PY=/usr/bin/python3
TOOL=$BUILD/cli/salesplan
GEN=$BUILD/bench/activities_gen
mkdir -p "$DATA"
[ -x "$TOOL" ] && [ -x "$GEN" ] || { echo "build $BUILD first (salesplan, activities_gen)"; exit 64; }
"$PY" -c 'import pandas' 2>/dev/null || { echo "bench_activities: no pandas, no baseline"; exit 0; }
LOG=$DATA/activities_$ROWS.csv
DEALS=$DATA/activities_deals.csv
[ -s "$LOG" ] || "$GEN" log "$ROWS" 11 >"$LOG"
[ -s "$DEALS" ] || "$GEN" deals 100000 13 >"$DEALS"
echo "log: $LOG ($ROWS rows, $(($(stat -c %s "$LOG") / 1000000)) MB); deals: 100000"
cat "$LOG" "$DEALS" >/dev/null

# runs N NAME CMD...: N runs; prints NAME best-wall median-wall best-CPU median-CPU RSS
# (CPU = user + system: what a loaded machine changes least); the output of the
# last run is kept in $DATA/.out-NAME.json
runs() {
    local n=$1 name=$2; shift 2
    : >"$DATA/.times"
    for _ in $(seq "$n"); do
        /usr/bin/time -f "%e %U %S %M" -o "$DATA/.time" "$@" >"$DATA/.out-$name.json" \
            2>"$DATA/.err" || { cat "$DATA/.err" >&2; exit 1; }
        awk '{ print $1, $2 + $3, $4 }' "$DATA/.time" >>"$DATA/.times"
    done
    local mid=$(((n + 1) / 2))
    echo "$name" \
        "$(sort -n -k1,1 "$DATA/.times" | awk -v m="$mid" 'NR == 1 { b = $1 } NR == m { print b, $1 }')" \
        "$(sort -n -k2,2 "$DATA/.times" | awk -v m="$mid" 'NR == 1 { b = $2 } NR == m { print b, $2 }')" \
        "$(sort -n -k3,3 "$DATA/.times" | awk -v m="$mid" 'NR == m { print $3 }')"
}
RUNS=${RUNS:-3}
PANDAS_RUNS=${PANDAS_RUNS:-1}
{
    runs "$RUNS" c "$TOOL" activities "$LOG" --deals "$DEALS"
    runs "$RUNS" j2 "$TOOL" activities "$LOG" --deals "$DEALS" -j 2
    runs "$PANDAS_RUNS" pandas "$PY" "$HERE/activities_pandas.py" "$LOG" "$DEALS"
} >"$DATA/.runs"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
awk '{ t[$1] = $2; tm[$1] = $3; c[$1] = $4; cm[$1] = $5; m[$1] = $6 }
function row(k, label) {
    printf "%-28s %8.2f %8.2f %8.2f %8.2f %10.1f\n", label, t[k], tm[k], c[k], cm[k], m[k] / 1024
}
function r(a, b) { return a / (b > 0 ? b : 0.01) }
END {
    printf "%-28s %8s %8s %8s %8s %10s\n", "", "wall", "median", "CPU", "median", "peak MB"
    row("c", "salesplan activities")
    row("j2", "salesplan activities -j 2")
    row("pandas", "pandas")
    printf "speed vs pandas (best): %.1fx wall, %.1fx CPU (1 thread); %.1fx wall, %.1fx CPU (-j 2); " \
           "memory: %.1fx less\n", r(t["pandas"], t["c"]), r(c["pandas"], c["c"]),
           r(t["pandas"], t["j2"]), r(c["pandas"], c["j2"]), m["pandas"] / m["c"]
    printf "threads: -j 2 is %.2fx one thread (best wall), %.2fx (median wall)\n",
           r(t["c"], t["j2"]), r(tm["c"], tm["j2"])
}' "$DATA/.runs"
cmp -s "$DATA/.out-c.json" "$DATA/.out-j2.json" || { echo "-j 2 output differs from one thread"; exit 1; }
"$PY" - "$DATA/.out-c.json" "$DATA/.out-pandas.json" <<'PY'
import json, math, sys
c = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
bad = 0
for a in c["activities"]:
    q = p[a["name"]]
    for k in ("count", "entries", "per_entry", "won_deals", "per_won_deal"):
        if not math.isclose(a[k], q[k], rel_tol=1e-12):
            print("differs:", a["name"], k, a[k], q[k]); bad += 1
    for o in a["owners"]:
        want = q["owners"][o["owner"]]
        got = [o["count"], o["entries"], o["per_entry"], o["won_deals"], o["per_won_deal"]]
        if any((g is None) != (w is None) or (g is not None and not math.isclose(g, w, rel_tol=1e-12))
               for g, w in zip(got, want)):
            print("differs:", a["name"], o["owner"], got, want); bad += 1
print("figures agree" if not bad else f"{bad} differences")
sys.exit(1 if bad else 0)
PY
