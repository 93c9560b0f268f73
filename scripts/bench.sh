#!/usr/bin/env bash
# Benchmarks, measured on this machine (never in tests: shared machines are noisy).
#
#   scripts/bench.sh [ARTICLES]     default 5000
#
# 1. Extraction: MB/s of article text through the extraction library (read,
#    split, score, pull out facts) on one core: claims-bench makes 9 passes over
#    the corpus and prints the best and the median (the machines are shared, and
#    a neighbour slows some passes); and the same corpus through
#    `claims extract --format json`, JSON included, best of 3.
# 2. Ingest: articles per second for `claims ingest` of ARTICLES generated
#    articles into a fresh database, beside the time `psql \copy` takes to load
#    the same rows (sources, claims, appearances, events, one transaction) into
#    another with the same triggers, and their ratio. Part ingest-encoder: the same
#    ingest storing sentence embeddings, and with the fine-tuned encoder deciding.
# 3. Reports: time and peak memory of `claims report` in each format over 20,000 and
#    200,000 claims, each beside its psql reference, as a ratio.
# 5. Encoder: sentences/s of the sentence encoder (all-MiniLM-L6-v2) on 1 and 2
#    cores, beside a numpy forward pass of the same weights on the same token ids.
# 6. Stats: `claims stats` over 1,000,000 claims, whole command, beside psql
#    counting the same figures over every claim.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
ARTICLES="${1:-5000}"
# BENCH_PARTS="extract ingest ingest-encoder report search encoder stats" picks parts; all by
# default.
BENCH_PARTS="${BENCH_PARTS:-extract ingest ingest-encoder report search encoder stats}"
part() { case " $BENCH_PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

claims_ensure_swift
claims_ensure_packages
claims_log "Building claims (release)"
swift build -c release --product claims >/dev/null
swift build -c release --product claims-bench >/dev/null
CLAIMS="$(swift build -c release --show-bin-path)/claims"
BENCH="$(swift build -c release --show-bin-path)/claims-bench"
claims_start_throwaway_cluster
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

now() { date +%s.%N; }
# Figures are the n-gram model's unless a part says otherwise (ingest also runs with the
# fine-tuned encoder, beside it).
export CLAIMS_SCORER="${CLAIMS_SCORER:-ngram}"
CORPUS="$CLAIMS_PG_WORK/corpus"
if part extract || part ingest || part ingest-encoder; then
BYTES="$(python3 scripts/bench_corpus.py --articles "$ARTICLES" --out "$CORPUS")"
claims_log "Corpus: $ARTICLES articles, $BYTES bytes"
fi

if part extract; then
taskset -c 0 "$BENCH" --runs 9 "$CORPUS"
# Real prose beside the generated corpus: the CT24 debate sentences (train, dev,
# dev-test), 40 to an article in paragraphs of four, when the shared data is here.
CT24_DIR="${CT24_DIR:-../shared/data/checkworthiness}"
if [ -r "$CT24_DIR/CT24_checkworthy_english_train.tsv" ]; then
    python3 - "$CT24_DIR" "$CLAIMS_PG_WORK/ct24-articles" <<'PY'
import csv, os, sys
rows = []
for part in ["train", "dev", "dev-test"]:
    with open(f"{sys.argv[1]}/CT24_checkworthy_english_{part}.tsv", encoding="utf-8") as f:
        rows += [r[1] for r in csv.reader(f, delimiter="\t")][1:]
os.makedirs(sys.argv[2], exist_ok=True)
for k in range(0, len(rows), 40):
    chunk = rows[k:k + 40]
    paragraphs = [" ".join(chunk[j:j + 4]) for j in range(0, len(chunk), 4)]
    with open(f"{sys.argv[2]}/debate-{k // 40:05d}.txt", "w", encoding="utf-8") as out:
        out.write("---\npublished: 2024-06-27\n---\n" + "\n\n".join(paragraphs) + "\n")
PY
    echo "CT24 debate sentences as articles:"
    taskset -c 0 "$BENCH" --runs 9 "$CLAIMS_PG_WORK/ct24-articles"
    # One file of 20 MB of that prose (train sentences drawn at random, seed 1, five to a
    # paragraph; #16: a single 20 MB file peaks under 64 MiB): peak resident memory of
    # `extract --format json`, best of 3, beside one of the articles above (the binary's floor).
    one="$CLAIMS_PG_WORK/ct24-one-file.txt"
    python3 - "$CT24_DIR/CT24_checkworthy_english_train.tsv" "$one" <<'PY'
import csv, random, sys
with open(sys.argv[1], encoding="utf-8") as f:
    rows = [r[1] for r in csv.reader(f, delimiter="\t")][1:]
rng = random.Random(1)
size = 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("---\npublished: 2024-06-27\n---\n")
    while size < 20_000_000:
        paragraph = " ".join(rng.choice(rows) for _ in range(5)) + "\n\n"
        size += len(paragraph.encode())
        out.write(paragraph)
PY
    small="$(ls "$CLAIMS_PG_WORK"/ct24-articles/*.txt | head -1)"
    for file in "$one" "$small"; do
        peak=""
        for run in 1 2 3; do
            /usr/bin/time -f "%M" -o "$CLAIMS_PG_WORK/peak.out" "$CLAIMS" extract --format json "$file" >/dev/null 2>&1
            kb="$(tail -1 "$CLAIMS_PG_WORK/peak.out")"
            if [ -z "$peak" ] || [ "$kb" -lt "$peak" ]; then peak="$kb"; fi
        done
        python3 -c "import os; print(f'claims extract --format json, one file of {os.path.getsize(\"$file\")/1e6:.1f} MB: peak {$peak/1024:.1f} MiB')"
    done
else
    echo "bench: $CT24_DIR has no CT24 files; the real-prose extraction figure is left out." >&2
fi

# The whole command on one core and on all of them (#16: 1.8x on 2 cores), in turns, 5 rounds.
one_core=()
all_cores=()
for run in 1 2 3 4 5; do
    start="$(now)"
    taskset -c 0 "$CLAIMS" extract --format json "$CORPUS" >/dev/null
    end="$(now)"
    one_core+=("$(python3 -c "print($end - $start)")")
    start="$(now)"
    "$CLAIMS" extract --format json "$CORPUS" >/dev/null
    end="$(now)"
    all_cores+=("$(python3 -c "print($end - $start)")")
done
python3 - "$BYTES" "$(nproc)" "${one_core[*]}" "${all_cores[*]}" <<'PY'
import statistics, sys
mb, cores = int(sys.argv[1]) / 1e6, sys.argv[2]
one, every = [float(x) for x in sys.argv[3].split()], [float(x) for x in sys.argv[4].split()]
print(f"claims extract --format json: {mb:.1f} MB in {min(one):.2f} s on one core = {mb / min(one):.1f} MB/s (best of 5)")
print(f"the same on {cores} cores: median {statistics.median(every):.2f} s against {statistics.median(one):.2f} s on one "
      f"= {statistics.median(one) / statistics.median(every):.2f}x the speed")
PY
fi

if part ingest; then
"${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_ingest" -c "CREATE DATABASE bench_copy"
INGEST_DB="$CLAIMS_PG_CONNINFO dbname=bench_ingest"
COPY_DB="$CLAIMS_PG_CONNINFO dbname=bench_copy"
"$CLAIMS" db migrate --database "$INGEST_DB" >/dev/null
"$CLAIMS" db migrate --database "$COPY_DB" >/dev/null

# Without sentence embeddings, so the rows are the ones the \copy reference below loads.
start="$(now)"
"$CLAIMS" ingest --no-embeddings --database "$INGEST_DB" --reviewer bench "$CORPUS" >"$CLAIMS_PG_WORK/ingest.out"
end="$(now)"
cat "$CLAIMS_PG_WORK/ingest.out"
python3 -c "s=$end-$start; print(f'ingest: $ARTICLES articles in {s:.2f} s = {$ARTICLES/s:.0f} articles/s')"

# The same rows, loaded by psql's \copy into an empty schema.
TABLES="sources claims claim_appearances claim_events"
for t in $TABLES; do
    "${PSQL[@]}" "$INGEST_DB" -c "\\copy $t TO '$CLAIMS_PG_WORK/$t.copy'"
done
COPY_SCRIPT="$CLAIMS_PG_WORK/load.sql"
: >"$COPY_SCRIPT"
for t in $TABLES; do echo "\\copy $t FROM '$CLAIMS_PG_WORK/$t.copy'" >>"$COPY_SCRIPT"; done
# One transaction, as ingest's batches are: the audit trigger deferred to COMMIT then
# finds each claim's "created" event among the copied events, as it does for ingest.
copy_start="$(now)"
"${PSQL[@]}" -1 "$COPY_DB" -f "$COPY_SCRIPT"
copy_end="$(now)"
ROWS="$("${PSQL[@]}" -At "$COPY_DB" -c "SELECT (SELECT count(*) FROM sources) || ' sources, ' || (SELECT count(*) FROM claims) || ' claims, ' || (SELECT count(*) FROM claim_appearances) || ' appearances, ' || (SELECT count(*) FROM claim_events) || ' events'")"
python3 -c "s=$copy_end-$copy_start; print(f'psql \\\\copy of the same rows ($ROWS): {s:.2f} s = {$ARTICLES/s:.0f} articles/s')"
python3 -c "i, c = $end-$start, $copy_end-$copy_start; print(f'ingest against psql \\\\copy of its rows: {i / c:.2f}x (target 1.3x)')"
fi

# Ingest storing sentence embeddings, and with the fine-tuned encoder deciding (part
# ingest-encoder): the same articles, each into a fresh database.
if part ingest-encoder; then
# Storing each claim's sentence embedding (the default when the model is
# installed), then with the fine-tuned encoder deciding after the n-gram screen too.
ENCODER_MODEL="${CLAIMS_SENTENCE_MODEL:-${XDG_CACHE_HOME:-$HOME/.cache}/claims/sentence-model}"
if bash scripts/fetch-sentence-model.sh "$ENCODER_MODEL"; then
    "${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_ingest_embeddings"
    EMBEDDINGS_DB="$CLAIMS_PG_CONNINFO dbname=bench_ingest_embeddings"
    "$CLAIMS" db migrate --database "$EMBEDDINGS_DB" >/dev/null
    start="$(now)"
    CLAIMS_SENTENCE_MODEL="$ENCODER_MODEL" "$CLAIMS" ingest --database "$EMBEDDINGS_DB" --reviewer bench "$CORPUS" \
        >"$CLAIMS_PG_WORK/ingest-embeddings.out"
    end="$(now)"
    python3 -c "s=$end-$start; print(f'ingest storing sentence embeddings: $ARTICLES articles in {s:.2f} s = {$ARTICLES/s:.0f} articles/s')"

    "${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_ingest_encoder"
    ENCODER_DB="$CLAIMS_PG_CONNINFO dbname=bench_ingest_encoder"
    "$CLAIMS" db migrate --database "$ENCODER_DB" >/dev/null
    start="$(now)"
    CLAIMS_SENTENCE_MODEL="$ENCODER_MODEL" "$CLAIMS" ingest --scorer encoder --database "$ENCODER_DB" --reviewer bench "$CORPUS" \
        >"$CLAIMS_PG_WORK/ingest-encoder.out"
    end="$(now)"
    cat "$CLAIMS_PG_WORK/ingest-encoder.out"
    python3 -c "s=$end-$start; print(f'ingest with the fine-tuned encoder and embeddings: $ARTICLES articles in {s:.2f} s = {$ARTICLES/s:.0f} articles/s')"
else
    echo "bench: the sentence model could not be fetched; ingest with embeddings and the encoder is left out." >&2
fi

fi

# 3. Reports: `claims report` in each format over 20,000 and 200,000 verified claims
#    (streamed from the database): wall time and peak memory, beside a psql reference
#    that reads the same rows, in turns (report, reference, report, ...), medians of
#    REPORT_RUNS each, and their ratio. The references: markdown, `\copy` of the report's
#    own SELECT; html, `psql --html` of it; csv, `\copy (SELECT the CSV's columns) TO … CSV`;
#    json and claimreview, `\copy` of `row_to_json` over the report's SELECT. "template" is
#    the built-in Markdown template given as a desk's own (`--template`, the template
#    engine's path), against the markdown reference.
if part report; then
REPORT_SIZES="${REPORT_SIZES:-20000 200000}"
REPORT_RUNS="${REPORT_RUNS:-3}"
REPORT_FORMATS="${REPORT_FORMATS:-markdown html csv json claimreview template}"
"$CLAIMS" report --print-template markdown >"$CLAIMS_PG_WORK/desk.mustache"
# The SELECT `claims report` streams without filters (ClaimStore.streamReport), on one line
# for \copy: keep it in step with Sources/ClaimStore/ReportQueries.swift.
REPORT_SELECT="SELECT c.id, c.text, c.speaker, c.kind, c.score, c.status, c.verdict, v.label AS verdict_label, v.rating_value, v.best_rating, v.worst_rating, c.verdict_note, c.dismiss_reason, c.reviewed_at, c.created_at, r.reviewer, r.db_user AS reviewer_login, (SELECT array_agg(ARRAY[ev.url, ev.stance, ev.note, ev.added_by] ORDER BY ev.id) FROM evidence ev WHERE ev.claim_id = c.id) AS evidence, (SELECT array_agg(ARRAY[s.url, s.title, s.outlet, s.author, to_char(s.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.context] ORDER BY a.id) FROM claim_appearances a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = c.id) AS appearances FROM claims c LEFT JOIN verdicts v ON v.name = c.verdict LEFT JOIN LATERAL (SELECT e.reviewer, e.db_user FROM claim_events e WHERE e.claim_id = c.id AND e.action IN ('verified', 'dismissed') ORDER BY e.id DESC LIMIT 1) r ON true WHERE true"
BY_REVIEW="ORDER BY CASE c.status WHEN 'verified' THEN 0 WHEN 'in_review' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END, c.reviewed_at DESC NULLS LAST, c.id"
CSV_SELECT="SELECT c.id, c.status, c.verdict, v.label, v.rating_value, c.text, c.speaker, c.kind, c.score, (SELECT reviewer FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'verified' ORDER BY e.id DESC LIMIT 1), c.reviewed_at, c.verdict_note, c.dismiss_reason, (SELECT string_agg(url, ' ') FROM evidence ev WHERE ev.claim_id = c.id), (SELECT string_agg(s.url, ' ') FROM claim_appearances a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = c.id), c.created_at FROM claims c LEFT JOIN verdicts v ON v.name = c.verdict ORDER BY c.id"
# One timed run: "wall-seconds peak-KB" appended to $1, the command after it.
timed() {
    local into="$1"; shift
    /usr/bin/time -f "%e %M" -o "$CLAIMS_PG_WORK/time.out" "$@" >/dev/null 2>"$CLAIMS_PG_WORK/time.err" \
        || { cat "$CLAIMS_PG_WORK/time.err" >&2; exit 1; }
    tail -n 1 "$CLAIMS_PG_WORK/time.out" >>"$into"
}
for REPORT_CLAIMS in $REPORT_SIZES; do
REPORT_DB="$CLAIMS_PG_CONNINFO dbname=bench_report_$REPORT_CLAIMS"
"${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_report_$REPORT_CLAIMS"
"$CLAIMS" db migrate --database "$REPORT_DB" >/dev/null
# Loaded as an owner would restore a desk's data: verified claims written directly, with the
# triggers (workflow checks, audit, look-alikes, counts) off, and the counts rebuilt after.
"${PSQL[@]}" "$REPORT_DB" <<SQL
SET session_replication_role = replica;
INSERT INTO sources (url, title, body, content_hash)
SELECT 'https://news.example/' || g, 'Story ' || g, 'Body ' || g, encode(sha256(('Body ' || g)::bytea), 'hex')
FROM generate_series(1, $REPORT_CLAIMS / 10) g;
INSERT INTO claims (text, normalized, fact_key, stances, names, kind, score, status, verdict, verdict_note, version, reviewed_at, created_by)
SELECT 'Claim ' || g || ': spending rose ' || (g % 97) || '% in ' || (1990 + g % 35) || ', officials said.',
       'claim ' || g, '', '{}', '{}', 'quantity', (g % 100) / 100.0, 'verified',
       (ARRAY['true','mostly-true','mixed','mostly-false','false','unverifiable'])[1 + g % 6], 'Checked against the budget, line ' || g,
       3, now() - (g % 1000) * interval '1 minute', 'bench'
FROM generate_series(1, $REPORT_CLAIMS) g;
INSERT INTO evidence (claim_id, url, stance, note, added_by)
SELECT id, 'https://evidence.example/' || id, 'refutes', 'Budget table ' || id, 'bench' FROM claims;
INSERT INTO claim_appearances (claim_id, source_id, start_offset, end_offset, context)
SELECT id, 1 + id % ($REPORT_CLAIMS / 10), 0, 10, 'The paragraph of claim ' || id FROM claims;
INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at, to_status, field, new_value, claim_version)
SELECT id, 'verified', 'reviewer-' || (id % 7), 'bench', reviewed_at, 'verified', 'verdict', verdict, 3 FROM claims;
SET session_replication_role = origin;
\o /dev/null
SELECT claim_counts_rebuild();
\o
ANALYZE;
SQL
for format in $REPORT_FORMATS; do
    out="$CLAIMS_PG_WORK/report.$format"
    ref="$CLAIMS_PG_WORK/reference.$format"
    case "$format" in
        template) report=(report --format markdown --template "$CLAIMS_PG_WORK/desk.mustache") ;;
        *) report=(report --format "$format") ;;
    esac
    case "$format" in
        markdown | template)
            reference=("${PSQL[@]}" "$REPORT_DB" -c "\\copy ($REPORT_SELECT $BY_REVIEW) TO '$ref'")
            what="\\copy of the report's SELECT" ;;
        html)
            reference=("${PSQL[@]}" --html "$REPORT_DB" -o "$ref" -c "$REPORT_SELECT $BY_REVIEW")
            what="psql --html of the report's SELECT" ;;
        csv)
            reference=("${PSQL[@]}" "$REPORT_DB" -c "\\copy ($CSV_SELECT) TO '$ref' CSV HEADER")
            what="\\copy of the CSV's columns to CSV" ;;
        json | claimreview)
            reference=("${PSQL[@]}" "$REPORT_DB" -c "\\copy (SELECT row_to_json(r) FROM ($REPORT_SELECT ORDER BY c.id) r) TO '$ref'")
            what="\\copy of row_to_json over the report's SELECT" ;;
    esac
    : >"$CLAIMS_PG_WORK/claims.times"
    : >"$CLAIMS_PG_WORK/psql.times"
    for run in $(seq "$REPORT_RUNS"); do
        timed "$CLAIMS_PG_WORK/claims.times" env CLAIMS_REVIEW_URL="https://checks.example/reviews/{id}" \
            "$CLAIMS" "${report[@]}" --database "$REPORT_DB" --output "$out"
        timed "$CLAIMS_PG_WORK/psql.times" "${reference[@]}"
    done
    python3 - "$format" "$REPORT_CLAIMS" "$what" "$CLAIMS_PG_WORK/claims.times" "$CLAIMS_PG_WORK/psql.times" \
        "$(stat -c %s "$out")" "$(stat -c %s "$ref")" <<'PY'
import statistics, sys
fmt, n, what, mine, theirs, size, ref_size = sys.argv[1:]
def read(path):
    rows = [line.split() for line in open(path) if line.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
wall, kb = read(mine)
ref_wall, _ = read(theirs)
ratios = [a / b for a, b in zip(wall, ref_wall)]
print(f"report {fmt}, {int(n):,} claims: {statistics.median(wall):.2f} s, peak {max(kb) / 1024:.0f} MB, "
      f"{int(size) / 1e6:.0f} MB written; {what}: {statistics.median(ref_wall):.2f} s ({int(ref_size) / 1e6:.0f} MB); "
      f"ratio {statistics.median(ratios):.2f}x (median of {len(ratios)} pairs, {min(ratios):.2f}-{max(ratios):.2f})")
PY
done
done
fi

# 4. Search and similar over 1,000,000 claims: EXPLAIN ANALYZE of the queries
#    behind `claims search`, the look-alike lookup the insert trigger runs for
#    each new claim, `claims similar` (stored links) and list's "checked before".
#    The million: 600,000 claims from a template with numbers and dates (their
#    fact keys narrow the lookup); 200,000 sentences of real prose, made by
#    joining the first half of one CT24 debate sentence to the second half of
#    another; and 200,000 from a template with no numbers at all, so every one
#    has the same empty fact key and shares most of its words with thousands of
#    others: the worst case for the trigram index.
if part search; then
SEARCH_CLAIMS="${SEARCH_CLAIMS:-1000000}"
CT24_TRAIN="${CT24_TRAIN:-../shared/data/checkworthiness/CT24_checkworthy_english_train.tsv}"
[ -r "$CT24_TRAIN" ] || { echo "bench: $CT24_TRAIN is missing; set CT24_TRAIN to the CT24 train file." >&2; exit 1; }
python3 - "$CT24_TRAIN" "$((SEARCH_CLAIMS / 5))" >"$CLAIMS_PG_WORK/prose.txt" <<'PY'
import csv, random, sys
rows = [r[1].replace("\t", " ").replace("\\", " ") for r in csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")][1:]
words = [r.split() for r in rows if len(r.split()) >= 8]
rng, seen = random.Random(7), set()
while len(seen) < int(sys.argv[2]):
    a, b = rng.choice(words), rng.choice(words)
    seen.add(" ".join(a[: len(a) // 2] + b[len(b) // 2 :]))
for line in sorted(seen):
    print(line)
PY
SEARCH_DB="$CLAIMS_PG_CONNINFO dbname=bench_search"
"${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_search"
"$CLAIMS" db migrate --database "$SEARCH_DB" >/dev/null
start="$(now)"
"${PSQL[@]}" "$SEARCH_DB" <<SQL
-- Loading a million rows at once: link look-alikes afterwards, for sample claims only.
ALTER TABLE claims DISABLE TRIGGER claims_suggest_lookalikes;
INSERT INTO claims (text, normalized, kind, score, created_by)
SELECT t, lower(t), 'quantity', (g % 100) / 100.0, 'bench'
FROM generate_series(1, $SEARCH_CLAIMS * 3 / 5) g,
LATERAL (SELECT (ARRAY['Unemployment','Inflation','Ridership','Turnout','Crime','Rent','Exports','Enrolment'])[1 + g % 8]
    || ' in ' || (ARRAY['Northvale','Riverside','Eastport','Lakemont','Granford','Westbury','Harlow','Ashby'])[1 + (g / 8) % 8]
    || ' ' || (ARRAY['rose','fell','climbed','dropped'])[1 + (g / 64) % 4] || ' to ' || (g % 997) || '.' || (g % 7)
    || '% in ' || (ARRAY['January','February','March','April','June','July'])[1 + (g / 256) % 6] || ' ' || (1990 + g % 36)
    || ', according to the ' || (ARRAY['statistics office','health board','transit authority','treasury'])[1 + (g / 1536) % 4]
    || '.' AS t) AS x
ON CONFLICT DO NOTHING;
CREATE TEMP TABLE prose (t text);
\\copy prose FROM '$CLAIMS_PG_WORK/prose.txt' WITH (FORMAT text)
INSERT INTO claims (text, normalized, kind, score, created_by)
SELECT t, lower(t), 'other', 0.5, 'bench' FROM prose ON CONFLICT DO NOTHING;
INSERT INTO claims (text, normalized, kind, score, created_by)
SELECT t, lower(t), 'event', (g % 100) / 100.0, 'bench'
FROM generate_series(0, $SEARCH_CLAIMS / 5 - 1) g,
LATERAL (SELECT 'The ' || (ARRAY['mayor','governor','police chief','school board','health minister','court','union','council','senator','airport'])[1 + g % 10]
    || ' of ' || (ARRAY['Northvale','Riverside','Eastport','Lakemont','Granford','Westbury','Harlow','Ashby','Milton','Carver'])[1 + (g / 10) % 10]
    || ' said the ' || (ARRAY['bridge','library','clinic','depot','stadium','harbour','market','museum','tunnel','campus'])[1 + (g / 100) % 10]
    || ' on ' || (ARRAY['Elm','Main','High','Mill','Church','Park','Station','Bridge','King','Queen'])[1 + (g / 1000) % 10]
    || ' Street would ' || (ARRAY['close','reopen','be sold','be rebuilt','expand','move','shut early','stay open','lose funding','get a new roof'])[1 + (g / 10000) % 10]
    || ' because of ' || (ARRAY['flooding','budget cuts','a court ruling','a strike','safety checks','new owners','low demand','a fire','a merger','repairs'])[1 + (g / 100000) % 10]
    || '.' AS t) AS x
ON CONFLICT DO NOTHING;
ALTER TABLE claims ENABLE TRIGGER claims_suggest_lookalikes;
-- The look-alike keys' postings too (sql/018): their count is an index-only scan.
VACUUM ANALYZE claims, claim_lookalike_postings;
SQL
end="$(now)"
COUNTS="$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT count(*) || ' claims, ' || count(*) FILTER (WHERE fact_key = '') || ' without numbers or dates' FROM claims")"
python3 -c "print(f'search: loaded $COUNTS in {$end - $start:.0f} s')"
NUMERIC_ID="$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT id FROM claims WHERE kind = 'quantity' ORDER BY id OFFSET 123456 LIMIT 1")"
PROSE_ID="$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT id FROM claims WHERE kind = 'other' ORDER BY id OFFSET 54321 LIMIT 1")"
PLAIN_ID="$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT id FROM claims WHERE kind = 'event' ORDER BY id OFFSET 54321 LIMIT 1")"
timing() { grep -E 'Execution Time' | sed "s/^ */  $1: /"; }
MATCHES="$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT count(*) FROM claims c WHERE c.search @@ websearch_to_tsquery('english', 'unemployment fell northvale')")"
"${PSQL[@]}" "$SEARCH_DB" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT c.id, ts_rank(c.search, q) AS rank FROM claims c, websearch_to_tsquery('english', 'unemployment fell northvale') q WHERE c.search @@ q ORDER BY rank DESC, c.id LIMIT 50" \
    | timing "search 'unemployment fell northvale', top 50 of $MATCHES matches"
for target in "$NUMERIC_ID:with numbers, template" "$PROSE_ID:of prose" "$PLAIN_ID:without numbers, template (worst case)"; do
    id="${target%%:*}"
    # What the insert trigger runs for each new claim (sql/006_suggestions.sql): the first
    # call in a new session (what `claims add` pays: the function's statements are planned
    # then), and the median of the next 5 (what an ingest pays for each claim after its first).
    query="SELECT count(*) FROM claim_lookalikes($id, claim_suggestion_threshold(), 20)"
    "${PSQL[@]}" -At "$SEARCH_DB" -c '\timing on' -c "$query" -c "$query" -c "$query" -c "$query" -c "$query" -c "$query" \
        | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | python3 -c "
import statistics, sys
ms = [float(x) for x in sys.stdin.read().split()]
print(f'  claim_lookalikes() for a new claim ${target#*:} (#$id): first call in a session {ms[0]:.1f} ms, then median {statistics.median(ms[1:]):.1f} ms (5 calls, {min(ms[1:]):.1f} to {max(ms[1:]):.1f})')"
    "${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT claims_link_lookalikes(ARRAY[$id::bigint])" | sed 's/^/    links stored: /'
done
"${PSQL[@]}" "$SEARCH_DB" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT c.id, s.score FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id WHERE s.claim_id = $PLAIN_ID AND c.merged_into IS NULL AND s.score >= 0.35 ORDER BY s.score DESC, c.id LIMIT 20" | timing "claims similar (stored links)"
"${PSQL[@]}" "$SEARCH_DB" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT s.claim_id, c.id, c.verdict FROM claim_suggestions s JOIN claims c ON c.id = s.similar_id WHERE s.claim_id = ANY(ARRAY(SELECT id FROM claims ORDER BY score DESC NULLS LAST, id LIMIT 50)) AND c.status = 'verified' ORDER BY s.claim_id, s.score DESC, c.id" | timing "checked before for a page of 50 listed claims"
start="$(now)"
"$CLAIMS" add --database "$SEARCH_DB" --reviewer bench --source-url https://news.example/new \
    "$("${PSQL[@]}" -At "$SEARCH_DB" -c "SELECT 'Reportedly, ' || text FROM claims WHERE id = $PROSE_ID")" >/dev/null
end="$(now)"
python3 -c "print(f'  claims add of a look-alike of the prose claim, whole command (connect, insert, trigger, relink): {($end - $start) * 1000:.0f} ms')"
# Ingest of the same generated articles into an empty database and into this one
# of a million claims (INGEST_AT_SCALE articles, 500 by default; another seed than
# part 2's corpus, so every claim is new to both).
INGEST_AT_SCALE="${INGEST_AT_SCALE:-500}"
python3 scripts/bench_corpus.py --articles "$INGEST_AT_SCALE" --seed 11 --out "$CLAIMS_PG_WORK/corpus-scale" >/dev/null
"${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_scale_empty"
EMPTY_DB="$CLAIMS_PG_CONNINFO dbname=bench_scale_empty"
"$CLAIMS" db migrate --database "$EMPTY_DB" >/dev/null
start="$(now)"
"$CLAIMS" ingest --database "$EMPTY_DB" --reviewer bench "$CLAIMS_PG_WORK/corpus-scale" >/dev/null
end="$(now)"
EMPTY_S="$(python3 -c "print($end - $start)")"
start="$(now)"
"$CLAIMS" ingest --database "$SEARCH_DB" --reviewer bench "$CLAIMS_PG_WORK/corpus-scale" >"$CLAIMS_PG_WORK/ingest-scale.out"
end="$(now)"
FULL_S="$(python3 -c "print($end - $start)")"
tail -n 1 "$CLAIMS_PG_WORK/ingest-scale.out" | sed 's/^/  into the million: /'
python3 -c "e, f = $EMPTY_S, $FULL_S; print(f'  ingest of $INGEST_AT_SCALE articles: {e:.2f} s into an empty database, {f:.2f} s into the one of $SEARCH_CLAIMS claims ({f / e:.2f}x)')"
# LOOKALIKE_RECALL=200: the band search's recall against the exhaustive trigram
# search on that many claims without numbers (scripts/lookalike_recall.sql; the
# exhaustive search takes seconds a claim).
if [ "${LOOKALIKE_RECALL:-0}" -gt 0 ]; then
    "${PSQL[@]}" "$SEARCH_DB" -v targets="$LOOKALIKE_RECALL" -f scripts/lookalike_recall.sql
fi
fi

# 5. Encoder: sentences per second of the sentence encoder (SentenceModel over
#    OpenBLAS) on the CT24 dev and dev-test sentences (about 22 tokens each; generated
#    sentences of that length when the shared data is not here), with `taskset -c 0`
#    for one core and on both cores; beside scripts/encoder_reference.py, a numpy
#    forward pass of the same weights (numpy's own OpenBLAS, padded batches of 64)
#    on the same token ids, whose embeddings it also checks against the encoder's.
#    Each figure is the best of several passes, with sentences per CPU-second beside
#    it: on a shared machine a neighbour takes wall time, not CPU time.
if part encoder; then
MODEL="${CLAIMS_SENTENCE_MODEL:-${XDG_CACHE_HOME:-$HOME/.cache}/claims/sentence-model}"
bash scripts/fetch-sentence-model.sh "$MODEL"
swift build -c release --product encoder-bench >/dev/null
ENCODER="$(swift build -c release --show-bin-path)/encoder-bench"
CT24_DIR="${CT24_DIR:-../shared/data/checkworthiness}"
SENTENCES="$CLAIMS_PG_WORK/encoder-sentences.txt"
python3 - "$CT24_DIR" "$SENTENCES" <<'PY'
import csv, os, random, sys
rows = []
for part in ["dev", "dev-test"]:
    path = f"{sys.argv[1]}/CT24_checkworthy_english_{part}.tsv"
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            rows += [r[1].replace("\n", " ") for r in csv.reader(f, delimiter="\t")][1:]
if not rows:
    print("bench: no CT24 files; encoding generated sentences instead.", file=sys.stderr)
    rng = random.Random(7)
    subjects = ["Unemployment", "Inflation", "The deficit", "Crime", "Turnout", "Rent"]
    places = ["in Ohio", "across the country", "in the city", "in rural areas"]
    for k in range(1350):
        rows.append(f"{rng.choice(subjects)} {rng.choice(places)} rose {rng.randint(2, 40)}.{rng.randint(0, 9)}% "
                    f"between {rng.randint(1990, 2010)} and {rng.randint(2011, 2024)}, the report said, and officials expect more.")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("\n".join(rows) + "\n")
PY
TOKENS="$CLAIMS_PG_WORK/encoder-tokens.txt"
EMBEDDINGS="$CLAIMS_PG_WORK/encoder-embeddings.f32"
ONE="$(taskset -c 0 "$ENCODER" --runs 5 --write-tokens "$TOKENS" --write-embeddings "$EMBEDDINGS" "$MODEL" "$SENTENCES")"
echo "1 core:  $ONE"
TWO="$("$ENCODER" --runs 5 "$MODEL" "$SENTENCES")"
echo "2 cores: $TWO"
# numpy's newer OpenBLAS runs slower with the OPENBLAS_CORETYPE some machines here set
# for older builds, so both are unset for it alone.
NUMPY_ONE="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 taskset -c 0 \
    python3 scripts/encoder_reference.py "$MODEL" "$TOKENS" --runs 3 --check "$EMBEDDINGS")"
echo "1 core:  $NUMPY_ONE"
NUMPY_TWO="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 \
    python3 scripts/encoder_reference.py "$MODEL" "$TOKENS" --runs 3)"
echo "2 cores: $NUMPY_TWO"
python3 - "$ONE" "$TWO" "$NUMPY_ONE" "$NUMPY_TWO" <<'PY'
import re, sys
best = lambda line: float(re.search(r"best [0-9.]+ s = ([0-9]+) sentences/s", line).group(1))
cpu = lambda line: float(re.search(r"([0-9]+) sentences per CPU-second", line).group(1))
one, two, numpy_one, numpy_two = sys.argv[1:5]
print(f"encoder vs numpy reference: 1 core {best(one):.0f} vs {best(numpy_one):.0f} sentences/s ({best(one) / best(numpy_one):.1f}x), "
      f"2 cores {best(two):.0f} vs {best(numpy_two):.0f} sentences/s ({best(two) / best(numpy_two):.1f}x); "
      f"per CPU-second {cpu(one):.0f} vs {cpu(numpy_one):.0f} ({cpu(one) / cpu(numpy_one):.1f}x)")
PY
fi

# 6. Stats over 1,000,000 claims: 45% pending, 5% in review, 40% verified (by seven
#    reviewer names from two logins, a fifth of them verified before by someone
#    else), 10% dismissed, with their created, assigned and verified events (1.9
#    million). Loaded with the workflow's triggers off, so the kept counts are
#    rebuilt once (claim_counts_rebuild(), sql/010_claim_counts.sql) as an owner would
#    after such a load. `claims stats` reads the counts the database keeps; beside it,
#    psql counting the same figures over every claim (claim_counts_recount() and
#    percentile_cont), which is what `claims stats` did before. Medians of 9 runs.
if part stats; then
STATS_CLAIMS="${STATS_CLAIMS:-1000000}"
STATS_DB="$CLAIMS_PG_CONNINFO dbname=bench_stats"
"${PSQL[@]}" "$CLAIMS_PG_CONNINFO dbname=postgres" -c "CREATE DATABASE bench_stats"
"$CLAIMS" db migrate --database "$STATS_DB" >/dev/null
start="$(now)"
"${PSQL[@]}" -v claims="$STATS_CLAIMS" "$STATS_DB" <<'SQL'
ALTER TABLE claims DISABLE TRIGGER USER;
ALTER TABLE claim_events DISABLE TRIGGER USER;
INSERT INTO claims (text, normalized, fact_key, stances, names, kind, score, status, verdict, verdict_note, dismiss_reason,
                    assignee, version, created_by, created_at, updated_at, reviewed_at)
SELECT 'Claim ' || g || ': spending rose ' || (g % 97) || '% in ' || (1990 + g % 35) || ', officials said.',
       'claim ' || g, '', '{}', '{}', 'quantity', (g % 100) / 100.0, st,
       CASE WHEN st = 'verified' THEN (ARRAY['true','mostly-true','mixed','mostly-false','false','unverifiable'])[1 + g % 6] END,
       CASE WHEN st = 'verified' THEN 'Checked, line ' || g END,
       CASE WHEN st = 'dismissed' THEN 'not check-worthy' END,
       CASE WHEN st = 'in_review' THEN 'reviewer-' || (g % 7) END,
       CASE WHEN st = 'pending' THEN 1 ELSE 3 END, 'bench', created, created,
       CASE WHEN st = 'verified' THEN created + ((g::bigint * 7919) % 20000) * interval '1 minute' + (g % 60) * interval '1 second' END
FROM generate_series(1, :claims) g,
LATERAL (SELECT CASE WHEN g % 20 < 9 THEN 'pending' WHEN g % 20 = 9 THEN 'in_review'
                     WHEN g % 20 < 18 THEN 'verified' ELSE 'dismissed' END AS st,
                timestamptz '2025-11-01 00:00:00+00' + g * interval '30 seconds' AS created) AS x;
-- The foreign-key checks below plan against these statistics.
ANALYZE claims;
INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at, to_status, claim_version)
SELECT id, 'created', 'bench', 'bench', created_at, 'pending', 1 FROM claims;
INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at, from_status, to_status, field, new_value, claim_version)
SELECT id, 'assigned', 'reviewer-' || (id % 7), 'bench', created_at, 'pending', 'in_review', 'assignee', 'reviewer-' || (id % 7), 2
FROM claims WHERE status <> 'pending';
INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at, from_status, to_status, field, new_value, claim_version)
SELECT id, 'verified', 'reviewer-' || ((id + 3) % 7), 'ed', created_at, 'in_review', 'verified', 'verdict', 'false', 2
FROM claims WHERE status = 'verified' AND id % 5 = 0;
INSERT INTO claim_events (claim_id, action, reviewer, db_user, occurred_at, from_status, to_status, field, new_value, claim_version)
SELECT id, 'verified', 'reviewer-' || (id % 7), CASE WHEN id % 11 = 0 THEN 'ana' ELSE 'bench' END, reviewed_at,
       'in_review', 'verified', 'verdict', verdict, 3
FROM claims WHERE status = 'verified';
ALTER TABLE claims ENABLE TRIGGER USER;
ALTER TABLE claim_events ENABLE TRIGGER USER;
SELECT claim_counts_rebuild();
VACUUM ANALYZE claims;
VACUUM ANALYZE claim_events;
SQL
end="$(now)"
python3 -c "print(f'stats: loaded $STATS_CLAIMS claims in {$end - $start:.0f} s')"
runs() {
    for run in 1 2 3 4 5 6 7 8 9; do
        start="$(now)"
        "$@" >/dev/null
        end="$(now)"
        python3 -c "print(($end - $start) * 1000)"
    done | sort -n | sed -n 5p
}
TABLE_MS="$(runs "$CLAIMS" stats --database "$STATS_DB")"
JSON_MS="$(runs "$CLAIMS" stats --database "$STATS_DB" --format json)"
FULL_MS="$(runs "${PSQL[@]}" "$STATS_DB" -c "SELECT * FROM claim_counts_recount()" \
    -c "SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reviewed_at - created_at)) / 3600)::float8 FROM claims WHERE status = 'verified' AND reviewed_at IS NOT NULL")"
python3 -c "t, j, f = $TABLE_MS, $JSON_MS, $FULL_MS; print(f'claims stats over $STATS_CLAIMS claims, whole command, median of 9: {t:.0f} ms (json {j:.0f} ms); psql counting the same over every claim: {f:.0f} ms ({f / t:.0f}x)')"
fi
