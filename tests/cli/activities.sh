#!/bin/bash
# CLI tests of `salesplan activities` (SPEC §12): usage <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2/activities
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

json() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$TMP/out')); print($1)"; }

# Salesforce tasks and opportunities: JSON by default, the range both files cover.
expect_exit 0 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv"
[ "$(json 'd["range"]["from"], d["range"]["to"]')" = "2026-03-02 2026-03-28" ] || fail "default range"
[ "$(json '[(a["name"], a["count"], a["entries"], a["per_entry"]) for a in d["activities"]]')" = \
  "[('Call', 3, 4, 0.75), ('Email', 3, 4, 0.75), ('Meeting', 1, 4, 0.25)]" ] || fail "SF yields"
[ "$(json 'd["attribution"]["attributed"], d["deals_shape"]')" = "5 snapshot" ] || fail "SF attribution"

# With the plan and a map: the plan's activities; --emit-activities pastes into a plan.
expect_exit 0 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" \
    --plan "$DATA/plan.json" --map "Email=Cold email" --emit-activities
[ "$(json '[(a["name"], a["per_entry"]) for a in d]')" = \
  "[('Cold email', 0.75), ('Call', 0.75), ('Meeting', 2)]" ] || fail "emit activities"
grep -q "middle stages are null" "$TMP/err" || fail "snapshot warning on stderr"

# HubSpot stage history: transitions detected, entries into Meeting known.
expect_exit 0 activities "$DATA/hs_activities.csv" --deals "$DATA/hs_deals.csv" \
    --plan "$DATA/plan.json" -m EMAIL="Cold email" --format md
grep -q "^| Meeting | Meeting | 2 | 2 | 1.00 | 1 | 2.00 | 2.00 |" "$TMP/out" || fail "HubSpot Markdown row"
grep -q "^| Bo Chen | Cold email | 2 | 2 | 1.00 | 0 | – |" "$TMP/out" || fail "HubSpot owner row"

# Odoo with a range; window of 0 days; a log from standard input.
expect_exit 0 activities - --deals "$DATA/odoo_leads.csv" --from 2026-05-01 --to 2026-05-31 \
    --window-days 0 <"$DATA/odoo_activities.csv"
[ "$(json 'd["window_days"], d["attribution"]["attributed"]')" = "0 4" ] || fail "Odoo stdin"

# Usage and data errors.
expect_exit 64 activities "$DATA/sf_tasks.csv"
grep -q "needs the deals export" "$TMP/err" || fail "no --deals message"
expect_exit 64 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --emit-activities
expect_exit 64 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --map nope
expect_exit 64 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --window-days -3
expect_exit 66 activities "$DATA/missing.csv" --deals "$DATA/sf_opps.csv"
expect_exit 65 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --type Nope
grep -q "type column 'Nope' is not in the activities header" "$TMP/err" || fail "--type message"
expect_exit 65 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" \
    --plan "$DATA/plan.json" --map "Email=Pigeon"
expect_exit 65 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --from 2027-02-01 --to 2027-01-31
expect_exit 65 activities "$DATA/odoo_activities.csv" --deals "$DATA/sf_tasks.csv"
grep -q -- "--deals-stage" "$TMP/err" || fail "library option names worded as flags"
expect_exit 0 activities --help
grep -q "Usage: salesplan activities" "$TMP/out" || fail "help"

# -j/--threads: a generated log of about 26 MiB (a bad date now and then) read
# on 1, 2 and 3 threads gives the same output and the same warnings (lines too).
awk 'BEGIN {
    print "date,type,owner,account"
    split("Call,Email,Meeting,Demo", t, ",")
    for (i = 0; i < 950000; i++) {
        if (i % 90001 == 500) { print "2026-02-30,Call,rep 1,"; continue }
        printf "2026-%02d-%02d,%s,rep %d,Acc %d\n", 1 + i % 12, 1 + (i * 7) % 28, t[1 + i % 4], i % 13, (i * 31) % 800
    }
}' >"$TMP/big_log.csv"
awk 'BEGIN {
    print "id,owner,stage,created,closed,account"
    for (i = 0; i < 3000; i++)
        printf "D%d,rep %d,%s,2026-%02d-%02d,2026-12-20,Acc %d\n", i, i % 13, (i % 2 ? "Closed Won" : "Closed Lost"), 1 + i % 12, 1 + i % 28, i % 800
}' >"$TMP/big_deals.csv"
[ "$(stat -c %s "$TMP/big_log.csv")" -gt $((25 << 20)) ] || fail "generated log too small"
expect_exit 0 activities "$TMP/big_log.csv" --deals "$TMP/big_deals.csv"
mv "$TMP/out" "$TMP/out1"; mv "$TMP/err" "$TMP/err1"
grep -q "activities line 90503 skipped" "$TMP/err1" || fail "skipped line of the big log"
for j in 2 3; do
    expect_exit 0 activities "$TMP/big_log.csv" --deals "$TMP/big_deals.csv" -j "$j"
    cmp -s "$TMP/out" "$TMP/out1" || fail "-j $j output differs from one thread"
    cmp -s "$TMP/err" "$TMP/err1" || fail "-j $j warnings differ from one thread"
done
expect_exit 0 activities - --deals "$TMP/big_deals.csv" --threads 2 <"$TMP/big_log.csv"
cmp -s "$TMP/out" "$TMP/out1" || fail "--threads 2 on standard input differs"
expect_exit 64 activities "$TMP/big_log.csv" --deals "$TMP/big_deals.csv" -j 65
grep -q "threads" "$TMP/err" || fail "-j 65 message"
expect_exit 66 activities "$DATA/missing.csv" --deals "$DATA/sf_opps.csv" -j 2
expect_exit 65 activities "$DATA/sf_tasks.csv" --deals "$DATA/sf_opps.csv" --type Nope -j 2
grep -q "type column 'Nope' is not in the activities header" "$TMP/err" || fail "-j 2 --type message"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all activities CLI tests passed"
