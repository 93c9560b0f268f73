-- Each candidate's trigram similarity (and cosine) computed once, not two or three
-- times (#14 item 5).
--
-- claim_lookalikes_among() and claim_lookalikes() name a candidate's similarity once,
-- in a LATERAL subquery, and use it in the filter and in the score. PostgreSQL pulls
-- such a subquery up into the query around it and puts the expression in each place
-- it is used, so similarity() ran twice for every candidate and claim_cosine() up to
-- three times. At 1,000,000 claims (bench.sh's load, the no-number template claim
-- #854322, its 400 candidates) scoring and ordering them took 22-23 ms with the
-- subquery pulled up and 14 ms with OFFSET 0 keeping it a subquery, which is
-- computed once per candidate. The functions are otherwise as 015 and 018 left them:
-- same candidates, threshold, guards and scores.

-- As in 015, each expression computed once.
CREATE OR REPLACE FUNCTION claim_lookalikes_among(t claims, candidates bigint[], threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT m.id, m.score
    FROM (SELECT c.id, c.stances, c.names, c.normalized, coalesce(e.cosine, s.trigrams) AS score
          FROM claims c
          CROSS JOIN LATERAL (SELECT similarity(c.normalized, t.normalized) AS trigrams OFFSET 0) AS s
          CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine OFFSET 0) AS e
          WHERE c.id = ANY (candidates) AND c.id <> t.id AND c.fact_key = t.fact_key AND c.merged_into IS NULL
            AND s.trigrams >= threshold
            AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
          ORDER BY 5 DESC, 1
          OFFSET 0) AS m
    -- the cheap array tests first: most candidates pass on them
    WHERE (m.stances = t.stances OR NOT claim_stances_contradict(m.stances, t.stances))
      AND (m.names <@ t.names OR t.names <@ m.names OR NOT claim_names_differ(m.names, t.names, m.normalized, t.normalized))
      AND NOT claim_roles_swapped(m.normalized, t.normalized)
      AND NOT EXISTS (
          SELECT 1 FROM claim_distinct_pairs p
          WHERE p.claim_a = least(m.id, t.id) AND p.claim_b = greatest(m.id, t.id))
    LIMIT max_count;
END;


-- As in 018, each expression computed once.
CREATE OR REPLACE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, public, pg_temp
SET pg_trgm.similarity_threshold = 0.3
-- Planned once per session: see the end of sql/018_lookalike_postings.sql.
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    t claims%ROWTYPE;
    group_size integer;
    by_meaning boolean;
    batch bigint[];
    cap constant integer := claim_lookalike_key_cap();
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
        CROSS JOIN LATERAL (SELECT similarity(c.normalized, t.normalized) AS trigrams OFFSET 0) AS s
        CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine OFFSET 0) AS e
        WHERE c.fact_key = t.fact_key AND c.id <> t.id AND c.merged_into IS NULL
          AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
          AND (s.trigrams >= threshold OR (by_meaning AND e.cosine >= claim_embedding_threshold()))
          -- the cheap array tests first: most candidates pass on them
          AND (c.stances = t.stances OR NOT claim_stances_contradict(c.stances, t.stances))
          AND (c.names <@ t.names OR t.names <@ c.names OR NOT claim_names_differ(c.names, t.names, c.normalized, t.normalized))
          AND NOT claim_roles_swapped(c.normalized, t.normalized)
          AND NOT EXISTS (
              SELECT 1 FROM claim_distinct_pairs p
              WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
        ORDER BY 2 DESC, 1
        LIMIT max_count;
    ELSIF threshold >= claim_suggestion_threshold() AND t.lookalike_bands IS NOT NULL THEN
        -- The claims sharing most of its keys that few others share, best first: each
        -- key's postings are read once, up to one past the cap.
        batch := ARRAY(
            SELECT p.claim_id
            FROM unnest(claim_lookalike_keys(t.lookalike_bands, t.fact_key, t.normalized)) AS k
            CROSS JOIN LATERAL (
                SELECT array_agg(p.claim_id) AS ids
                FROM (SELECT p.claim_id FROM claim_lookalike_postings p WHERE p.key = k LIMIT cap + 1) AS p) AS g
            CROSS JOIN LATERAL unnest(g.ids) AS p (claim_id)
            WHERE cardinality(g.ids) <= cap AND p.claim_id <> t.id
            GROUP BY p.claim_id
            ORDER BY count(*) DESC, p.claim_id
            LIMIT claim_lookalike_candidates());
        RETURN QUERY
        SELECT m.id, m.score FROM claim_lookalikes_among(t, batch, threshold, max_count) AS m
        ORDER BY 2 DESC, 1;
    ELSE
        PERFORM set_config('pg_trgm.similarity_threshold', threshold::text, true);
        -- Which index serves depends on the fact key: planned for this one.
        PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
        RETURN QUERY
        SELECT c.id, coalesce(e.cosine, similarity(c.normalized, t.normalized))
        FROM claims c
        CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine OFFSET 0) AS e
        WHERE c.fact_key = t.fact_key AND c.normalized % t.normalized AND c.id <> t.id AND c.merged_into IS NULL
          AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
          AND (c.stances = t.stances OR NOT claim_stances_contradict(c.stances, t.stances))
          AND (c.names <@ t.names OR t.names <@ c.names OR NOT claim_names_differ(c.names, t.names, c.normalized, t.normalized))
          AND NOT claim_roles_swapped(c.normalized, t.normalized)
          AND NOT EXISTS (
              SELECT 1 FROM claim_distinct_pairs p
              WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
        ORDER BY 2 DESC, 1
        LIMIT max_count;
    END IF;
END;
$$;
