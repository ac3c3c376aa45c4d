#!/bin/bash
# CLI tests of `salesplan track`: usage <binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2/actuals
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

PLAN=$DATA/plan.json
ACT=$DATA/actuals.json

# Markdown by default: a pacing review.
expect_exit 0 track "$PLAN" --actuals "$ACT"
grep -q "^# Pacing review: " "$TMP/out" || fail "Markdown title missing"
grep -q "^## From tomorrow" "$TMP/out" || fail "Markdown daily section missing"

# JSON keys of SPEC §11.
expect_exit 0 track "$PLAN" --actuals "$ACT" --format json
for key in '"as_of": "2026-06-03"' '"booked": 18000' '"attainment": ' '"expected_to_date": 15000' \
           '"pace": 1.2' '"status": "ahead"' '"gap": 32000' '"projected_on_pace": ' \
           '"projected_from_pipeline": 46000' '"p_hit_from_pipeline": ' '"reps": [' \
           '"quota_to_date": ' '"deals_needed": ' '"planned_to_date": ' '"replan": {' \
           '"warnings": ['; do
    grep -qF "$key" "$TMP/out" || fail "JSON lacks $key"
done
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" || fail "JSON does not parse"

# CSV: a header and one row per rep and activity; SVG parses.
expect_exit 0 track "$PLAN" --actuals "$ACT" --format csv
head -1 "$TMP/out" | grep -q "^as_of,rep,role,status" || fail "CSV header"
[ "$(wc -l <"$TMP/out")" -eq 4 ] || fail "CSV rows: $(wc -l <"$TMP/out")"
expect_exit 0 track "$PLAN" --actuals "$ACT" --format svg -o "$TMP/chart.svg"
/usr/bin/python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$TMP/chart.svg" || fail "SVG does not parse"
grep -q 'class="pipeline-range"' "$TMP/chart.svg" || fail "SVG lacks the pipeline range"

# --as-of overrides the document; outside the period: 65 naming --as-of.
expect_exit 0 track "$PLAN" --actuals "$ACT" --as-of 2026-06-14 --format json
grep -qF '"replan": null' "$TMP/out" || fail "last day: replan not null"
expect_exit 65 track "$PLAN" --actuals "$ACT" --as-of 2026-07-01
grep -q "^--as-of: as_of: must be a day of the period" "$TMP/err" || fail "as-of message: $(cat "$TMP/err")"

# Bad actuals: 65, every problem as FILE:LINE:COL: PATH: message.
expect_exit 65 track "$PLAN" --actuals "$DATA/invalid/unknown_rep.json"
grep -q "unknown_rep.json:3:47: bookings\[0\].rep: the plan has no rep named \"Zed\"" "$TMP/err" \
    || fail "unknown rep message: $(cat "$TMP/err")"
expect_exit 66 track "$PLAN" --actuals "$TMP/missing.json"
expect_exit 64 track "$PLAN"
expect_exit 64 track "$PLAN" --actuals "$ACT" --deals "$ACT"
expect_exit 64 track "$PLAN" --actuals "$ACT" --format html
expect_exit 0 track --help

# Actuals straight from CRM exports (tests/data/track): the same data as an
# actuals document gives the same JSON, byte for byte.
TR=$2/track
expect_exit 0 track "$TR/plan.json" --actuals "$TR/actuals.json" --format json
mv "$TMP/out" "$TMP/doc.json"
expect_exit 0 track "$TR/plan.json" --deals "$TR/deals.csv" --activities "$TR/activities.csv" \
    --map-stage Proposal=Prop --as-of 2026-06-03 --format json
cmp -s "$TMP/out" "$TMP/doc.json" || fail "CSV route differs from the document route"
# Malformed rows are reported by line, unknown names are named; md/csv/svg render.
expect_exit 0 track "$TR/plan.json" --deals "$TR/deals_messy.csv" \
    --activities "$TR/activities_messy.csv" --as-of 2026-06-03 --format json
grep -qF '"path": "deals line 15", "message": "row skipped: closed:' "$TMP/out" || fail "skipped row by line"
grep -qF "stage 'Negotiation' is not a stage of the plan" "$TMP/out" || fail "unknown stage not named"
grep -qF "owner 'Zoe' is not a rep of the plan" "$TMP/out" || fail "unknown owner not named"
for f in md csv svg; do
    expect_exit 0 track "$TR/plan.json" --deals "$TR/deals_messy.csv" --as-of 2026-06-03 --format $f
done
# No owner column while the plan has reps: 65 naming the file and line.
expect_exit 65 track "$TR/plan.json" --deals "$TR/deals_no_owner.csv" --as-of 2026-06-03
grep -q "deals_no_owner.csv:1:1: no owner column found: the plan has reps" "$TMP/err" \
    || fail "no-owner message: $(cat "$TMP/err")"
expect_exit 65 track "$TR/plan.json" --deals "$TR/deals.csv" --map-stage Proposal=Nope --as-of 2026-06-03
grep -q '^--map-stage: stage_map: the plan has no stage named "Nope"' "$TMP/err" \
    || fail "map-stage message: $(cat "$TMP/err")"
expect_exit 65 track "$TR/plan.json" --deals "$TR/deals.csv" --as-of 2026-07-01
grep -q "^--as-of: as_of: must be a day of the period" "$TMP/err" || fail "CSV as-of message"
expect_exit 64 track "$TR/plan.json" --deals "$TR/deals.csv" --map-stage Proposal
expect_exit 64 track "$TR/plan.json" --actuals "$TR/actuals.json" --activities "$TR/activities.csv"
expect_exit 66 track "$TR/plan.json" --deals "$TMP/missing.csv" --as-of 2026-06-03

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "track: all passed"
