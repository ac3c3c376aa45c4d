#!/bin/bash
# CLI tests of `salesplan estimate`: usage <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2/estimate
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_exit CODE ARGS...: run the tool, check its exit status.
expect_exit() {
    local want=$1; shift
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "salesplan $* exited $got, expected $want ($(head -c 300 "$TMP/err"))"
}

PY=
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
json_ok() { [ -z "$PY" ] || "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" || fail "$1 is not valid JSON"; }
# json_get FILE EXPR: evaluate a Python expression on the document `d`
json_get() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# ---- figures through the tool --------------------------------------------------
expect_exit 0 estimate "$DATA/snapshot.csv" --group region
json_ok "$TMP/out"
grep -q '"deals": 7,' "$TMP/out" || fail "snapshot: deals"
grep -q '"won_amount": {"count": 4, "mean": 162.5, "median": 150, "sum": 650}' "$TMP/out" || fail "snapshot: won amounts"
grep -q '"cycle_days": {"count": 3, "mean": 20, "median": 20, "p90": 28}' "$TMP/out" || fail "snapshot: cycle days"
if [ -n "$PY" ]; then
    [ "$(json_get "$TMP/out" 'd["win_rate"]')" = "0.6666666666666666" ] || fail "snapshot: win rate"
    [ "$(json_get "$TMP/out" '[g["value"] for g in d["groups"]]')" = "['East', 'West']" ] || fail "snapshot: groups"
fi

# the same from standard input, and into a file atomically
expect_exit 0 estimate - --group region <"$DATA/snapshot.csv"
grep -q '"deals": 7,' "$TMP/out" || fail "stdin: deals"
expect_exit 0 estimate "$DATA/snapshot.csv" -o "$TMP/est.json"
[ -s "$TMP/est.json" ] && [ ! -s "$TMP/out" ] || fail "-o: output not in the file"
ls "$TMP" | grep -q '^\.' && fail "-o left a temporary file"

expect_exit 0 estimate "$DATA/snapshot.csv" --format md
grep -q '^| All deals | 7 | 4 | 2 | 1 | 66.7% |' "$TMP/out" || fail "markdown: overall row"

# transitions, the funnel fragment, and a plan built from it
expect_exit 0 estimate "$DATA/transitions.csv" --shape transitions --stages A,B,C --emit-funnel
json_ok "$TMP/out"
grep -q '{"name": "A", "conversion": 0.8, "days": 4, "observed": {"advanced": 4, "lost": 1}}' "$TMP/out" || fail "funnel fragment: stage A"
"$BIN" example >"$TMP/plan.json" 2>/dev/null
expect_exit 65 estimate "$DATA/transitions.csv" --shape transitions --stages A,B,C --plan "$TMP/plan.json"
grep -q "the export's stage 'A' is no open stage of the plan.*--map-stage" "$TMP/err" || fail "--plan: unmapped stage not explained"
expect_exit 0 estimate "$DATA/transitions.csv" --shape transitions --stages A,B,C --plan "$TMP/plan.json" --map-stage A=Discovery --map-stage b=Demo --map-stage C=Proposal
json_ok "$TMP/out"
grep -q '"name": "Discovery",' "$TMP/out" || fail "--plan: stages renamed"
cp "$TMP/out" "$TMP/fitted.json"
"$BIN" validate "$TMP/fitted.json" >/dev/null 2>&1 || fail "--plan: the fitted plan does not validate"
expect_exit 0 estimate "$DATA/snapshot.csv" --plan "$TMP/plan.json"
cp "$TMP/out" "$TMP/fitted.json"
"$BIN" validate "$TMP/fitted.json" >/dev/null 2>&1 || fail "--plan: the snapshot-fitted plan does not validate"
expect_exit 65 estimate "$DATA/snapshot.csv" --plan "$TMP/plan.json" --stage id # 'id' values are no stages
expect_exit 64 estimate "$DATA/transitions.csv" --shape transitions   # no stage order

# join a team table
expect_exit 0 estimate "$DATA/by_agent.csv" --join "$DATA/teams.csv:agent" --group region
grep -q '"value": "North"' "$TMP/out" || fail "join: no North group"
grep -q 'no match in the joined table' "$TMP/err" || fail "join: unmatched rows not reported"

# ---- usage and missing input ------------------------------------------------------
expect_exit 0 estimate --help
grep -q -- '--emit-funnel' "$TMP/out" || fail "--help lacks --emit-funnel"
expect_exit 64 estimate
expect_exit 64 estimate "$DATA/snapshot.csv" --shape sideways
expect_exit 64 estimate "$DATA/snapshot.csv" --format svg
expect_exit 64 estimate "$DATA/snapshot.csv" --bogus
expect_exit 66 estimate "$TMP/does-not-exist.csv"
expect_exit 74 estimate "$DATA/snapshot.csv" -o /proc/version/nope

# ---- bad input: exit 65 with a message, or 0 with the bad rows reported -------------
printf '' >"$TMP/empty.csv"
expect_exit 65 estimate "$TMP/empty.csv"
grep -q 'empty' "$TMP/err" || fail "empty file: no message"
printf 'stage,x\nwon,"open\nlost,1\n' >"$TMP/unbalanced.csv"
expect_exit 65 estimate "$TMP/unbalanced.csv"
grep -q 'line 2' "$TMP/err" || fail "unbalanced quote: no line number"
printf 'id,amount\n1,2\n' >"$TMP/nostage.csv"
expect_exit 65 estimate "$TMP/nostage.csv"
expect_exit 65 estimate "$DATA/snapshot.csv" --amount revenue
printf 'stage,created,closed,amount\nwon,2017-02-30,2017-03-01,1\nwon,1/1/2017,1/2/2017,inf\nwon,1/1/2017,1/2/2017,nan\nwon,1/1/2017,1/2/2017,12x\nlost,2/1/2017,2/2/2017,0\n' >"$TMP/bad.csv"
expect_exit 65 estimate "$TMP/bad.csv"
grep -q '4 of 5 rows malformed.*--allow-skips' "$TMP/err" || fail "mostly malformed: summary names --allow-skips"
expect_exit 0 estimate "$TMP/bad.csv" --allow-skips
grep -q '"skipped": {"count": 4, "lines": \[2, 3, 4, 5\]' "$TMP/out" || fail "bad values: skipped lines"
grep -q 'bad.csv:2: created: .2017-02-30. is not a date' "$TMP/err" || fail "bad values: stderr report"
expect_exit 65 estimate "$TMP/bad.csv" --strict
grep -q 'line 2' "$TMP/err" || fail "--strict: no line"
printf 'stage,amount\nwon,1\nwo\0n,2\nlost,3\n' >"$TMP/nul.csv"
expect_exit 0 estimate "$TMP/nul.csv"
grep -q '"lines": \[3\]' "$TMP/out" || fail "NUL byte: row 3 not reported"
printf 'stage,region\nwon,ok\nwon,bad\377\n' >"$TMP/utf8.csv"
expect_exit 0 estimate "$TMP/utf8.csv" --group region
grep -q '"lines": \[3\]' "$TMP/out" || fail "invalid UTF-8: row 3 not reported"
printf 'st\377age\nwon\n' >"$TMP/badheader.csv"
expect_exit 65 estimate "$TMP/badheader.csv"
if [ -n "$PY" ]; then
    "$PY" - "$TMP" <<'EOF'
import sys
d = sys.argv[1]
with open(d + "/bigfield.csv", "w") as f:
    f.write('stage,note\nwon,"' + "x" * (5 << 20) + '"\nlost,short\n')
with open(d + "/wide.csv", "w") as f:
    f.write(",".join(["stage"] + ["c%d" % i for i in range(19999)]) + "\n")
    f.write(",".join(["won"] + ["1"] * 19999) + "\n")
EOF
    expect_exit 0 estimate "$TMP/bigfield.csv"
    grep -q '"deals": 2,' "$TMP/out" || fail "5 MB field: deals"
    expect_exit 0 estimate "$TMP/wide.csv"
    grep -q '"won": 1,' "$TMP/out" || fail "20,000 columns: won"
fi

# ---- the tokenizer against Python's csv module ------------------------------------
if [ -n "$PY" ]; then
    "$PY" "$HERE/../estimate_csv_check.py" "$BIN" 300 || fail "estimate_csv_check.py"
else
    echo "estimate.sh: /usr/bin/python3 missing, skipping the Python csv comparison"
fi

if [ "$fails" -ne 0 ]; then
    echo "estimate.sh: $fails failure(s)"
    exit 1
fi
echo "estimate.sh: all checks passed"
