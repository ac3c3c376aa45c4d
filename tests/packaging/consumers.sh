#!/usr/bin/env bash
# Install the project into a scratch prefix, move the installed tree, then
# build and run a consumer program from the moved tree twice: with pkg-config
# and with find_package(salesplan CONFIG).
# Usage: consumers.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=$1
work=$2
prefix=$work/prefix
rm -rf "$work"
mkdir -p "$work"
cmake -S "$src" -B "$work/build" -DCMAKE_INSTALL_PREFIX="$prefix" -DSALESPLAN_BUILD_TESTS=OFF \
      -DSALESPLAN_BUILD_BENCH=OFF -DSALESPLAN_BUILD_PYTHON=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j 2 >/dev/null
cmake --install "$work/build" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libsalesplan.so' | head -n 1)")
test -f "$prefix/include/salesplan.h"
test -x "$prefix/bin/salesplan"
test -f "$libdir/pkgconfig/salesplan.pc"
test -f "$libdir/cmake/salesplan/salesplanConfig.cmake"
test -f "$libdir/cmake/salesplan/salesplanConfigVersion.cmake"
# Internal headers must not be installed.
if find "$prefix/include" -name '*.h' | grep -v -E '/salesplan.h$|/salesplan/[a-z_]+\.h$' | grep -q .; then
  echo "unexpected installed headers"; exit 1
fi

# The installed tree is relocatable: move it and build every consumer from the
# new place (salesplan.pc finds its prefix from ${pcfiledir}).
moved=$work/moved
mv "$prefix" "$moved"
libdir=$moved${libdir#"$prefix"}
prefix=$moved
if grep -n "$work/prefix" "$libdir/pkgconfig/salesplan.pc"; then
  echo "salesplan.pc names the install prefix"; exit 1
fi

# 1. pkg-config
export PKG_CONFIG_PATH=$libdir/pkgconfig
test "$(cd "$(pkg-config --variable=prefix salesplan)" && pwd -P)" = "$(cd "$moved" && pwd -P)"
test "$(cd "$(pkg-config --variable=includedir salesplan)" && pwd -P)" = "$(cd "$moved/include" && pwd -P)"
cc -std=c99 -Wall -Werror -o "$work/consumer_pc" "$src/tests/consumer/consumer.c" \
   $(pkg-config --cflags --libs salesplan)
LD_LIBRARY_PATH=$libdir "$work/consumer_pc"
# static link: the archive needs nothing but libm and the thread library
cc -std=c99 -Wall -Werror -o "$work/consumer_pc_static" "$src/tests/consumer/consumer.c" \
   $(pkg-config --cflags salesplan) "$libdir/libsalesplan.a" -lm -pthread
"$work/consumer_pc_static"

# 2. CMake package
cmake -S "$src/tests/consumer" -B "$work/consumer_build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer_build" >/dev/null
LD_LIBRARY_PATH=$libdir "$work/consumer_build/consumer"
"$work/consumer_build/consumer_static"
# The installed CLI runs.
LD_LIBRARY_PATH=$libdir "$prefix/bin/salesplan" --version
echo "packaging: both consumer builds passed from the moved tree"
