#!/usr/bin/env bash
# Header hygiene: every public header compiles on its own as strict C99 and as C++.
# Usage: headers.sh SRC_INCLUDE BUILD_INCLUDE HEADER...
set -euo pipefail
inc=$1; binc=$2; shift 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for h in "$@"; do
  printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$h" "$h" >"$tmp/t.c"
  cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$binc" -c "$tmp/t.c" -o "$tmp/t.o"
  cp "$tmp/t.c" "$tmp/t.cpp"
  c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$inc" -I"$binc" -c "$tmp/t.cpp" -o "$tmp/t.o"
  echo "ok: $h"
done
