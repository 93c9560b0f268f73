#!/usr/bin/env bash
# ClaimTracker in one command on a fresh Debian machine: installs what is missing,
# builds `claims`, starts a local database of its own, adds claims from example
# articles, lists what is pending and shows one claim with its history.
#
# The demo uses its own CLAIMS_HOME (default /tmp/claims-demo-$UID), so it never
# touches your real local database. Safe to run again: claims already tracked are
# recognised and their new appearances recorded.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

claims_ensure_swift
claims_ensure_packages

claims_log "Building claims (release)"
swift build -c release --product claims 2>&1 | grep -E 'error|warning: unre|Compiling|Build' | tail -3 || true
BIN_DIR="$(swift build -c release --show-bin-path)"
claims() { "$BIN_DIR/claims" "$@"; }

export CLAIMS_HOME="${CLAIMS_HOME:-${TMPDIR:-/tmp}/claims-demo-$(id -u)}"
export CLAIMS_REVIEWER="${CLAIMS_REVIEWER:-demo-desk}"
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE

claims_log "Starting the local database in $CLAIMS_HOME"
claims db start

claims_log "Adding claims from the example articles"
claims add "The U.S. and Russia agreed to extend New START through Feb. 4, 2026." \
    --source-url https://example.com/world/new-start-extended --source-title "Arms treaty extended" \
    --speaker "State Department" --kind date
claims add "Unemployment fell to 3.4% in January, the lowest rate since 1969." \
    --source-url https://example.com/economy/jobs-report --source-title "Jobs report" \
    --speaker "Labor Department" --kind quantity
claims add "The city has cut its homicide rate in half since 2019." \
    --source-url https://example.com/local/mayor-debate --source-title "Mayoral debate" \
    --speaker "Mayor Ellen Park" --kind comparison
claims add "Unemployment fell to 3.4% in January, the lowest rate since 1969." \
    --source-url https://example.org/markets/stocks-rally --source-title "Stocks rally on jobs data"

claims_log "Pending claims"
claims list --status pending

claims_log "One claim in full"
claims show "$(claims list --status pending --format csv --sort created --limit 1 | sed -n 2p | cut -d, -f1)"

claims_log "Done. The database keeps running; stop it with: CLAIMS_HOME=$CLAIMS_HOME $BIN_DIR/claims db stop"
