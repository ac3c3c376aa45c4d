#!/usr/bin/env bash
# Compare the dynamic symbols defined by the shared library with the committed list.
# Usage: exports.sh LIBRARY EXPECTED_LIST   (set UPDATE=1 to rewrite the list)
set -euo pipefail
lib=$1
expected=$2
actual=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDRBW]$/ {print $3}' | sed 's/@.*//' | sort -u)
if [ "${UPDATE:-0}" = 1 ]; then
  printf '%s\n' "$actual" >"$expected"
  echo "updated $expected"
  exit 0
fi
bad=$(printf '%s\n' "$actual" | grep -v -E '^(salesplan_|SALESPLAN_[0-9]+$)' || true)
if [ -n "$bad" ]; then
  echo "symbols outside the salesplan_ prefix are exported:"; echo "$bad"; exit 1
fi
if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
  echo "exported symbols differ from $expected (a removal breaks the ABI; an addition must be listed)"
  exit 1
fi
# The symbol version node (cmake/salesplan.map) is named after the SOVERSION of
# the soname: libsalesplan.so.2 exports its functions as name@@SALESPLAN_2.
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
nodes=$(nm -D "$lib" | awk '$2 == "A" {print $3}' | sort -u)
if [ "$nodes" != "SALESPLAN_${soname##*.so.}" ]; then
  echo "version node(s) '$nodes' do not match the soname $soname (want SALESPLAN_${soname##*.so.})"
  exit 1
fi
echo "exports: $(printf '%s\n' "$actual" | wc -l) symbols, as listed"
