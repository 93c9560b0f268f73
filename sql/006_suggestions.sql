-- Suggested duplicates, stored when a claim is stored.
--
-- Two claims can only be the same claim when they state the same facts: every
-- number, month, weekday and scale word. `fact_key` is those facts, sorted, so
-- "sanctioned 32 entities" ('32') and "sanctioned 23 entities" ('23') never meet,
-- and the trigram index below only looks among claims with equal facts.
-- btree_gin lets one GIN index hold both; like pg_trgm it is a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE FUNCTION claim_fact_key(normalized text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(token, ' ' ORDER BY token COLLATE "C"), '')
    FROM (
        -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
        SELECT replace(rtrim(m[1], '.,'), ',', '') AS token
        FROM regexp_matches(normalized, '([0-9][0-9.,]*)', 'g') AS m
        UNION ALL
        SELECT DISTINCT word
        FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS word
        WHERE word IN (
            'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
            'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
            'sept', 'oct', 'nov', 'dec', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
            'saturday', 'sunday', 'yesterday', 'today', 'tomorrow', 'hundred', 'thousand', 'million',
            'billion', 'trillion', 'percent', 'half', 'twice', 'double', 'triple')
    ) AS facts
$$;

ALTER TABLE claims ADD COLUMN fact_key text GENERATED ALWAYS AS (claim_fact_key(normalized)) STORED;
DROP INDEX claims_normalized_trgm_idx;
CREATE INDEX claims_lookalike_idx ON claims USING gin (fact_key, normalized gin_trgm_ops);

-- One row per direction, so "suggestions for X" is one index range.
CREATE TABLE claim_suggestions (
    claim_id      bigint NOT NULL REFERENCES claims (id),
    similar_id    bigint NOT NULL REFERENCES claims (id),
    -- trigram similarity of the normalised texts, 0 to 1
    score         real NOT NULL CHECK (score > 0 AND score <= 1),
    suggested_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, similar_id),
    CHECK (claim_id <> similar_id)
);

-- Claims with the same facts whose wording is at least `threshold` alike, best
-- first; merged claims and pairs a reviewer marked distinct are left out.
CREATE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
-- `%` prunes inside the index at pg_trgm.similarity_threshold: raise it to ours
-- for this call only (the SET clause restores it when the function returns).
SET pg_trgm.similarity_threshold = 0.3 AS $$
BEGIN
    PERFORM set_config('pg_trgm.similarity_threshold', threshold::text, true);
    RETURN QUERY
    SELECT c.id, similarity(c.normalized, t.normalized)
    FROM claims t
    JOIN claims c ON c.fact_key = t.fact_key AND c.normalized % t.normalized AND c.id <> t.id
    WHERE t.id = target AND c.merged_into IS NULL
      AND NOT EXISTS (
          SELECT 1 FROM claim_distinct_pairs p
          WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
    ORDER BY 2 DESC, 1
    LIMIT max_count;
END;
$$;

-- Every way a claim gets in (ingest, `claims add`, psql) links it to its
-- look-alikes in the same transaction: at most 20, at similarity 0.45 or more.
CREATE FUNCTION claims_suggest_lookalikes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO claim_suggestions (claim_id, similar_id, score)
    SELECT pair.claim_id, pair.similar_id, pair.score
    FROM added n
    CROSS JOIN LATERAL claim_lookalikes(n.id, 0.45, 20) AS m
    CROSS JOIN LATERAL (VALUES (n.id, m.id, m.score), (m.id, n.id, m.score)) AS pair (claim_id, similar_id, score)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_suggest_lookalikes AFTER INSERT ON claims
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION claims_suggest_lookalikes();

-- The claims already stored get their suggestions now.
INSERT INTO claim_suggestions (claim_id, similar_id, score)
SELECT n.id, m.id, m.score
FROM claims n CROSS JOIN LATERAL claim_lookalikes(n.id, 0.45, 20) AS m
ON CONFLICT DO NOTHING;

-- Acting on a suggestion is audited like any other change.
ALTER TABLE claim_events DROP CONSTRAINT claim_events_action_check;
ALTER TABLE claim_events ADD CONSTRAINT claim_events_action_check CHECK (action IN (
    'created', 'assigned', 'unassigned', 'evidence_added', 'verified',
    'dismissed', 'reopened', 'merged', 'edited', 'appeared', 'unlinked'));

GRANT SELECT, INSERT, DELETE ON claim_suggestions TO claims_reviewer;
