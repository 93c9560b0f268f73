-- Look-alikes among many claims with the same facts in milliseconds (#14 item 5).
--
-- When fewer than 300 claims share a claim's fact key they are still compared one
-- by one (006). When more do (every claim with no numbers shares the empty key),
-- the trigram index had to count the probe's trigrams over all of them: 1.3 s for
-- prose and 9.8 s for the worst case at 1,000,000 claims. Now each claim whose
-- facts are no more than years, months, scale words and the like (whose key many
-- may share; claim_fact_key_is_specific() in 011) carries a signature of its
-- trigrams, and only claims sharing part of it are compared:
--
--   * MinHash over the trigrams that pg_trgm's similarity() counts (show_trgm):
--     two hashes of each trigram, each spread over 32 bins (one-permutation
--     hashing), 64 positions in all. Two claims have the same lowest hash at a
--     position with a probability close to their trigram similarity (the Jaccard
--     index of the two trigram sets, which is what similarity() computes).
--   * The positions are cut into bands, each band hashed with its number and the
--     fact key into one integer (0 for a band with no trigram in it): 8 "close"
--     bands of 8 positions (a pair at similarity 0.88 shares one with a
--     probability of about 0.96, at 0.5 about 0.03) and 21 "near" bands of 3
--     (0.45: about 0.87; 0.35: about 0.6). The 29 values are stored in that order
--     in claims.lookalike_bands, under a GIN index; `&&` finds the claims sharing one.
--   * The look-up takes the claims sharing a close band, ranks them by how many of
--     the 29 bands they share, and compares the first 200 as before. Only when
--     fewer than `max_count` of those are look-alikes does it do the same with the
--     claims sharing a near band. The threshold, the cosine floor and the stance,
--     name and distinct-pair guards are those of the large-group search before,
--     on the same trigram similarity: only which claims are compared changed.
--
-- Below the suggestion threshold (`claims similar --threshold 0.2`) the bands would
-- miss too much, and the trigram index answers as before; so it does for a claim
-- with a specific figure that 300 or more others share (it has no bands).

ALTER TABLE claims ADD COLUMN lookalike_bands integer[];

-- A claim's 29 band values (see above), from its fact key and normalised text.
CREATE FUNCTION claim_lookalike_bands(fact_key text, normalized text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH hashes AS (
        SELECT hashtext(g) AS first, (hashtextextended(g, 1) >> 32)::integer AS second
        FROM unnest(show_trgm(normalized)) AS g),
    positions AS (
        SELECT (first & 2147483647) % 32 AS position, min(first) AS low FROM hashes GROUP BY 1
        UNION ALL
        SELECT 32 + (second & 2147483647) % 32, min(second) FROM hashes GROUP BY 1),
    lows AS (
        SELECT array_agg(p.low ORDER BY slot) AS lows
        FROM generate_series(0, 63) AS slot LEFT JOIN positions AS p ON p.position = slot)
    SELECT array_agg(CASE WHEN cardinality(array_remove(part, NULL)) = 0 THEN 0
                          ELSE hash_array(ARRAY[i, hashtext(fact_key)] || part) END ORDER BY i)
    FROM lows, generate_series(1, 29) AS i,
         LATERAL (SELECT CASE WHEN i <= 8 THEN lows[8 * i - 7 : 8 * i] ELSE lows[3 * i - 26 : 3 * i - 24] END AS part) AS x;
END;

-- How many of two claims' 29 bands are the same (an all-empty band counts too).
CREATE FUNCTION claim_bands_shared(a integer[], b integer[]) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (a[1] = b[1])::integer + (a[2] = b[2])::integer + (a[3] = b[3])::integer + (a[4] = b[4])::integer + (a[5] = b[5])::integer + (a[6] = b[6])::integer
         + (a[7] = b[7])::integer + (a[8] = b[8])::integer + (a[9] = b[9])::integer + (a[10] = b[10])::integer + (a[11] = b[11])::integer + (a[12] = b[12])::integer
         + (a[13] = b[13])::integer + (a[14] = b[14])::integer + (a[15] = b[15])::integer + (a[16] = b[16])::integer + (a[17] = b[17])::integer + (a[18] = b[18])::integer
         + (a[19] = b[19])::integer + (a[20] = b[20])::integer + (a[21] = b[21])::integer + (a[22] = b[22])::integer + (a[23] = b[23])::integer + (a[24] = b[24])::integer
         + (a[25] = b[25])::integer + (a[26] = b[26])::integer + (a[27] = b[27])::integer + (a[28] = b[28])::integer + (a[29] = b[29])::integer;

-- The keys and bands, whenever a claim is stored or its text changes.
CREATE OR REPLACE FUNCTION claims_set_match_keys() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    SELECT k.fact_key, k.stances, claim_name_forms(k.names, NEW.text) INTO NEW.fact_key, NEW.stances, NEW.names
    FROM claim_match_keys(NEW.text, NEW.normalized) AS k;
    NEW.variant_key := md5(claim_variant_shape(NEW.normalized));
    NEW.lookalike_bands := CASE WHEN NOT claim_fact_key_is_specific(NEW.fact_key)
                                THEN claim_lookalike_bands(NEW.fact_key, NEW.normalized) END;
    RETURN NEW;
END;
$$;
DROP TRIGGER claims_set_match_keys ON claims;
CREATE TRIGGER claims_set_match_keys BEFORE INSERT OR UPDATE OF text, normalized, fact_key, stances, names, variant_key, lookalike_bands
    ON claims FOR EACH ROW EXECUTE FUNCTION claims_set_match_keys();

-- The bands are derived like the match keys: not a change to audit.
CREATE OR REPLACE FUNCTION claim_changes(old_row claims, new_row claims)
RETURNS TABLE (field text, old_value text, new_value text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.key, o.value #>> '{}', n.value #>> '{}'
    FROM jsonb_each(to_jsonb(old_row)) AS o
    JOIN jsonb_each(to_jsonb(new_row)) AS n ON n.key = o.key
    WHERE o.value IS DISTINCT FROM n.value
      AND o.key NOT IN ('version', 'updated_at', 'search', 'fact_key', 'stances', 'names', 'variant_key', 'embedding',
                        'lookalike_bands')
    ORDER BY o.key;
END;

-- The claims stored already get their bands (the trigger computes them).
UPDATE claims SET lookalike_bands = NULL WHERE NOT claim_fact_key_is_specific(fact_key);
-- A small pending list, as for claims_lookalike_idx (006).
CREATE INDEX claims_lookalike_bands_idx ON claims USING gin (lookalike_bands)
    WITH (gin_pending_list_limit = 256);

-- How many candidates, best ranked first, are compared for each kind of band.
CREATE FUNCTION claim_lookalike_candidates() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 200 $$;

-- Which of these candidates are look-alikes of `t`, best first, at most max_count:
-- the tests of the large-group search in 011 on a given set of claims. The guards
-- (the costly part) run in score order until max_count pass.
CREATE FUNCTION claim_lookalikes_among(t claims, candidates bigint[], threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT m.id, m.score
    FROM (SELECT c.id, c.stances, c.names, c.normalized, coalesce(e.cosine, s.trigrams) AS score
          FROM claims c
          CROSS JOIN LATERAL (SELECT similarity(c.normalized, t.normalized) AS trigrams) AS s
          CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine) AS e
          WHERE c.id = ANY (candidates) AND c.id <> t.id AND c.fact_key = t.fact_key AND c.merged_into IS NULL
            AND s.trigrams >= threshold
            AND (e.cosine IS NULL OR e.cosine >= claim_embedding_floor())
          ORDER BY 5 DESC, 1
          OFFSET 0) AS m
    -- the cheap array tests first: most candidates pass on them
    WHERE (m.stances = t.stances OR NOT claim_stances_contradict(m.stances, t.stances))
      AND (m.names <@ t.names OR t.names <@ m.names OR NOT claim_names_differ(m.names, t.names, m.normalized, t.normalized))
      AND NOT EXISTS (
          SELECT 1 FROM claim_distinct_pairs p
          WHERE p.claim_a = least(m.id, t.id) AND p.claim_b = greatest(m.id, t.id))
    LIMIT max_count;
END;

-- As in 011; a large group is searched by its bands (see the head of this file).
CREATE OR REPLACE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, public, pg_temp
SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
    t claims%ROWTYPE;
    group_size integer;
    by_meaning boolean;
    candidates bigint[];
    batch bigint[];
    found_ids bigint[] := '{}';
    found_scores real[] := '{}';
    probe integer[];
    kind integer;
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
    ELSIF threshold >= claim_suggestion_threshold() AND t.lookalike_bands IS NOT NULL THEN
        -- The claims sharing a close band (the first 8), best ranked first; those
        -- sharing a near band (the other 21) too when the first hold fewer than
        -- max_count look-alikes.
        candidates := '{}';
        FOR kind IN 0 .. 1 LOOP
            probe := ARRAY(SELECT b FROM unnest(t.lookalike_bands) WITH ORDINALITY AS u (b, k)
                           WHERE b <> 0 AND (k <= 8) = (kind = 0));
            batch := ARRAY(
                SELECT c.id FROM claims c
                WHERE c.lookalike_bands && probe
                  AND c.fact_key = t.fact_key AND c.id <> t.id AND c.merged_into IS NULL
                  AND NOT c.id = ANY (candidates)
                ORDER BY claim_bands_shared(c.lookalike_bands, t.lookalike_bands) DESC, c.id
                LIMIT claim_lookalike_candidates());
            candidates := candidates || batch;
            SELECT found_ids || coalesce(array_agg(m.id), '{}'), found_scores || coalesce(array_agg(m.score), '{}')
            INTO found_ids, found_scores
            FROM claim_lookalikes_among(t, batch, threshold, max_count) AS m;
            EXIT WHEN cardinality(found_ids) >= max_count;
        END LOOP;
        RETURN QUERY
        SELECT f.id, f.score FROM unnest(found_ids, found_scores) AS f (id, score)
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
