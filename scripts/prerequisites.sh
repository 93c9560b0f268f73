# Sourced by the other scripts: installs what ClaimTracker needs on Debian when it is missing.
#   PostgreSQL server and contrib (the local database and the tests), libpq-dev and
#   pkg-config (to build against libpq), libxml2-dev (HTML articles). Swift comes from /opt/swift.
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
    claims_server_bindir >/dev/null 2>&1 || missing+=(postgresql)
    dpkg -s postgresql-contrib >/dev/null 2>&1 || missing+=(postgresql-contrib)
    command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
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
