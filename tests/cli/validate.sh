#!/usr/bin/env bash
# salesplan example / validate: exit codes and the FILE:LINE:COL: PATH: message
# format. Usage: validate.sh <salesplan binary> <tests/data dir>
set -u
bin=$1
data=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# the built-in example is a valid plan, through a pipe and from a file
"$bin" example | "$bin" validate - 2>"$tmp/err" || fail "example | validate - exited $?"
grep -q '^-: valid plan$' "$tmp/err" || fail "no 'valid plan' line: $(cat "$tmp/err")"
"$bin" example -o "$tmp/ex.json" || fail "example -o exited $?"
"$bin" validate "$tmp/ex.json" 2>/dev/null || fail "validate of the saved example exited $?"

# every invalid fixture: exit 65 and its expected problem first, message included
n=0
for f in "$data"/plans/invalid/*.json; do
    read -r path lc status msg <"${f%.json}.expect"
    "$bin" validate "$f" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 65 ] || fail "$f: exit $rc, want 65"
    first=$(head -n 1 "$tmp/err")
    if [ "$path" = "-" ]; then want="$f:$lc: $msg"; else want="$f:$lc: $path: $msg"; fi
    [ "$first" = "$want" ] || fail "$f: got '$first', want '$want'"
    "$bin" validate --quiet "$f" 2>"$tmp/err"
    [ $? -eq 65 ] && [ ! -s "$tmp/err" ] || fail "$f: --quiet printed or wrong status"
    n=$((n + 1))
done
[ "$n" -ge 90 ] || fail "only $n invalid fixtures found under $data/plans/invalid"

# the same problem through standard input is reported as '-'
f="$data/plans/invalid/revenue_zero.json"
"$bin" validate - <"$f" 2>"$tmp/err"
[ $? -eq 65 ] || fail "stdin: want 65"
grep -q '^-:9:25: target.revenue: ' "$tmp/err" || fail "stdin: $(cat "$tmp/err")"

# a file with several problems lists them all, one per line
printf '{"salesplan": 2, "name": "", "period": {"start": "2026-01-05", "days": 0}}\n' >"$tmp/many.json"
"$bin" validate "$tmp/many.json" 2>"$tmp/err"
[ $? -eq 65 ] || fail "many: want 65"
lines=$(grep -c "^$tmp/many.json:1:[0-9]*: " "$tmp/err")
[ "$lines" -ge 4 ] || fail "many: only $lines problems listed: $(cat "$tmp/err")"

# missing input: 66
"$bin" validate "$tmp/does-not-exist.json" 2>/dev/null
rc=$?
[ "$rc" -eq 66 ] || fail "missing file: exit $rc, want 66"

# valid fixtures: 0
for f in "$data"/plans/valid/*.json; do
    "$bin" validate "$f" 2>/dev/null || fail "$f: exit $?, want 0"
done

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "validate.sh: all checks passed ($n invalid fixtures)"
