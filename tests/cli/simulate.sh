#!/bin/bash
# CLI tests of `salesplan simulate`: usage <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2/simulate
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

# The built-in example, said so on stderr; Markdown by default.
expect_exit 0 simulate --trials 2000
grep -q "built-in example" "$TMP/err" || fail "no notice of the example plan on stderr"
grep -q "^# Simulation: " "$TMP/out" || fail "Markdown title missing"
grep -q "Chance of reaching the \$250,000 target" "$TMP/out" || fail "Markdown p_hit line missing"

# JSON keys of SPEC §8.
expect_exit 0 simulate "$DATA/fixed.json" --format json --trials 1001 --seed 9
for key in '"trials": 1001' '"seed": 9' '"p_hit": ' '"p_hit_se": ' '"revenue": {"mean": ' \
           '"deals": {"mean": ' '"p10": ' '"p50": ' '"p90": '; do
    grep -qF "$key" "$TMP/out" || fail "JSON lacks $key"
done
[ -s "$TMP/err" ] && fail "stderr not empty with a FILE: $(cat "$TMP/err")"

# size_cv = 0: with 1001 trials the quantiles are single trials, and revenue is deals × 5000.
python_free_check() {
    local rev deals
    rev=$(grep -o '"revenue": {[^}]*}' "$TMP/out" | grep -o '"p50": [0-9.e+]*' | cut -d' ' -f2)
    deals=$(grep -o '"deals": {[^}]*}' "$TMP/out" | grep -o '"p50": [0-9.e+]*' | cut -d' ' -f2)
    [ -n "$rev" ] && [ -n "$deals" ] && [ "$rev" = "$((deals * 5000))" ] ||
        fail "revenue p50 $rev is not deals p50 $deals × 5000"
}
python_free_check

# Bit-identical whatever the thread count; the same for a second run; seeds differ.
for t in 1 2 3 0; do
    "$BIN" simulate "$DATA/fixed.json" --format json -n 50000 -s 4 --threads $t >"$TMP/t$t" ||
        fail "threads $t failed"
done
for t in 2 3 0; do
    cmp -s "$TMP/t1" "$TMP/t$t" || fail "--threads $t differs from --threads 1"
done
"$BIN" simulate "$DATA/fixed.json" --format json -n 50000 -s 4 -j 2 >"$TMP/again"
cmp -s "$TMP/t1" "$TMP/again" || fail "a second run differs"
"$BIN" simulate "$DATA/fixed.json" --format json -n 50000 -s 5 -j 2 >"$TMP/seed5"
cmp -s "$TMP/t1" "$TMP/seed5" && fail "seeds 4 and 5 give the same output"

# Standard input and -o (atomic file output, same text as standard output).
"$BIN" example | "$BIN" simulate - -n 3000 --format json >"$TMP/stdin.json" 2>"$TMP/err" ||
    fail "reading the plan from stdin failed"
"$BIN" simulate -n 3000 --format json >"$TMP/builtin.json" 2>/dev/null
cmp -s "$TMP/stdin.json" "$TMP/builtin.json" || fail "stdin example differs from built-in"
expect_exit 0 simulate "$DATA/fixed.json" -n 3000 -o "$TMP/file.md"
"$BIN" simulate "$DATA/fixed.json" -n 3000 >"$TMP/stdout.md"
cmp -s "$TMP/file.md" "$TMP/stdout.md" || fail "-o output differs from standard output"

# The chart.
expect_exit 0 simulate "$DATA/fixed.json" -n 2000 --format svg
grep -q "<svg" "$TMP/out" || fail "--format svg gave no SVG"

# Exit codes.
expect_exit 0 simulate --help
grep -q "Usage: salesplan simulate" "$TMP/out" || fail "--help text"
expect_exit 64 simulate --trials 0
expect_exit 64 simulate --trials 100000001
expect_exit 64 simulate --trials 12x
expect_exit 64 simulate --trials -5
expect_exit 64 simulate --threads 65
expect_exit 64 simulate --seed -1
expect_exit 64 simulate --format csv
expect_exit 64 simulate --bogus
expect_exit 64 simulate a.json b.json
expect_exit 66 simulate "$DATA/does-not-exist.json"
expect_exit 65 simulate "$DATA/bad.json"
grep -q "funnel.stages\[0\].conversion" "$TMP/err" || fail "bad plan error lacks its path"
printf '{"salesplan": 1,' | "$BIN" simulate - >/dev/null 2>&1
[ $? -eq 65 ] || fail "truncated JSON on stdin should exit 65"
expect_exit 74 simulate "$DATA/fixed.json" -n 100 -o "$TMP/no/such/dir/out.md"
[ -e "$TMP/no" ] && fail "a failed write left something behind"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "simulate CLI: all checks passed"
