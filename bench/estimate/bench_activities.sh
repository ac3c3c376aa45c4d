#!/bin/bash
# Benchmark `salesplan activities` against pandas computing the same per-type
# counts, entries, per-entry and per-won-deal yields (and per owner) on the same
# generated files, in the same run: wall time, CPU time (user + system: what a
# loaded machine changes least), peak resident memory, the ratios; then check
# both agree.
#
# Usage: bench/estimate/bench_activities.sh BUILD_DIR [ROWS]
#   BUILD_DIR  a build tree with cli/salesplan and bench/activities_gen
#   ROWS       activity-log rows (default 5000000); the deals file has 100000 deals
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

run() { # run NAME CMD...: sets T (wall s), C (CPU s) and M (peak RSS KB); output in $DATA/.out-NAME.json
    local name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$DATA/.time" "$@" >"$DATA/.out-$name.json" 2>"$DATA/.err" ||
        { cat "$DATA/.err"; exit 1; }
    local u s
    read -r T M u s <"$DATA/.time"
    C=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
}
run c "$TOOL" activities "$LOG" --deals "$DEALS"
T_C=$T; C_C=$C; M_C=$M
run pandas "$PY" "$HERE/activities_pandas.py" "$LOG" "$DEALS"
T_PD=$T; C_PD=$C; M_PD=$M
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
awk -v tc="$T_C" -v cc="$C_C" -v mc="$M_C" -v tp="$T_PD" -v cp="$C_PD" -v mp="$M_PD" 'BEGIN {
    printf "%-22s %9s %9s %12s\n", "", "wall s", "CPU s", "peak RSS MB"
    printf "%-22s %9.2f %9.2f %12.1f\n", "salesplan activities", tc, cc, mc / 1024
    printf "%-22s %9.2f %9.2f %12.1f\n", "pandas", tp, cp, mp / 1024
    printf "speed: %.1fx faster (wall), %.1fx (CPU); memory: %.1fx less\n",
           tp / (tc > 0 ? tc : 0.01), cp / (cc > 0 ? cc : 0.01), mp / mc
}'
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
