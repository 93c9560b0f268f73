-- Recall of claim_lookalikes() (the band search, sql/013) against the exhaustive
-- trigram search it replaced for claims whose fact key many share (sql/011), on
-- :targets claims with no numbers, half prose (kind 'other') and half from the
-- no-number template (kind 'event') of the search benchmark's database
-- (scripts/bench.sh, part search). Each target's look-alikes at the suggestion
-- threshold, at most 20, by both; recall is the share of the exhaustive search's
-- look-alikes the band search also returns.
--   psql -v targets=200 -f scripts/lookalike_recall.sql DATABASE
CREATE FUNCTION pg_temp.exhaustive_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
    t claims%ROWTYPE;
BEGIN
    SELECT * INTO t FROM claims WHERE claims.id = target;
    PERFORM set_config('pg_trgm.similarity_threshold', threshold::text, true);
    RETURN QUERY
    SELECT c.id, coalesce(e.cosine, similarity(c.normalized, t.normalized))
    FROM claims c
    CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine) AS e
    WHERE c.fact_key = t.fact_key AND c.normalized % t.normalized AND c.id <> t.id AND c.merged_into IS NULL
      AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
      AND (c.stances = t.stances OR NOT claim_stances_contradict(c.stances, t.stances))
      AND (c.names <@ t.names OR t.names <@ c.names OR NOT claim_names_differ(c.names, t.names, c.normalized, t.normalized))
      AND NOT EXISTS (
          SELECT 1 FROM claim_distinct_pairs p
          WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
    ORDER BY 2 DESC, 1
    LIMIT max_count;
END;
$$;

CREATE TEMP TABLE recall_targets AS
SELECT id, kind FROM (
    SELECT id, kind, row_number() OVER (PARTITION BY kind ORDER BY md5(id::text)) AS k
    FROM claims WHERE fact_key = '' AND kind IN ('other', 'event')) AS s
WHERE k <= :targets / 2;

CREATE TEMP TABLE recall_new AS
SELECT r.id AS target, m.id, m.score FROM recall_targets r, claim_lookalikes(r.id, claim_suggestion_threshold(), 20) AS m;
CREATE TEMP TABLE recall_old AS
SELECT r.id AS target, m.id, m.score FROM recall_targets r, pg_temp.exhaustive_lookalikes(r.id, claim_suggestion_threshold(), 20) AS m;

-- links_kept: the exhaustive search's links the band search also returns;
-- as_close: the band search's links at least as close as the exhaustive search's
-- last (scores tie often, and then either claim is as good a link).
CREATE TEMP TABLE recall_per_target AS
SELECT r.id, r.kind,
       (SELECT count(*) FROM recall_old o WHERE o.target = r.id) AS old_links,
       (SELECT count(*) FROM recall_new n WHERE n.target = r.id) AS new_links,
       (SELECT count(*) FROM recall_old o JOIN recall_new n ON n.target = o.target AND n.id = o.id WHERE o.target = r.id) AS links_kept,
       (SELECT count(*) FROM recall_new n WHERE n.target = r.id
        AND n.score >= (SELECT min(o.score) FROM recall_old o WHERE o.target = r.id)) AS as_close
FROM recall_targets r;
SELECT kind, count(*) AS targets, sum(old_links) AS old_links, sum(new_links) AS new_links,
       sum(links_kept) AS links_kept, round(sum(links_kept)::numeric / nullif(sum(old_links), 0), 3) AS recall,
       sum(as_close) AS as_close, round(sum(as_close)::numeric / nullif(sum(old_links), 0), 3) AS recall_with_ties
FROM recall_per_target GROUP BY ROLLUP (kind) ORDER BY kind;
