#!/bin/bash
# CLI tests of `salesplan plan`: usage <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2/render
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
json_ok() { # FILE: parses as JSON (skipped without python)
    [ -z "$PY" ] || "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" ||
        fail "$1 is not valid JSON"
}

# ---- the built-in example, all three formats -------------------------------
expect_exit 0 plan
grep -q "built-in example" "$TMP/err" || fail "no notice of the example plan on stderr"
grep -q '^# Sales plan: ' "$TMP/out" || fail "Markdown title missing"
for h in '## The target and what it takes' '## The funnel' '## Daily activities' \
         '## Quota by rep and month' '## 30/60/90-day phases' '## Capacity and hiring' \
         '## Metrics' '## Warnings'; do
    grep -qxF "$h" "$TMP/out" || fail "Markdown section missing: $h"
done
grep -qF '**$250,000**' "$TMP/out" || fail "Markdown lacks the \$250,000 target"

expect_exit 0 plan --format json
json_ok "$TMP/out"
grep -q '^  "mode": "expected",$' "$TMP/out" || fail "JSON mode is not expected"
grep -q '^  "confidence": null,$' "$TMP/out" || fail "JSON confidence is not null"

expect_exit 0 plan -f csv
head -1 "$TMP/out" | grep -q '^rep,role,month,start,end,.*,quota'$'\r''$' || fail "CSV header wrong: $(head -1 "$TMP/out")"

expect_exit 0 plan --format md
grep -q '^# Sales plan: ' "$TMP/out" || fail "--format md is not Markdown"

# ---- --confidence switches the mode -----------------------------------------
expect_exit 0 plan --confidence 0.9 --format json
json_ok "$TMP/out"
grep -q '^  "mode": "confidence",$' "$TMP/out" || fail "--confidence 0.9 did not switch the mode"
grep -q '^  "confidence": 0.9,$' "$TMP/out" || fail "confidence 0.9 not in the document"
expect_exit 0 plan --expected --format json
grep -q '^  "mode": "expected",$' "$TMP/out" || fail "--expected is not expected mode"

# ---- a plan file, from a path and from stdin ---------------------------------
# small.json by hand: 100000 / 5000 = 20 deals, 20 / 0.2 = 100 leads, 5 calls
# each over the 35 workdays of the Lead window (days 0..48), 2 reps:
# 500 / 35 / 2 = 7.14. Quota: Jan 2026 has 22 workdays, Feb 20 (42 in all):
# 100000 * 22/42 / 2 = 26190.48, 100000 * 20/42 / 2 = 23809.52.
# One row per rep and month (the per-rep schedule): both reps fully ramped
# all period, so each month's daily target is the same 7.14.
expect_exit 0 plan "$DATA/small.json" --format csv
printf 'rep,role,month,start,end,"daily_Calls, outbound",quota\r\n"Doe, Jane",Rep,2026-01,2026-01-01,2026-01-31,7.14,26190.48\r\n"Doe, Jane",Rep,2026-02,2026-02-01,2026-02-28,7.14,23809.52\r\nRoe,Rep,2026-01,2026-01-01,2026-01-31,7.14,26190.48\r\nRoe,Rep,2026-02,2026-02-01,2026-02-28,7.14,23809.52\r\n' >"$TMP/want.csv"
cmp -s "$TMP/out" "$TMP/want.csv" || fail "CSV of small.json differs: $(cat -A "$TMP/out")"
grep -q "built-in example" "$TMP/err" && fail "example notice printed although a FILE was given"

"$BIN" plan - --format json <"$DATA/small.json" >"$TMP/stdin.json" 2>"$TMP/err" ||
    fail "plan - (stdin) failed: $(cat "$TMP/err")"
json_ok "$TMP/stdin.json"
grep -q '"name": "Small, \\"quoted\\" plan"' "$TMP/stdin.json" || fail "stdin plan not used"
grep -q '"currency": "EUR"' "$TMP/stdin.json" || fail "currency not EUR"

expect_exit 0 plan "$DATA/small.json"
grep -qF '**100,000 EUR**' "$TMP/out" || fail "Markdown amount not in EUR"

# ---- -o OUT: atomic, nothing left behind on failure ----------------------------
expect_exit 0 plan --format json -o "$TMP/result.json"
[ -s "$TMP/out" ] && fail "-o also wrote to stdout"
json_ok "$TMP/result.json"
"$BIN" plan --format json 2>/dev/null | cmp -s - "$TMP/result.json" || fail "-o file differs from stdout"

expect_exit 74 plan -o "$TMP/no/such/dir/out.md"
[ -e "$TMP/no" ] && fail "a failing -o created something"
mkdir "$TMP/adir"
expect_exit 74 plan -o "$TMP/adir"
ls "$TMP" | grep -q 'adir\.tmp' && fail "a failing -o left a temporary file behind"
[ -z "$(ls -A "$TMP/adir")" ] || fail "a failing -o wrote into the directory"

# ---- errors ---------------------------------------------------------------------
expect_exit 65 plan "$DATA/bad_conversion.json"
grep -qE 'bad_conversion\.json:8:[0-9]+: funnel\.stages\[0\]\.conversion: ' "$TMP/err" ||
    fail "bad plan not reported as FILE:LINE:COL: PATH: message ($(cat "$TMP/err"))"
[ -s "$TMP/out" ] && fail "output written for a bad plan"

printf '{"salesplan": 1,\n "name": ' >"$TMP/trunc.json"
expect_exit 65 plan "$TMP/trunc.json"
grep -qE 'trunc\.json:[0-9]+:[0-9]+: ' "$TMP/err" || fail "syntax error lacks FILE:LINE:COL"

expect_exit 66 plan "$TMP/does-not-exist.json"
grep -q 'does-not-exist.json' "$TMP/err" || fail "missing file not named"

for q in 1 0 -0.1 1.5 abc 0.5x nan inf ''; do
    expect_exit 64 plan --confidence "$q"
done
expect_exit 64 plan --confidence 0.9 --expected
expect_exit 64 plan --format pdf
expect_exit 64 plan a.json b.json
expect_exit 64 plan --no-such-option
expect_exit 0 plan --help
grep -q '^Usage: salesplan plan' "$TMP/out" || fail "--help has no usage line"

# ---- listed in the tool's help ----------------------------------------------------
"$BIN" --help | grep -q '^  plan ' || fail "plan not listed in salesplan --help"

[ "$fails" -eq 0 ] && echo "plan.sh: all passed"
exit $((fails > 0))
