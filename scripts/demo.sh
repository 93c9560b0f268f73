#!/usr/bin/env bash
# ClaimTracker in one command on a fresh Debian machine: installs what is missing,
# builds `claims`, starts a local database of its own, extracts and ingests the
# claims of the example articles, adds one by hand, lists what is pending, shows
# one claim, reviews one (evidence and a verdict), and writes a report.
#
# The demo uses its own CLAIMS_HOME (default /tmp/claims-demo-$UID), so it never
# touches your real local database; its build log and report are kept there too. Safe to run again: articles already ingested
# are skipped and claims already tracked are recognised.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh

claims_ensure_swift
claims_ensure_packages

# The demo's own folder: its database, the build log and the report.
export CLAIMS_HOME="${CLAIMS_HOME:-${TMPDIR:-/tmp}/claims-demo-$(id -u)}"
export CLAIMS_REVIEWER="${CLAIMS_REVIEWER:-demo-desk}"
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
if [ ! -d "$CLAIMS_HOME" ]; then
    mkdir -p "$CLAIMS_HOME"
    # As root the database belongs to the postgres user, who must be able to enter the folder.
    if [ "$(id -u)" -eq 0 ]; then chmod 755 "$CLAIMS_HOME"; fi
fi
BUILD_LOG="$CLAIMS_HOME/build.log"

# swift build's lines, one per module (the first build takes a few minutes on two cores);
# the whole output, warnings included, goes to the log.
claims_build_steps() {
    awk '
        /^\[[0-9]+\/[0-9]+\] (Compiling|Emitting module|Linking) / {
            if ($2 == "Emitting") step = "Compiling " $4
            else if ($3 == "plugin") step = $2 " plugin " $4
            else step = $2 " " $3
            if (step != last) { printf "    %s %s\n", $1, step; fflush(); last = step }
            next
        }
        /^(Fetching|Fetched|Computing version|Creating working copy|Building for|Build complete|Build of product)/ { printf "    %s\n", $0; fflush() }
    ' >&2
}

claims_log "Building claims (release; the full log is $BUILD_LOG)"
if ! swift build -c release --product claims 2>&1 | tee "$BUILD_LOG" | claims_build_steps; then
    tail -30 "$BUILD_LOG" >&2
    echo "error: the build failed; the lines above (and $BUILD_LOG) say why." >&2
    exit 1
fi
BIN_DIR="$(swift build -c release --show-bin-path)"
claims() { "$BIN_DIR/claims" "$@"; }

claims_log "Starting the local database in $CLAIMS_HOME"
claims db start

claims_log "Extracting claims from one example article (no database needed)"
claims extract examples/articles/transit-budget.txt

claims_log "Ingesting the example articles (examples/articles)"
claims ingest examples/articles

claims_log "Adding a claim by hand"
claims add "Unemployment fell to 3.4% in January, the lowest rate since 1969." \
    --source-url https://example.com/economy/jobs-report --source-title "Jobs report" \
    --speaker "Labor Department" --kind quantity

claims_log "The ten most check-worthy pending claims"
claims list --status pending --limit 10

claims_log "One claim in full"
claims show "$(claims list --status pending --format csv --limit 1 | sed -n 2p | cut -d, -f1)"

claims_log "Reviewing: take the next claim, attach evidence, record a verdict"
ID="$(claims next --format json | sed -n 's/^  "id" : \([0-9]*\),$/\1/p')"
if [ -n "$ID" ]; then
    claims evidence add "$ID" https://example.org/records/primary-source --stance refutes \
        --note "The primary record gives a different figure."
    claims verify "$ID" --verdict mostly-false --note "The figure is close but the comparison misleads."
    claims history "$ID"

    claims_log "The same claim, reworded by another outlet: it was checked before"
    TEXT="$(claims show "$ID" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["claim"]["text"])')"
    claims add "${TEXT%.}, a second outlet reported." --source-url https://example.org/second-outlet/story
    claims similar "$ID"
fi

claims_log "A report of what was verified, and the desk's numbers"
claims report --status verified --format markdown
claims report --format html --output "$CLAIMS_HOME/report.html"
claims stats

claims_log "Done. The HTML report is $CLAIMS_HOME/report.html. The database keeps running; stop it with: CLAIMS_HOME=$CLAIMS_HOME $BIN_DIR/claims db stop"
