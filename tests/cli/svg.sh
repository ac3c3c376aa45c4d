#!/bin/bash
# CLI tests of the SVG charts: `salesplan plan --format svg` and
# `salesplan simulate --format svg` parse as XML (Python's xml.etree), and the
# figures their labels show are those of `--format json` of the same run.
# Usage: <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

if ! [ -x "$PY" ]; then
    echo "SKIP: $PY not found"
    exit 0
fi

# compare_plan NAME ARGS...: render the plan as SVG and JSON, check one against the other.
compare_plan() {
    local name=$1; shift
    "$BIN" plan "$@" --format svg >"$TMP/$name.svg" 2>"$TMP/err" || { fail "$name: svg exit $?"; return; }
    "$BIN" plan "$@" --format json >"$TMP/$name.json" 2>"$TMP/err" || { fail "$name: json exit $?"; return; }
    "$PY" - "$TMP/$name.svg" "$TMP/$name.json" <<'EOF' || fail "$name: labels do not match the JSON"
import json, math, sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
svg_path, json_path = sys.argv[1], sys.argv[2]
raw = open(svg_path, encoding="utf-8").read()
root = ET.parse(svg_path).getroot()
doc = json.load(open(json_path))
cur = doc["currency"]
bad = []

def money(v):
    # Written independently of the C formatters: whole units from 100 up.
    g = f"{abs(v):,.0f}" if abs(v) >= 99.995 or abs(v) < 0.005 else f"{abs(v):,.2f}"
    sign = "-" if v < 0 and g.strip("0.,") else ""
    return f"{sign}${g}" if cur == "USD" else f"{sign}{g} {cur}"

def texts(cls):
    return [t.text or "" for t in root.iter(NS + "text") if t.get("class") == cls]

def check(cond, what):
    if not cond:
        bad.append(what)

check(root.tag == NS + "svg", "root is not <svg>")
check(root.get("viewBox", "").startswith("0 0 "), "no viewBox")
check(root.get("font-family") == "sans-serif", "font-family is not sans-serif")
for banned in ("<script", "href", "url(", "@import", "@font-face", "<image", "<style"):
    check(banned not in raw, f"contains {banned}")

# Funnel: one count per stage, equal to required_int.
counts = texts("stage-count")
want = [f"{int(s['required_int']):,}" for s in doc["stages"]]
check(counts == want, f"stage counts {counts} != required_int {want}")

# Quota: a legend entry per rep with its total; every block's amount.
legend = texts("quota-legend")
reps = doc["quota"]["reps"]
check(len(legend) == len(reps), f"{len(legend)} legend entries for {len(reps)} reps")
for entry, rep in zip(legend, reps):
    check(entry.endswith(": " + money(rep["total"])), f"legend {entry!r} vs {money(rep['total'])}")
tips = []
for g in root.iter(NS + "g"):
    if g.get("class") == "quota-month-bar":
        tips += [r.find(NS + "title").text for r in g.iter(NS + "rect")]
amounts = [money(v) for rep in reps for v in rep["slices"] if v > 0]
check(len(tips) == len(amounts), f"{len(tips)} quota blocks, {len(amounts)} positive amounts")
check(sorted(t.rsplit(": ", 1)[1] for t in tips) == sorted(amounts), "quota block amounts")

# Capacity: target, capacity, gap and the hires label.
cap = doc["capacity"]
values = texts("capacity-value")
check(money(doc["target"]["revenue"]) in values, f"target missing from {values}")
check(any(v.startswith(money(cap["expected"]) + " (") for v in values), "capacity value")
hires = texts("capacity-hires")
if cap["gap"] > 0:
    check(f"gap {money(cap['gap'])}" in texts("capacity-gap") or
          any(money(cap["gap"]) in t for t in texts("chart-subtitle")), "gap amount")
    if cap["hires_needed"] is not None:
        n = int(cap["hires_needed"])
        check(hires == [f"{n:,} {'hire' if n == 1 else 'hires'} needed"], f"hires label {hires}")
else:
    check(hires == ["No hires needed"], f"hires label {hires}")

if bad:
    print("\n".join(bad))
    sys.exit(1)
EOF
}

compare_plan example
compare_plan example_confidence --confidence 0.9
compare_plan gap "$DATA/svg/gap.json"
compare_plan noquota "$DATA/svg/noquota.json"
compare_plan small "$DATA/render/small.json"
compare_plan many "$DATA/svg/many.json"

# The simulation chart: P10/P50/P90 and target labels, all trials in the bars.
compare_sim() {
    local name=$1; shift
    "$BIN" simulate "$@" --format svg >"$TMP/$name.svg" 2>"$TMP/err" || { fail "$name: simulate svg exit $? $(cat "$TMP/err")"; return; }
    "$BIN" simulate "$@" --format json >"$TMP/$name.json" 2>"$TMP/err" || { fail "$name: simulate json exit $?"; return; }
    "$PY" - "$TMP/$name.svg" "$TMP/$name.json" <<'EOF' || fail "$name: simulation labels do not match the JSON"
import json, sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
doc = json.load(open(sys.argv[2]))
cur = doc["currency"]
bad = []

def money(v):
    g = f"{abs(v):,.0f}" if abs(v) >= 99.995 or abs(v) < 0.005 else f"{abs(v):,.2f}"
    return f"${g}" if cur == "USD" else f"{g} {cur}"

def texts(cls):
    return [t.text or "" for t in root.iter(NS + "text") if t.get("class") == cls]

for cls, label, value in (("sim-p10", "P10", doc["revenue"]["p10"]),
                          ("sim-p50", "P50", doc["revenue"]["p50"]),
                          ("sim-p90", "P90", doc["revenue"]["p90"]),
                          ("sim-target", "Target", doc["target"])):
    got = texts(cls)
    if got != [f"{label} {money(value)}"]:
        bad.append(f"{cls}: {got} != {label} {money(value)}")
total = 0
for g in root.iter(NS + "g"):
    if g.get("class") == "panel histogram":
        for r in g.iter(NS + "rect"):
            t = r.find(NS + "title")
            total += int(t.text.split(" ")[0].replace(",", ""))
if total != doc["trials"]:
    bad.append(f"bars hold {total} trials, not {doc['trials']}")
if bad:
    print("\n".join(bad))
    sys.exit(1)
EOF
}

compare_sim example --trials 5000 --seed 3
compare_sim small "$DATA/render/small.json" --trials 3000
compare_sim gap "$DATA/svg/gap.json" --trials 3000 --seed 7

# The format is listed in the help and an unknown one is still refused.
"$BIN" plan --help | grep -q "svg" || fail "plan --help does not mention svg"
"$BIN" plan --format png >/dev/null 2>&1; [ $? -eq 64 ] || fail "--format png not refused with 64"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all SVG CLI tests passed"
