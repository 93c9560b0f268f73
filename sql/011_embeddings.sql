-- Sentence embeddings for matching (#13 item 4). When the sentence model is
-- installed, `claims ingest`, `claims add` and `claims similar --evaluate` store each
-- claim's all-MiniLM-L6-v2 embedding (384 numbers, L2-normalised, so a dot product
-- is a cosine). Claims stored without it (no model, psql) keep NULL and are matched
-- by trigram similarity alone, as before.
--
-- The fact guard still decides: look-alikes must have the same facts and no
-- contradicting stance or differing name. What the embedding changes:
--   * A reworded claim that shares a specific figure ("15.3 billion", "4 february",
--     not only a year) is a look-alike at a cosine of 0.6 or more, however few
--     trigrams it shares ("cut about 9,000 more jobs" / "eliminate roughly 9,000
--     additional positions").
--   * A pair linked on its trigrams must also be at a cosine of 0.35 or more.
--   * The score of a pair that both have an embedding is their cosine, so
--     candidates are ranked by meaning; otherwise it is the trigram similarity.
-- The thresholds were chosen on the four pair sets in examples/ before the fifth
-- (matching-pairs-desk.tsv) was measured.

ALTER TABLE claims ADD COLUMN embedding real[]
    CHECK (embedding IS NULL OR (array_ndims(embedding) = 1 AND cardinality(embedding) = 384));

-- The client that stores a claim may store its embedding, or add it later
-- (`claims model embed`): derived from the text, it moves no version and writes no
-- event (claim_changes below leaves it out).
GRANT INSERT (embedding), UPDATE (embedding) ON claims TO claims_reviewer;

-- The dot product of two embeddings, their cosine (both are L2-normalised).
CREATE FUNCTION claim_cosine(a real[], b real[]) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    -- In float8: the product of two small reals can underflow real, which PostgreSQL refuses.
    SELECT sum(x::float8 * y::float8)::real FROM unnest(a, b) AS u (x, y);
END;

-- The cosine at or above which two claims sharing a specific figure are look-alikes
-- (ClaimStore.embeddingThreshold), and the cosine below which a pair is never one
-- (ClaimStore.embeddingFloor).
CREATE FUNCTION claim_embedding_threshold() RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 0.6::real $$;
CREATE FUNCTION claim_embedding_floor() RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 0.35::real $$;

-- Whether a fact key holds a figure more telling than a year: a number that is
-- not 1800-2099 ("15.3", "466140", "4" of "Feb. 4"). Two claims of the same year
-- and nothing else in common are not the same claim by meaning alone.
CREATE FUNCTION claim_fact_key_is_specific(fact_key text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM regexp_split_to_table(fact_key, ' ') AS f
                   WHERE f ~ '^[0-9][0-9.]*$' AND f !~ '^(1[89]|20)[0-9][0-9]$');
END;

-- The embedding is derived like the match keys: not a change to audit.
CREATE OR REPLACE FUNCTION claim_changes(old_row claims, new_row claims)
RETURNS TABLE (field text, old_value text, new_value text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.key, o.value #>> '{}', n.value #>> '{}'
    FROM jsonb_each(to_jsonb(old_row)) AS o
    JOIN jsonb_each(to_jsonb(new_row)) AS n ON n.key = o.key
    WHERE o.value IS DISTINCT FROM n.value
      AND o.key NOT IN ('version', 'updated_at', 'search', 'fact_key', 'stances', 'names', 'variant_key', 'embedding')
    ORDER BY o.key;
END;

-- An edited text makes its embedding stale: it goes, and the claim is matched by
-- its trigrams until it is stored again.
CREATE FUNCTION claims_drop_stale_embedding() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.normalized IS DISTINCT FROM OLD.normalized AND NEW.embedding IS NOT DISTINCT FROM OLD.embedding THEN
        NEW.embedding := NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claims_drop_stale_embedding BEFORE UPDATE OF text, normalized ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_drop_stale_embedding();

-- As in 006/009, with the embedding: see the head of this file. `threshold` is the
-- trigram similarity's, as before.
CREATE OR REPLACE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, public, pg_temp
SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
    t claims%ROWTYPE;
    group_size integer;
    by_meaning boolean;
BEGIN
    SELECT * INTO t FROM claims WHERE claims.id = target;
    IF NOT FOUND THEN RETURN; END IF;
    -- Whether a shared specific figure and a close meaning make a look-alike.
    by_meaning := t.embedding IS NOT NULL AND claim_fact_key_is_specific(t.fact_key);
    SELECT count(*) INTO group_size FROM (SELECT 1 FROM claims WHERE fact_key = t.fact_key LIMIT 300) AS same_facts;
    IF group_size < 300 THEN
        RETURN QUERY
        SELECT c.id, coalesce(e.cosine, s.trigrams)
        FROM claims c
        CROSS JOIN LATERAL (SELECT similarity(c.normalized, t.normalized) AS trigrams) AS s
        CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine) AS e
        WHERE c.fact_key = t.fact_key AND c.id <> t.id AND c.merged_into IS NULL
          AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
          AND (s.trigrams >= threshold OR (by_meaning AND e.cosine >= claim_embedding_threshold()))
          -- the cheap array tests first: most candidates pass on them
          AND (c.stances = t.stances OR NOT claim_stances_contradict(c.stances, t.stances))
          AND (c.names <@ t.names OR t.names <@ c.names OR NOT claim_names_differ(c.names, t.names, c.normalized, t.normalized))
          AND NOT EXISTS (
              SELECT 1 FROM claim_distinct_pairs p
              WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
        ORDER BY 2 DESC, 1
        LIMIT max_count;
    ELSE
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
    END IF;
END;
$$;
