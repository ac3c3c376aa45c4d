#!/usr/bin/env bash
# Regression suite of the PostgreSQL extension (bindings/postgresql, docs/postgresql.md)
# against a throwaway server; registered as the ctest `postgresql_extension`.
#
#   scripts/pg_test.sh BUILD_DIR [SALESPLAN_CLI]
#
# 1. The extension is installed with `cmake --install BUILD_DIR --component
#    postgresql` under DESTDIR=<tmp>/root: nothing is written to the system's
#    PostgreSQL directories. That private tree gets copies of initdb, postgres
#    and pg_ctl in <tmp>/root/usr/lib/postgresql/15/bin and symbolic links to
#    everything else of the system installation: PostgreSQL finds its share and
#    lib directories relative to its own executable, so this server loads the
#    extension from the tree and the system's stays untouched.
# 2. initdb in <tmp>/data as an unprivileged user (the current one; when run as
#    root, `nobody`), trust authentication for that local socket only,
#    listen_addresses = '' (no TCP), the socket in <tmp>.
# 3. pg_regress (sql/*.sql against expected/*.out in bindings/postgresql);
#    the SQL reads the CLI's output through psql backticks
#    ($SALESPLAN_CLI, $SALESPLAN_DATA, $SALESPLAN_TMP) to compare jsonb = jsonb.
#    Then figures: memory over many calls, and salesplan_estimate_agg against
#    the CLI on the shared export x8 and 1,000,000 generated rows (timed).
# 4. The server is stopped and <tmp> removed whatever happens (trap).
# Exit 0 passed, 1 failed, 77 skipped (no PostgreSQL 15 server binaries).
set -euo pipefail

BUILD=$(cd "${1:?usage: pg_test.sh BUILD_DIR [SALESPLAN_CLI]}" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLI=${2:-$BUILD/cli/salesplan}
PG_CONFIG=${PG_CONFIG:-pg_config}
PGBIN=$("$PG_CONFIG" --bindir)
PGLIB=$("$PG_CONFIG" --pkglibdir)
PGSHARE=$("$PG_CONFIG" --sharedir)
REGRESS=$(dirname "$(dirname "$("$PG_CONFIG" --pgxs)")")/test/regress/pg_regress
for f in "$PGBIN/initdb" "$PGBIN/postgres" "$PGBIN/pg_ctl" "$PGBIN/psql" "$REGRESS"; do
    if [ ! -x "$f" ]; then
        echo "pg_test: $f missing (postgresql-15, postgresql-server-dev-15): skipped" >&2
        exit 77
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/salesplan-pg.XXXXXX")
RUNAS=()
if [ "$(id -u)" -eq 0 ]; then
    RUNAS=(runuser -u nobody --) # initdb and postgres refuse to run as root
    # Some containers have a plain root-owned file as /dev/null, which the
    # unprivileged server cannot write (initdb fails). Then initdb and the
    # server run in a private mount namespace with a real null device bound
    # on /dev/null; the system's /dev is not touched.
    if [ ! -c /dev/null ]; then
        mknod -m 666 "$TMP/null" c 1 3
        RUNAS=(unshare -m --propagation private sh -c
               'mount --bind "$0" /dev/null && exec runuser -u nobody -- "$@"' "$TMP/null")
    fi
fi
cleanup() {
    local rc=$?
    # SALESPLAN_PG_RESULTS=DIR keeps the suite's actual outputs (to review
    # them, or to make new expected files after a deliberate change).
    if [ -n "${SALESPLAN_PG_RESULTS:-}" ] && [ -d "$TMP/out/results" ]; then
        mkdir -p "$SALESPLAN_PG_RESULTS" && cp "$TMP/out/results/"*.out "$SALESPLAN_PG_RESULTS/"
    fi
    if [ -f "$TMP/data/postmaster.pid" ]; then
        "${RUNAS[@]}" "$TMP/root$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop \
            >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
    exit $rc
}
trap cleanup EXIT INT TERM

# 1. The private installation tree.
DESTDIR="$TMP/root" cmake --install "$BUILD" --component postgresql >/dev/null
mkdir -p "$TMP/root$PGBIN" "$TMP/root$PGLIB" "$TMP/root$PGSHARE/extension"
for exe in initdb postgres pg_ctl; do cp "$PGBIN/$exe" "$TMP/root$PGBIN/"; done
link_all() { # link_all SRC DST: link every entry of SRC not already in DST
    local e
    for e in "$1"/*; do
        [ -e "$2/$(basename "$e")" ] || ln -s "$e" "$2/$(basename "$e")"
    done
}
link_all "$PGBIN" "$TMP/root$PGBIN"
link_all "$PGLIB" "$TMP/root$PGLIB"
link_all "$PGSHARE" "$TMP/root$PGSHARE"
link_all "$PGSHARE/extension" "$TMP/root$PGSHARE/extension"
chmod -R a+rX "$TMP"

# 2. The server.
mkdir "$TMP/data" "$TMP/out"
chmod 700 "$TMP/data"
if [ ${#RUNAS[@]} -gt 0 ]; then chown nobody "$TMP/data" "$TMP"; fi
PORT=$((20000 + $$ % 20000))
"${RUNAS[@]}" "$TMP/root$PGBIN/initdb" -D "$TMP/data" -U salesplan --auth=trust \
    --no-sync -E UTF8 --locale=C >"$TMP/initdb.log" 2>&1 \
    || { cat "$TMP/initdb.log" >&2; exit 1; }
cat >>"$TMP/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$TMP'
port = $PORT
fsync = off
max_parallel_workers_per_gather = 2
CONF
"${RUNAS[@]}" "$TMP/root$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w start >/dev/null \
    || { cat "$TMP/server.log" >&2; exit 1; }
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$TMP" -p "$PORT" -U salesplan)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE salesplan_regress"

# 3. The regression suite. The SQL files read these through psql backticks.
export SALESPLAN_CLI=$CLI SALESPLAN_DATA=$ROOT/tests/data SALESPLAN_TMP=$TMP/out
chmod 777 "$TMP/out"
TESTS="salesplan errors odoo estimate memory" # salesplan first: it creates the extension
set +e
# shellcheck disable=SC2086
"$REGRESS" --use-existing --host="$TMP" --port="$PORT" --user=salesplan \
    --dbname=salesplan_regress --bindir="$PGBIN" \
    --inputdir="$ROOT/bindings/postgresql" --outputdir="$TMP/out" $TESTS
rc=$?
set -e
if [ $rc -ne 0 ]; then
    cat "$TMP/out/regression.diffs" >&2 || true
    tail -n 50 "$TMP/server.log" >&2
    exit 1
fi

# Figures for the log: the backend's memory over 20,000 salesplan_plan calls.
"${PSQL[@]}" -d salesplan_regress -At -f "$ROOT/bindings/postgresql/memory_figures.sql"

# salesplan_estimate_agg against the CLI on large inputs, serial and parallel
# (estimate_figures.sql): the shared CRM export x8 when it is here
# (shared/data next to the checkout, then $SALESPLAN_SHARED_DATA, as the
# tests look for it) and SALESPLAN_PG_ROWS generated rows (default 1,000,000;
# 0 skips them).
SHARED=
for dir in "$ROOT/../shared/data" "${SALESPLAN_SHARED_DATA:-}"; do
    f="$dir/crm-sales-opportunities/sales_pipeline.csv"
    if [ -n "$dir" ] && [ -r "$f" ]; then
        SHARED=$f
        break
    fi
done
"${PSQL[@]}" -d salesplan_regress -At -v shared="$SHARED" -v rows="${SALESPLAN_PG_ROWS:-1000000}" \
    -f "$ROOT/bindings/postgresql/estimate_figures.sql" | tee "$TMP/estimate_figures.log"
if grep -q MISMATCH "$TMP/estimate_figures.log"; then
    echo "pg_test: salesplan_estimate_agg differs from the CLI" >&2
    exit 1
fi
echo "pg_test: all PostgreSQL tests passed"
