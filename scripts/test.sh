#!/usr/bin/env bash
# Runs the whole test suite against a real, throwaway PostgreSQL server.
#
#   scripts/test.sh                 install what is missing, build, test
#   scripts/test.sh --filter Migr   extra arguments go to `swift test`
#
# The server gets a folder of its own under /tmp, a Unix socket there and a TCP
# port on 127.0.0.1 (for the password tests); it is stopped and removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

claims_ensure_swift
claims_ensure_packages
BINDIR="$(claims_server_bindir)"

WORK="$(mktemp -d /tmp/claims-test.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$WORK/data" "$WORK/run"
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
    chown postgres:postgres "$WORK/data" "$WORK/run"
    AS_OWNER=(runuser -u postgres --)
    DB_USER=postgres
else
    AS_OWNER=()
    DB_USER="$(id -un)"
fi

cleanup() {
    "${AS_OWNER[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000)))"

claims_log "Starting a throwaway PostgreSQL ($("$BINDIR/postgres" --version)) in $WORK, port $PORT"
"${AS_OWNER[@]}" "$BINDIR/initdb" -D "$WORK/data" -U "$DB_USER" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
"${AS_OWNER[@]}" "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/run/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$WORK/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$WORK/run/server.log" >&2; exit 1; }

# The tests make a database of their own per suite on this server.
export CLAIMS_TEST_DATABASE="host=$WORK/run port=$PORT user=$DB_USER dbname=postgres"
export CLAIMS_TEST_TCP_HOST=127.0.0.1
export CLAIMS_TEST_TCP_PORT="$PORT"
# The local-database tests make their own CLAIMS_HOME folders here.
export CLAIMS_TEST_SCRATCH="$WORK"
unset DATABASE_URL PGHOST PGPORT PGDATABASE PGSERVICE PGUSER PGPASSWORD CLAIMS_HOME

claims_log "Building and running the tests"
swift build --build-tests
swift test --skip-build "$@"
