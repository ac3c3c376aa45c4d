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

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all activities CLI tests passed"
