#!/bin/bash
# CLI tests of `salesplan estimate --rep`: usage <binary> <tests/data dir>.
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

expect_exit() {
    local want=$1; shift
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "salesplan $* exited $got, expected $want ($(head -c 300 "$TMP/err"))"
}

# A 3 won 1 lost, B 1 won 3 lost: the tea-tasting table, p = q = 17/35
printf 'id,owner,stage\n1,A,Won\n2,A,Won\n3,A,Won\n4,A,Lost\n5,B,Won\n6,B,Lost\n7,B,Lost\n8,B,Lost\n' >"$TMP/d.csv"

expect_exit 0 estimate "$TMP/d.csv" --rep owner --rep-min-n 4 --rep-q 0.5
grep -q '"rep_column": "owner"' "$TMP/out" || fail "rep column"
grep -q '"p_value": 0.485714285714' "$TMP/out" || fail "p-value 17/35 ($(grep p_value "$TMP/out" | head -1))"
grep -q '"flag": "above"' "$TMP/out" || fail "flag above"
grep -q '"flag": "below"' "$TMP/out" || fail "flag below"

expect_exit 0 estimate "$TMP/d.csv" --rep owner --rep-min-n 4 --rep-q 0.5 --format md
grep -q '^- A wins 75% of decided deals (3 of 4) against 25% for the rest of the team' "$TMP/out" || fail "markdown sentence"

# defaults: 20 decided deals needed, nobody tested
expect_exit 0 estimate "$TMP/d.csv" --rep owner
grep -q '"p_value": null, "q_value": null, "flag": null' "$TMP/out" || fail "untested below min_n"

# bad values: usage errors (64); a missing column: data error (65) naming --rep's column
expect_exit 64 estimate "$TMP/d.csv" --rep owner --rep-q 1.5
grep -q -- '--rep-q' "$TMP/err" || fail "--rep-q message"
expect_exit 64 estimate "$TMP/d.csv" --rep owner --rep-min-n 0
expect_exit 65 estimate "$TMP/d.csv" --rep seller
grep -q "rep column 'seller' is not in the header" "$TMP/err" || fail "missing rep column message: $(cat "$TMP/err")"

if [ "$fails" -ne 0 ]; then
    echo "estimate_rep.sh: $fails failure(s)"
    exit 1
fi
echo "estimate_rep.sh: all checks passed"
