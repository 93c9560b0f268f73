-- Variants: the same statement with another number, date or direction ("sanctioned
-- 32 entities" and "sanctioned 23 entities"; Feb. 4 and Feb. 5; rose and fell).
-- They are never duplicates (their facts or stances differ, so claim_lookalikes
-- never pairs them) and are linked apart, in claim_variants, so a reviewer is told
-- when the same claim with another figure was already checked.
--
-- A claim's shape is its normalised text with every figure, spelled-out number,
-- scale word, month and weekday as '#', every stance word (rose, fell, for,
-- against, …) as '~', and negations and a few function words left out. Two claims
-- with the same shape whose facts differ, or whose stances contradict, are
-- variants. The shape's hash is stored with the claim (`variant_key`), so finding a
-- new claim's variants is one b-tree range, whatever the size of the archive.

CREATE FUNCTION claim_variant_shape(normalized text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    vocabulary constant jsonb := claim_fact_words();
    shape text[] := '{}';
    content integer := 0;
    word text;
    class text;
    mark text;
BEGIN
    FOREACH word IN ARRAY regexp_split_to_array(normalized, '[^[:alnum:]%$€£]+') LOOP
        CONTINUE WHEN word = '';
        class := vocabulary ->> word;
        IF word ~ '^[$€£]?[0-9]' OR word IN ('%', '$', '€', '£') OR class LIKE 'number %'
           OR (class LIKE 'fact %') THEN
            mark := '#';
        ELSIF class IN ('stance not') OR word IN ('a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'its', 'their',
                                                    'and', 'is', 'was', 'were', 'has', 'have', 'had', 'be', 'been') THEN
            CONTINUE;
        ELSIF class LIKE 'stance %' THEN
            mark := '~';
        ELSE
            mark := word;
            content := content + 1;
        END IF;
        -- "Feb. 4, 2026" and "March 4" are one date: a run of figures is one mark.
        CONTINUE WHEN mark = '#' AND shape[cardinality(shape)] = '#';
        shape := shape || mark;
    END LOOP;
    -- A short shape ("it rose #") says too little to call two claims one statement.
    IF content < 3 OR NOT '#' = ANY (shape) AND NOT '~' = ANY (shape) THEN
        RETURN NULL;
    END IF;
    RETURN array_to_string(shape, ' ');
END;
$$;

ALTER TABLE claims ADD COLUMN variant_key text;

-- The keys, as before, and the variant key, whenever a claim is stored or its text changes.
CREATE OR REPLACE FUNCTION claims_set_match_keys() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    SELECT k.fact_key, k.stances, k.names INTO NEW.fact_key, NEW.stances, NEW.names
    FROM claim_match_keys(NEW.text, NEW.normalized) AS k;
    NEW.variant_key := md5(claim_variant_shape(NEW.normalized));
    RETURN NEW;
END;
$$;
DROP TRIGGER claims_set_match_keys ON claims;
CREATE TRIGGER claims_set_match_keys BEFORE INSERT OR UPDATE OF text, normalized, fact_key, stances, names, variant_key
    ON claims FOR EACH ROW EXECUTE FUNCTION claims_set_match_keys();

-- The variant key is derived like the other match keys: not a change to audit.
CREATE OR REPLACE FUNCTION claim_changes(old_row claims, new_row claims)
RETURNS TABLE (field text, old_value text, new_value text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.key, o.value #>> '{}', n.value #>> '{}'
    FROM jsonb_each(to_jsonb(old_row)) AS o
    JOIN jsonb_each(to_jsonb(new_row)) AS n ON n.key = o.key
    WHERE o.value IS DISTINCT FROM n.value
      AND o.key NOT IN ('version', 'updated_at', 'search', 'fact_key', 'stances', 'names', 'variant_key')
    ORDER BY o.key;
END;

-- Newest first within a shape, and the verified ones apart, so a shape shared by
-- thousands of claims still gives its few verified variants at once.
CREATE INDEX claims_variant_key_idx ON claims (variant_key, id) WHERE variant_key IS NOT NULL;
CREATE INDEX claims_verified_variant_key_idx ON claims (variant_key, id)
    WHERE variant_key IS NOT NULL AND status = 'verified';

-- One row per direction, like claim_suggestions.
CREATE TABLE claim_variants (
    claim_id    bigint NOT NULL REFERENCES claims (id),
    variant_id  bigint NOT NULL REFERENCES claims (id),
    -- trigram similarity of the normalised texts, 0 to 1
    score       real NOT NULL CHECK (score >= 0 AND score <= 1),
    linked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_id, variant_id),
    CHECK (claim_id <> variant_id)
);

-- The variants of a claim: the same shape, other facts or a contradicting stance;
-- merged claims and pairs a reviewer unlinked are left out. The verified ones come
-- first, then the newest.
CREATE FUNCTION claim_variants_of(target bigint, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH t AS (SELECT * FROM claims WHERE claims.id = target AND variant_key IS NOT NULL),
    found AS (
        (SELECT c.id, true AS verified FROM claims c, t
         WHERE c.variant_key = t.variant_key AND c.status = 'verified' AND c.id <> t.id AND c.merged_into IS NULL
           AND (c.fact_key <> t.fact_key OR claim_stances_contradict(c.stances, t.stances))
           AND NOT EXISTS (SELECT 1 FROM claim_distinct_pairs p
                           WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
         ORDER BY c.id DESC LIMIT max_count)
        UNION ALL
        (SELECT c.id, false FROM claims c, t
         WHERE c.variant_key = t.variant_key AND c.id <> t.id AND c.merged_into IS NULL
           AND (c.fact_key <> t.fact_key OR claim_stances_contradict(c.stances, t.stances))
           AND NOT EXISTS (SELECT 1 FROM claim_distinct_pairs p
                           WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
         ORDER BY c.id DESC LIMIT max_count))
    SELECT f.id, similarity(c.normalized, t.normalized)
    FROM (SELECT found.id, bool_or(found.verified) AS verified FROM found GROUP BY found.id) AS f
    JOIN claims c ON c.id = f.id, t
    ORDER BY f.verified DESC, f.id DESC
    LIMIT max_count;
END;

-- Links each of these claims to its variants (at most 20 each), both ways; links
-- already there stay. Runs as the owner: reviewer logins read and remove variant
-- links (`claims unlink`) but only this rule adds them.
CREATE FUNCTION claims_link_variants(ids bigint[]) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    linked integer;
BEGIN
    INSERT INTO public.claim_variants (claim_id, variant_id, score)
    SELECT pair.claim_id, pair.variant_id, max(pair.score)
    FROM unnest(ids) AS n (id)
    CROSS JOIN LATERAL public.claim_variants_of(n.id, 20) AS v
    CROSS JOIN LATERAL (VALUES (n.id, v.id, v.score), (v.id, n.id, v.score)) AS pair (claim_id, variant_id, score)
    GROUP BY pair.claim_id, pair.variant_id
    ORDER BY pair.claim_id, pair.variant_id
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS linked = ROW_COUNT;
    RETURN linked;
END;
$$;
REVOKE EXECUTE ON FUNCTION claims_link_variants(bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claims_link_variants(bigint[]) TO claims_reviewer;

-- Every way a claim gets in links its look-alikes and its variants in the same transaction.
CREATE OR REPLACE FUNCTION claims_suggest_lookalikes() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    ids bigint[] := ARRAY(SELECT id FROM added);
BEGIN
    PERFORM claims_link_lookalikes(ids);
    PERFORM claims_link_variants(ids);
    RETURN NULL;
END;
$$;

-- The claims already stored get their keys and links now (the keys are derived:
-- no version moves and no event is written).
UPDATE claims SET variant_key = NULL;
SELECT claims_link_variants(ARRAY(SELECT id FROM claims));

GRANT SELECT, DELETE ON claim_variants TO claims_reviewer;
