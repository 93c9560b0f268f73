# Sourced by the other scripts: installs what ClaimTracker needs on Debian when it is missing.
#   PostgreSQL server and contrib (the local database and the tests), libpq-dev and
#   pkg-config (to build against libpq), libxml2-dev (HTML articles), libopenblas-dev (the
#   sentence encoder's matrix products). Swift comes from /opt/swift.
# Safe to run any number of times: apt-get runs only when something is missing.

claims_log() { printf '==> %s\n' "$*" >&2; }

claims_ensure_swift() {
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: Swift was not found; install Swift 6 (https://www.swift.org/install) and put it on PATH." >&2
        exit 1
    fi
}

claims_server_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

claims_ensure_packages() {
    local missing=()
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
    dpkg -s libxml2-dev >/dev/null 2>&1 || missing+=(libxml2-dev)
    dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
    # python3 and pip fetch the sentence model (scripts/fetch-sentence-model.sh) and run the
    # benchmark and reference scripts.
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
    claims_server_bindir >/dev/null 2>&1 || missing+=(postgresql)
    dpkg -s postgresql-contrib >/dev/null 2>&1 || missing+=(postgresql-contrib)
    command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
    # bench.sh reads peak memory from GNU time.
    [ -x /usr/bin/time ] || missing+=(time)
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi

    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: missing Debian packages (${missing[*]}); install them as root: apt-get install ${missing[*]}" >&2
            exit 1
        fi
    fi
    claims_log "Installing ${missing[*]} (apt-get)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Starts a throwaway PostgreSQL in a new folder under /tmp: a Unix socket there and a TCP
# port on 127.0.0.1. Sets CLAIMS_PG_WORK, CLAIMS_PG_PORT, CLAIMS_PG_USER, CLAIMS_PG_CONNINFO
# and CLAIMS_PG_BINDIR; stops and removes it on exit. Tuned for speed, not durability.
claims_start_throwaway_cluster() {
    CLAIMS_PG_BINDIR="$(claims_server_bindir)"
    CLAIMS_PG_WORK="$(mktemp -d /tmp/claims-pg.XXXXXX)"
    chmod 755 "$CLAIMS_PG_WORK"
    mkdir -p "$CLAIMS_PG_WORK/data" "$CLAIMS_PG_WORK/run"
    if [ "$(id -u)" -eq 0 ]; then
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        chown postgres:postgres "$CLAIMS_PG_WORK/data" "$CLAIMS_PG_WORK/run"
        CLAIMS_PG_AS_OWNER=(runuser -u postgres --)
        CLAIMS_PG_USER=postgres
    else
        CLAIMS_PG_AS_OWNER=()
        CLAIMS_PG_USER="$(id -un)"
    fi
    trap claims_stop_throwaway_cluster EXIT
    CLAIMS_PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000)))"
    claims_log "Starting a throwaway PostgreSQL ($("$CLAIMS_PG_BINDIR/postgres" --version)) in $CLAIMS_PG_WORK, port $CLAIMS_PG_PORT"
    "${CLAIMS_PG_AS_OWNER[@]}" "$CLAIMS_PG_BINDIR/initdb" -D "$CLAIMS_PG_WORK/data" -U "$CLAIMS_PG_USER" --encoding=UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >"$CLAIMS_PG_WORK/initdb.log" 2>&1 \
        || { cat "$CLAIMS_PG_WORK/initdb.log" >&2; exit 1; }
    "${CLAIMS_PG_AS_OWNER[@]}" "$CLAIMS_PG_BINDIR/pg_ctl" -D "$CLAIMS_PG_WORK/data" -l "$CLAIMS_PG_WORK/run/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$CLAIMS_PG_PORT -c unix_socket_directories=$CLAIMS_PG_WORK/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null || { cat "$CLAIMS_PG_WORK/run/server.log" >&2; exit 1; }
    CLAIMS_PG_CONNINFO="host=$CLAIMS_PG_WORK/run port=$CLAIMS_PG_PORT user=$CLAIMS_PG_USER"
}

claims_stop_throwaway_cluster() {
    if [ -n "${CLAIMS_PG_WORK:-}" ] && [ -d "$CLAIMS_PG_WORK" ]; then
        "${CLAIMS_PG_AS_OWNER[@]}" "$CLAIMS_PG_BINDIR/pg_ctl" -D "$CLAIMS_PG_WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$CLAIMS_PG_WORK"
    fi
}
