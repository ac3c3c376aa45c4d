#!/bin/bash
# The option parsers every subcommand shares: numbers, format names, '-' for
# a file. Usage: options.sh <salesplan binary> <tests/data dir>.
set -u
BIN=$1
DATA=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CODE 'STDERR LINE' ARGS...: exit status and the exact first line of stderr.
expect() {
    local want=$1 msg=$2; shift 2
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    local got=$?
    [ "$got" -eq "$want" ] || fail "salesplan $* exited $got, expected $want ($(head -c 300 "$TMP/err"))"
    if [ -n "$msg" ]; then
        [ "$(head -n 1 "$TMP/err")" = "$msg" ] || fail "salesplan $*: stderr '$(head -n 1 "$TMP/err")', expected '$msg'"
    fi
}

"$BIN" example >"$TMP/plan.json" 2>/dev/null || fail "example"
printf 'stage,amount\nwon,5\nlost,3\nwon,7\n' >"$TMP/deals.csv"

# ---- whole numbers: digits only, in range, no overflow ------------------------
for bad in '' ' 5' '+5' '-5' '5 ' '5x' '0x10' '1e3' '5.0' \
           '18446744073709551616' '99999999999999999999999'; do
    expect 64 "salesplan: --trials must be a whole number in 1..100000000, found '$bad'" \
        simulate "$TMP/plan.json" --trials "$bad"
done
expect 64 "salesplan: --seed must be a whole number in 0..18446744073709551615, found '18446744073709551616'" \
    simulate --seed 18446744073709551616
expect 0 "" simulate "$TMP/plan.json" --seed 18446744073709551615 -n 10 -j 1
expect 64 "salesplan: --threads must be a whole number in 0..64, found '65'" simulate --threads 65
expect 64 "salesplan: --max-reported must be a whole number in 0..1000000, found '-1'" \
    estimate "$TMP/deals.csv" --max-reported -1
expect 64 "salesplan: --max-reported must be a whole number in 0..1000000, found '1000001'" \
    estimate "$TMP/deals.csv" --max-reported 1000001
expect 0 "" estimate "$TMP/deals.csv" --max-reported 1000000

# ---- real numbers: finite, in range, nothing after them ----------------------
for bad in '' ' 0.5' '0.5 ' '0.5x' 'nan' 'NaN' 'inf' '-inf' '1e-400' '1e400' '0' '1' '0x'; do
    expect 64 "salesplan: --confidence must be a number between 0 and 1 (exclusive), found '$bad'" \
        plan --confidence "$bad"
done
expect 0 "" plan "$TMP/plan.json" --confidence 0.75 --format json
grep -q '"confidence": 0.75' "$TMP/out" || fail "--confidence 0.75 not used"
expect 0 "" plan "$TMP/plan.json" --confidence 1e-3 --format json

# ---- format names: one parser, per-subcommand sets, one wording ---------------
expect 64 "salesplan: --format must be md, json, csv or svg, found 'pdf'" plan --format pdf
expect 64 "salesplan: --format must be md, json or svg, found 'csv'" simulate --format csv
expect 64 "salesplan: --format must be md or json, found 'svg'" estimate "$TMP/deals.csv" --format svg
expect 64 "salesplan: --format must be md or json, found 'JSON'" estimate "$TMP/deals.csv" -f JSON
for cmd in "plan $TMP/plan.json" "simulate $TMP/plan.json -n 100" "estimate $TMP/deals.csv"; do
    # shellcheck disable=SC2086
    expect 0 "" $cmd -f markdown
    cp "$TMP/out" "$TMP/long"
    # shellcheck disable=SC2086
    expect 0 "" $cmd --format=md
    cmp -s "$TMP/out" "$TMP/long" || fail "$cmd: 'markdown' and 'md' differ"
done
# the default formats: Markdown for plan and simulate, JSON for estimate
"$BIN" plan "$TMP/plan.json" 2>/dev/null | head -n 1 | grep -q '^# ' || fail "plan default is not md"
"$BIN" simulate "$TMP/plan.json" -n 100 2>/dev/null | head -n 1 | grep -q '^# ' || fail "simulate default is not md"
"$BIN" estimate "$TMP/deals.csv" 2>/dev/null | head -c 1 | grep -q '{' || fail "estimate default is not json"

# ---- choices ------------------------------------------------------------------
expect 64 "salesplan: --shape must be snapshot or transitions, found 'wide'" \
    estimate "$TMP/deals.csv" --shape wide
expect 64 "salesplan: --date-order must be mdy, dmy or auto, found 'ymd'" \
    estimate "$TMP/deals.csv" --date-order ymd

# ---- the CSV options estimate and activities share: one parser, one wording ------
printf 'date,type,owner\n2024-01-02,call,ann\n' >"$TMP/log.csv"
printf 'id,stage,created,closed,owner\n1,won,2024-01-01,2024-01-09,ann\n' >"$TMP/d2.csv"
many_won=() many_lost=()
for i in $(seq 1 65); do many_won+=(--won "w$i"); many_lost+=(--lost "l$i"); done
for cmd in "estimate $TMP/d2.csv" "activities $TMP/log.csv --deals $TMP/d2.csv"; do
    # shellcheck disable=SC2086
    expect 64 "salesplan: --delimiter must be one character or 'tab', found 'ab'" $cmd --delimiter ab
    # shellcheck disable=SC2086
    expect 64 "salesplan: --delimiter must be one character or 'tab', found '\"'" $cmd --delimiter '"'
    # shellcheck disable=SC2086
    expect 64 "salesplan: --date-order must be mdy, dmy or auto, found 'ymd'" $cmd --date-order ymd
    # shellcheck disable=SC2086
    expect 64 "salesplan: too many --won names (at most 64)" $cmd "${many_won[@]}"
    # shellcheck disable=SC2086
    expect 64 "salesplan: too many --lost names (at most 64)" $cmd "${many_lost[@]}"
    # shellcheck disable=SC2086
    expect 0 "" $cmd --delimiter , --date-order dmy --won won --lost lost
done
# a line end is no delimiter: refused by the tool, before the library sees it
expect 64 "salesplan: --delimiter must be one character or 'tab', found '" estimate "$TMP/d2.csv" --delimiter $'\n'
# the options of estimate alone are not the activities command's
for opt in --decimal-comma --allow-skips --strict; do
    expect 0 "" estimate "$TMP/d2.csv" "$opt"
    expect 64 "activities: unrecognized option '$opt'" activities "$TMP/log.csv" --deals "$TMP/d2.csv" "$opt"
done
expect 64 "salesplan: --join must be FILE:KEY, found 'teams.csv'" estimate "$TMP/d2.csv" --join teams.csv
expect 64 "salesplan: --map-stage must be CRM=PLAN, found '=x'" estimate "$TMP/d2.csv" --map-stage =x
expect 64 "salesplan: --map must be A=B, found 'call'" activities "$TMP/log.csv" --deals "$TMP/d2.csv" --map call
# column flags set the column each command names them for
expect 65 "" estimate "$TMP/d2.csv" --stage phase
grep -q "stage column 'phase'" "$TMP/err" || fail "estimate --stage: $(cat "$TMP/err")"
expect 65 "" activities "$TMP/log.csv" --deals "$TMP/d2.csv" --deals-owner rep
grep -q "owner column 'rep'" "$TMP/err" || fail "activities --deals-owner: $(cat "$TMP/err")"

# ---- '-' wherever a file is ----------------------------------------------------
"$BIN" plan - --format json <"$TMP/plan.json" >"$TMP/a" 2>/dev/null || fail "plan -"
"$BIN" plan "$TMP/plan.json" --format json >"$TMP/b" 2>/dev/null
cmp -s "$TMP/a" "$TMP/b" || fail "plan - differs from plan FILE"
"$BIN" simulate - -n 100 --format json <"$TMP/plan.json" >"$TMP/a" 2>/dev/null || fail "simulate -"
"$BIN" simulate "$TMP/plan.json" -n 100 --format json >"$TMP/b" 2>/dev/null
cmp -s "$TMP/a" "$TMP/b" || fail "simulate - differs from simulate FILE"
"$BIN" validate - <"$TMP/plan.json" 2>"$TMP/err" || fail "validate -"
grep -qx -- '-: valid plan' "$TMP/err" || fail "validate - does not name '-'"
"$BIN" estimate - <"$TMP/deals.csv" >"$TMP/a" 2>/dev/null || fail "estimate -"
"$BIN" estimate "$TMP/deals.csv" >"$TMP/b" 2>/dev/null
cmp -s "$TMP/a" "$TMP/b" || fail "estimate - differs from estimate FILE"
"$BIN" estimate "$TMP/deals.csv" --plan - <"$TMP/plan.json" >"$TMP/a" 2>"$TMP/err"
rc_stdin=$?
"$BIN" estimate "$TMP/deals.csv" --plan "$TMP/plan.json" >"$TMP/b" 2>"$TMP/err2"
rc_file=$?
[ "$rc_stdin" -eq "$rc_file" ] || fail "estimate --plan -: exit $rc_stdin, from a file $rc_file"
cmp -s "$TMP/a" "$TMP/b" || fail "estimate --plan - differs from --plan FILE"
expect 64 "salesplan: the CSV and --plan cannot both be standard input ('-')" estimate - --plan -
for cmd in "example" "plan $TMP/plan.json" "simulate $TMP/plan.json -n 100" "estimate $TMP/deals.csv"; do
    # shellcheck disable=SC2086
    "$BIN" $cmd -o - >"$TMP/a" 2>/dev/null || fail "$cmd -o -"
    # shellcheck disable=SC2086
    "$BIN" $cmd >"$TMP/b" 2>/dev/null
    cmp -s "$TMP/a" "$TMP/b" || fail "$cmd -o - differs from standard output"
    [ -e ./- ] && fail "$cmd -o - created a file named '-'"
done

# ---- the same problems from a file and from standard input ------------------------
printf '{"salesplan": 1,\n "name": ""}\n' >"$TMP/bad.json"
for cmd in plan simulate validate; do
    "$BIN" $cmd "$TMP/bad.json" 2>"$TMP/e1" >/dev/null; r1=$?
    "$BIN" $cmd - <"$TMP/bad.json" 2>"$TMP/e2" >/dev/null; r2=$?
    [ "$r1" -eq 65 ] && [ "$r2" -eq 65 ] || fail "$cmd bad plan: exits $r1 and $r2, want 65"
    sed "s|^$TMP/bad.json:|-:|" "$TMP/e1" | cmp -s - "$TMP/e2" || fail "$cmd: stdin report differs: $(cat "$TMP/e2")"
    grep -q '^-:2:10: name: ' "$TMP/e2" || fail "$cmd: no '-:2:10: name:' line: $(cat "$TMP/e2")"
done

# ---- a directory or a missing file is missing input (66), for every reader -------
for cmd in plan simulate validate; do
    expect 66 "$TMP: Is a directory" $cmd "$TMP"
    expect 66 "$TMP/none.json: No such file or directory" $cmd "$TMP/none.json"
done
expect 66 "" estimate "$TMP/deals.csv" --plan "$TMP/none.json"
grep -qx "$TMP/none.json: No such file or directory" "$TMP/err" || fail "estimate --plan: missing plan not reported"

[ "$fails" -eq 0 ] && echo "options.sh: all passed"
exit $((fails > 0))
