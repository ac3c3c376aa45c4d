#!/bin/bash
# CLI tests of scenarios (issue 14): --patch on the commands that read a plan,
# compare, sensitivity, simulate --capacity. Usage <binary> <tests/data dir>.
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

"$BIN" example >"$TMP/base.json"
printf '{"target": {"revenue": 300000}, "confidence": null}\n' >"$TMP/p1.json"
printf '{"deal": {"size_cv": 0}}\n' >"$TMP/p2.json"
# The merged plan written by hand: the same text with the two values changed.
sed -e 's/"revenue": 250000/"revenue": 300000/' -e 's/"size_cv": 0.35/"size_cv": 0/' \
    "$TMP/base.json" >"$TMP/merged.json"

# --patch equals computing the merged plan; repeatable, applied in order.
expect_exit 0 plan "$TMP/base.json" --patch "$TMP/p1.json" --patch="$TMP/p2.json" --format json
cp "$TMP/out" "$TMP/patched.out"
expect_exit 0 plan "$TMP/merged.json" --format json
cmp -s "$TMP/out" "$TMP/patched.out" || fail "plan --patch differs from the merged plan"
grep -q '"revenue": 300000' "$TMP/patched.out" || fail "patched target missing"
# in order: a later patch wins
printf '{"target": {"revenue": 200000}}\n' >"$TMP/p3.json"
expect_exit 0 plan "$TMP/base.json" --patch "$TMP/p1.json" --patch "$TMP/p3.json" --format json
grep -q '"revenue": 200000' "$TMP/out" || fail "the later patch did not win"
# simulate and the example take --patch too
expect_exit 0 simulate --patch "$TMP/p1.json" --trials 500 --format json
grep -q '"target": 300000' "$TMP/out" || fail "simulate ignored --patch"

# track takes --patch too
printf '{"target": {"revenue": 999999}}\n' >"$TMP/pt.json"
expect_exit 0 track "$2/actuals/plan.json" --actuals "$2/actuals/actuals.json" --patch "$TMP/pt.json" \
    --format json
grep -q '999999' "$TMP/out" || fail "track ignored --patch"

# A refused value is reported in the patch file, at its line and column, with
# the path in the merged plan.
printf '{\n  "team": {"expected_attainment": 1.5}\n}\n' >"$TMP/bad.json"
expect_exit 65 plan "$TMP/base.json" --patch "$TMP/bad.json"
grep -qF "$TMP/bad.json:2:35: team.expected_attainment: must be in (0, 1]; found 1.5" "$TMP/err" ||
    fail "patch problem not located: $(cat "$TMP/err")"
expect_exit 64 plan --patch
expect_exit 66 plan "$TMP/base.json" --patch "$TMP/missing.json"

# The example with a single SDR: the workload warning names the role.
python3 - "$TMP/base.json" >"$TMP/one_sdr.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(json.dumps({"team": {"reps": [r for r in d["team"]["reps"] if r["name"] != "Ava Kowalski"]}}))
PY
expect_exit 0 plan "$TMP/base.json" --patch "$TMP/one_sdr.json"
grep -q 'warning: team.roles\[0\]: role "SDR": the planned activities need 1.49 full-time reps' \
    "$TMP/err" || fail "no workload warning for a single SDR: $(cat "$TMP/err")"
grep -q '\*\*Hires needed: 1\*\* — 1 SDR for the planned workload' "$TMP/out" ||
    fail "hires line does not name the SDR role"

# simulate --capacity: both chances, and what each assumes.
expect_exit 0 simulate "$TMP/base.json" --patch "$TMP/one_sdr.json" --capacity --trials 4000
grep -q "^\*\*At the team's capacity: " "$TMP/out" || fail "no P(hit) at capacity"
grep -q "This chance assumes the plan's volumes happen" "$TMP/out" || fail "assumption missing"
expect_exit 0 simulate "$TMP/base.json" --capacity --trials 4000 --format json
grep -q '"capacity": {' "$TMP/out" || fail "JSON lacks the capacity run"
expect_exit 0 simulate "$TMP/base.json" --trials 4000 --format json
grep -q '"capacity"' "$TMP/out" && fail "JSON has a capacity run without --capacity"

# compare: files, or a base and patches.
expect_exit 0 compare "$TMP/base.json" "$TMP/merged.json" --format csv
head -1 "$TMP/out" | grep -qF "key,label,$TMP/base.json,$TMP/merged.json,difference 2" ||
    fail "compare CSV header: $(head -1 "$TMP/out")"
grep -q '^target.deals_needed,Deals needed,12,16,4' "$TMP/out" || fail "compare deals row"
expect_exit 0 compare "$TMP/base.json" --patch "$TMP/p1.json" --trials 1000
grep -q "| Deals needed | 12 | 16 (+4) |" "$TMP/out" || fail "compare Markdown row"
grep -q "P(hit) at the team's capacity" "$TMP/out" || fail "compare without P(hit) rows"
expect_exit 64 compare "$TMP/base.json"
# no base: the built-in example and its patched scenario, the note said once
expect_exit 0 compare --patch "$TMP/p1.json"
grep -q "| Deals needed | 12 | 16 (+4) |" "$TMP/out" || fail "compare of the example and a patch"
[ "$(grep -c 'built-in example' "$TMP/err")" -eq 1 ] || fail "example note not said once"
expect_exit 64 compare "$TMP/base.json" "$TMP/merged.json" --patch "$TMP/p1.json"

# sensitivity: JSON keys of SPEC 13, ranking, the tornado.
expect_exit 0 sensitivity "$TMP/base.json" --trials 0 --format json
for key in '"base": {"deals_needed": 12,' '"levers": [' '"lever": "average deal size"' \
           '"path": "deal.average_size"' '"swing": ' '"elasticity": ' '"rank_by": "deals_needed"'; do
    grep -qF "$key" "$TMP/out" || fail "sensitivity JSON lacks $key"
done
expect_exit 0 sensitivity "$TMP/base.json" --trials 1000 --rank-by p_hit --format svg
grep -q '<g class="tornado">' "$TMP/out" || fail "no tornado"
tail -c 7 "$TMP/out" | grep -q '</svg>' || fail "SVG not closed"
expect_exit 64 sensitivity "$TMP/base.json" --rank-by nothing
expect_exit 64 sensitivity "$TMP/base.json" --step 1.5

exit $((fails > 0))
