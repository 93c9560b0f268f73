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

# Style first: it takes seconds, and a failure names the file and line (.swift-format holds
# the rules; `swift format -i -r -p Sources Tests Package.swift` fixes most of them).
claims_log "Checking the code's format (swift format lint)"
swift format lint --strict -r -p Sources Tests Package.swift

# The sentence model (all-MiniLM-L6-v2, about 90 MB) for the encoder's tests, fetched once
# into a cache folder and reused. If it cannot be fetched, those tests fail and say how.
SENTENCE_MODEL_CACHE="${CLAIMS_TEST_SENTENCE_MODEL:-${XDG_CACHE_HOME:-$HOME/.cache}/claims/sentence-model}"
if bash scripts/fetch-sentence-model.sh "$SENTENCE_MODEL_CACHE"; then
    export CLAIMS_SENTENCE_MODEL="$SENTENCE_MODEL_CACHE"
else
    claims_log "warning: the sentence model could not be fetched; the tests that need it will fail (scripts/fetch-sentence-model.sh DIR fetches it)"
    unset CLAIMS_SENTENCE_MODEL
fi

claims_start_throwaway_cluster

# Each test makes a database of its own on this server, most of them copies of a template
# the test process migrates once, and drops it when it ends (TestSupport/TestDatabase.swift).
# The suite's pinned figures and golden outputs are the n-gram model's; the tests of the
# fine-tuned encoder (EncoderScorerBinaryTests) choose it themselves.
export CLAIMS_SCORER="${CLAIMS_SCORER:-ngram}"
export CLAIMS_TEST_DATABASE="$CLAIMS_PG_CONNINFO dbname=postgres"
export CLAIMS_TEST_TCP_HOST=127.0.0.1
export CLAIMS_TEST_TCP_PORT="$CLAIMS_PG_PORT"
# The local-database tests make their own CLAIMS_HOME folders here.
export CLAIMS_TEST_SCRATCH="$CLAIMS_PG_WORK"
unset DATABASE_URL PGHOST PGPORT PGDATABASE PGSERVICE PGUSER PGPASSWORD CLAIMS_HOME CLAIMS_MODEL

claims_log "Building and running the tests"
build_start=$SECONDS
swift build --build-tests
build_seconds=$((SECONDS - build_start))
test_start=$SECONDS
status=0
swift test --skip-build "$@" || status=$?
claims_log "Build ${build_seconds} s, tests $((SECONDS - test_start)) s"
exit "$status"
