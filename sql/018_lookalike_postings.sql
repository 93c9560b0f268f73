-- Look-alikes of a claim with no specific figure found without reading the claims
-- they are not, and found more often (#14 item 5).
--
-- 013 found the claims sharing a MinHash band through a GIN index on
-- claims.lookalike_bands, then read every one of them from the table to rank it by
-- the bands it shares. At 1,000,000 claims (scripts/bench.sh, part search) a prose
-- claim's 21 "near" bands matched about 11,000 claims, and reading their rows was
-- nearly all of its 100 to 600 ms: bands are skewed, because a trigram most sentences
-- have is the lowest hash of its position in every claim that has it, so one band
-- value stands for up to 95,000 claims. And bands of three positions miss many pairs
-- that share half a sentence: the band search found 140 of the 238 look-alikes the
-- exhaustive trigram search finds for 20 prose claims there.
--
-- Now a claim's lookalike keys are its 29 bands and a hash of each pair of adjacent
-- words (two claims that share half a sentence share several), each hashed with the
-- fact key, and each key is a row of claim_lookalike_postings under a B-tree on
-- (key, claim_id). The candidates are counted from that index alone:
--   * a key more than claim_lookalike_key_cap() claims share says little about any
--     one of them and is left out of the count ("of the" and the template's words);
--   * the claim_lookalike_candidates() claims sharing the most of the remaining keys
--     are compared by claim_lookalikes_among() as before.
-- The threshold, guards and scores are unchanged: only which claims are compared.
-- Measured on bench.sh's million against the exhaustive search, on 40 claims with no
-- numbers (20 prose, 20 of the no-number template) the settings were not chosen on:
-- 556 of its 619 look-alikes found (0.898; 013's bands 489, 0.790), 43 ms a claim on
-- average (013's: 1.4 s). Details in docs/benchmarks.md. The GIN index on
-- lookalike_bands goes: nothing reads it any more.

-- A claim's lookalike keys: its non-empty bands and its adjacent word pairs, each
-- pair hashed with the fact key as the bands are; NULL for a claim with no bands.
CREATE FUNCTION claim_lookalike_keys(bands integer[], fact_key text, normalized text) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE WHEN bands IS NOT NULL THEN ARRAY(
        SELECT b FROM unnest(bands) AS b WHERE b <> 0
        UNION
        SELECT hashtext(fact_key || '|' || w[i] || ' ' || w[i + 1])
        -- OFFSET 0: split once, not once for each w[i] (2.7 times slower)
        FROM (SELECT array_remove(regexp_split_to_array(normalized, '[^[:alnum:]]+'), '') AS w OFFSET 0) AS s,
             generate_series(1, cardinality(w) - 1) AS i) END;
END;

CREATE TABLE claim_lookalike_postings (
    key      integer NOT NULL,
    claim_id bigint NOT NULL
);
REVOKE ALL ON claim_lookalike_postings FROM PUBLIC, claims_reviewer, claims_editor;
GRANT SELECT ON claim_lookalike_postings TO claims_reviewer;

-- A claim's postings follow its keys: written when it is stored, replaced when its
-- text changes, removed with it. Runs as the owner: no login writes them directly.
CREATE FUNCTION claims_post_lookalike_keys() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.claim_lookalike_postings (key, claim_id)
        SELECT k, a.id FROM added AS a, unnest(public.claim_lookalike_keys(a.lookalike_bands, a.fact_key, a.normalized)) AS k
        WHERE a.lookalike_bands IS NOT NULL;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM public.claim_lookalike_postings
        WHERE key = ANY (public.claim_lookalike_keys(OLD.lookalike_bands, OLD.fact_key, OLD.normalized)) AND claim_id = OLD.id;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO public.claim_lookalike_postings (key, claim_id)
        SELECT k, NEW.id FROM unnest(public.claim_lookalike_keys(NEW.lookalike_bands, NEW.fact_key, NEW.normalized)) AS k;
    END IF;
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION claims_post_lookalike_keys() FROM PUBLIC;
-- Named to fire before claims_suggest_lookalikes (triggers of one kind fire in name
-- order), so the claims stored by one statement find each other.
CREATE TRIGGER claims_post_lookalike_keys AFTER INSERT ON claims
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION claims_post_lookalike_keys();
CREATE TRIGGER claims_post_lookalike_keys_change AFTER UPDATE ON claims
    FOR EACH ROW WHEN ((OLD.lookalike_bands, OLD.fact_key, OLD.normalized) IS DISTINCT FROM (NEW.lookalike_bands, NEW.fact_key, NEW.normalized))
    EXECUTE FUNCTION claims_post_lookalike_keys();
CREATE TRIGGER claims_post_lookalike_keys_delete AFTER DELETE ON claims
    FOR EACH ROW WHEN (OLD.lookalike_bands IS NOT NULL)
    EXECUTE FUNCTION claims_post_lookalike_keys();

CREATE FUNCTION claims_unpost_all_lookalike_keys() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    TRUNCATE public.claim_lookalike_postings;
    RETURN NULL;
END;
$$;
REVOKE EXECUTE ON FUNCTION claims_unpost_all_lookalike_keys() FROM PUBLIC;
CREATE TRIGGER claims_unpost_all_lookalike_keys AFTER TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION claims_unpost_all_lookalike_keys();

INSERT INTO claim_lookalike_postings (key, claim_id)
SELECT k, c.id FROM claims AS c, unnest(claim_lookalike_keys(c.lookalike_bands, c.fact_key, c.normalized)) AS k
WHERE c.lookalike_bands IS NOT NULL;
-- Made after the rows are in. At a million claims the rows took 55 s and the index
-- 18.5 s; with the index made first (and the words split once per word) 7 min 23 s.
CREATE INDEX claim_lookalike_postings_idx ON claim_lookalike_postings (key, claim_id);
-- Statistics now, not when autovacuum comes: without them the candidate count of the
-- worst-case template claim took 583 ms at a million claims instead of 34 ms (a copy
-- of the postings before and after VACUUM ANALYZE). Autovacuum sets the visibility
-- map the index-only count needs after a large backfill like this one.
ANALYZE claim_lookalike_postings;

DROP INDEX claims_lookalike_bands_idx;
DROP FUNCTION claim_bands_shared(integer[], integer[]);

-- How many of the best-ranked candidates are compared (200 in 013, in two rounds).
CREATE OR REPLACE FUNCTION claim_lookalike_candidates() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 400 $$;

-- Keys more claims share than this are left out of the count (see above).
CREATE FUNCTION claim_lookalike_key_cap() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$ SELECT 2000 $$;

-- As in 015; a large group is searched by its lookalike keys (see above).
CREATE OR REPLACE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, public, pg_temp
SET pg_trgm.similarity_threshold = 0.3
-- See the end of this file.
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
        CROSS JOIN LATERAL (SELECT similarity(c.normalized, t.normalized) AS trigrams) AS s
        CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine) AS e
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
        CROSS JOIN LATERAL (SELECT claim_cosine(c.embedding, t.embedding) AS cosine) AS e
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

-- Planned once per session (the SET plan_cache_mode above). PL/pgSQL plans a
-- statement for its values for the first five calls, then keeps a generic plan
-- unless that looks dearer. In a database of a million claims, where one fact key
-- (the empty one) is shared by a third of them, the generic plan of the direct
-- comparison always looked dearer, so every call planned its statements again:
-- 1.19 ms a call for the last 300 claims of an ingest into the million, 0.19 ms
-- with the generic plan, as in an empty database (0.20 ms). The comparison runs only
-- for fact keys fewer than 300 claims share, so its index is the same for every
-- one; the trigram search in the last branch is planned for its fact key.
