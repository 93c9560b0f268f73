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
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, pg_temp
-- A shape shared by thousands of claims must be read newest first and stopped at
-- max_count, not gathered whole in a bitmap and sorted: with the statistics of a
-- table still filling up (an ingest of many claims) the planner took the bitmap,
-- and 5,000 claims of one shape stored in one statement took 200 s instead of 9.
SET enable_bitmapscan = off AS $$
DECLARE
    t claims%ROWTYPE;
BEGIN
    -- The target's keys as values, so each scan below is one range of
    -- claims_variant_key_idx read newest first, stopping at max_count.
    SELECT * INTO t FROM claims WHERE claims.id = target;
    IF NOT FOUND OR t.variant_key IS NULL THEN RETURN; END IF;
    RETURN QUERY
    WITH found AS (
        (SELECT c.id, true AS verified FROM claims c
         WHERE c.variant_key = t.variant_key AND c.status = 'verified' AND c.id <> t.id AND c.merged_into IS NULL
           AND (c.fact_key <> t.fact_key OR claim_stances_contradict(c.stances, t.stances))
           AND NOT EXISTS (SELECT 1 FROM claim_distinct_pairs p
                           WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
         ORDER BY c.id DESC LIMIT max_count)
        UNION ALL
        (SELECT c.id, false FROM claims c
         WHERE c.variant_key = t.variant_key AND c.id <> t.id AND c.merged_into IS NULL
           AND (c.fact_key <> t.fact_key OR claim_stances_contradict(c.stances, t.stances))
           AND NOT EXISTS (SELECT 1 FROM claim_distinct_pairs p
                           WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
         ORDER BY c.id DESC LIMIT max_count))
    SELECT f.id, similarity(c.normalized, t.normalized)
    FROM (SELECT found.id, bool_or(found.verified) AS verified FROM found GROUP BY found.id) AS f
    JOIN claims c ON c.id = f.id
    ORDER BY f.verified DESC, f.id DESC
    LIMIT max_count;
END;
$$;

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

GRANT SELECT, DELETE ON claim_variants TO claims_reviewer;

-- Rewordings (#14 item 3). The match keys read what a reworded claim writes
-- otherwise: spelled numbers of two words ("Twenty-three" is 23, "two hundred" is
-- 200), quarters ("Q2", "second quarter" and "second-quarter" are one fact),
-- "per cent" and "pct" as percent, names and their initials ("World Health
-- Organization" also names "who", "Bank of England" also "be" and "boe"), a first
-- word that only opens the sentence ("According", "Average") is no name, and the
-- base of a comparison ("from a year earlier", "month on month", "the previous
-- quarter", "before the pandemic") is a stance that must not contradict.
CREATE OR REPLACE FUNCTION claim_match_keys(text text, normalized text,
                                            OUT fact_key text, OUT stances text[], OUT names text[])
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    vocabulary constant jsonb := claim_fact_words();
    -- Capitalised only because they open a sentence, as news sentences open.
    openers constant text[] := ARRAY['according', 'average', 'some', 'global', 'annual', 'total', 'about', 'over',
        'more', 'most', 'many', 'nearly', 'almost', 'roughly', 'around', 'only', 'just', 'police', 'officials',
        'prosecutors', 'authorities', 'lawmakers', 'investors', 'analysts', 'researchers', 'residents', 'voters',
        'workers', 'shares', 'sales', 'prices', 'passenger', 'passengers', 'food', 'home', 'house', 'retail',
        'inflation', 'unemployment', 'turnout', 'voter', 'rescuers', 'separately', 'meanwhile', 'earlier', 'later',
        'last', 'next', 'despite', 'while', 'since', 'during', 'following', 'under', 'without'];
    connectors constant text[] := ARRAY['of', 'and', 'for', 'the', 'de', 'du'];
    facts text[] := '{}';
    found text[] := '{}';
    tokens text[];
    word text;
    class text;
    match text[];
    plain text;
    first_word text;
    previous integer;
    value integer;
    run_words text[];
    initials text;
    all_initials text;
BEGIN
    -- Quarters first, so the 2 of "Q2" is not taken for a number below.
    FOR match IN SELECT regexp_matches(normalized, '\m(first|second|third|fourth)[- ]quarter', 'g') LOOP
        facts := facts || ('q' || array_position(ARRAY['first', 'second', 'third', 'fourth'], match[1]));
    END LOOP;
    FOR match IN SELECT regexp_matches(normalized, '\mq([1-4])\M', 'g') LOOP
        facts := facts || ('q' || match[1]);
    END LOOP;
    -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
    FOR match IN SELECT regexp_matches(regexp_replace(normalized, '\mq[1-4]\M', ' ', 'g'), '([0-9][0-9.,]*)', 'g') LOOP
        facts := facts || replace(rtrim(match[1], '.,'), ',', '');
    END LOOP;
    -- Spelled-out numbers count each time, like figures; the other words once.
    -- "Twenty-three" is 23 and "two hundred" 200: a word that continues the
    -- spelled number before it changes that number instead of adding one.
    previous := NULL;
    FOREACH word IN ARRAY regexp_split_to_array(normalized, '[^[:alpha:]]+') LOOP
        class := vocabulary ->> word;
        IF class LIKE 'number %' THEN
            value := substr(class, 8)::integer;
            IF previous IS NOT NULL AND previous % 10 = 0 AND previous BETWEEN 20 AND 90 AND value BETWEEN 1 AND 9 THEN
                previous := previous + value;
                facts[cardinality(facts)] := previous::text;
            ELSE
                previous := value;
                facts := facts || value::text;
            END IF;
            CONTINUE;
        ELSIF word IN ('hundred', 'thousand') AND previous IS NOT NULL THEN
            previous := previous * CASE word WHEN 'hundred' THEN 100 ELSE 1000 END;
            facts[cardinality(facts)] := previous::text;
            CONTINUE;
        END IF;
        previous := NULL;
        CONTINUE WHEN class IS NULL;
        IF class LIKE 'fact %' THEN
            IF NOT substr(class, 6) = ANY (facts) THEN facts := facts || substr(class, 6); END IF;
        ELSIF NOT substr(class, 8) = ANY (found) THEN
            found := found || substr(class, 8);
        END IF;
    END LOOP;
    IF (strpos(normalized, '%') > 0 OR normalized ~ '\m(per cent|pct)\M') AND NOT 'percent' = ANY (facts) THEN
        facts := facts || 'percent'::text;
    END IF;
    IF normalized ~ '[[:alpha:]]n''t\M' AND NOT 'not' = ANY (found) THEN found := found || 'not'::text; END IF;
    IF strpos(normalized, '$') > 0 AND NOT 'unit dollars' = ANY (found) THEN found := found || 'unit dollars'::text; END IF;
    IF strpos(normalized, '€') > 0 AND NOT 'unit euros' = ANY (found) THEN found := found || 'unit euros'::text; END IF;
    IF strpos(normalized, '£') > 0 AND NOT 'unit pounds' = ANY (found) THEN found := found || 'unit pounds'::text; END IF;
    -- What a change is measured against.
    IF normalized ~ '\m(year earlier|year ago|year-on-year|year on year|y/y|previous year|prior year)\M'
       OR normalized ~ '\msame (month|quarter|period|week) (a year earlier|a year ago|last year|of last year|of the previous year)\M' THEN
        found := found || 'base year'::text;
    END IF;
    IF normalized ~ '\m(month earlier|month ago|month-on-month|month on month|m/m|previous month|prior month)\M' THEN
        found := found || 'base month'::text;
    END IF;
    IF normalized ~ '\m(quarter earlier|previous quarter|prior quarter|quarter-on-quarter|quarter on quarter|q/q)\M' THEN
        found := found || 'base quarter'::text;
    END IF;
    IF normalized ~ '\m(before the pandemic|pre-pandemic|prepandemic|before covid)\M' THEN
        found := found || 'base pandemic'::text;
    END IF;
    fact_key := coalesce((SELECT string_agg(f, ' ' ORDER BY f COLLATE "C") FROM unnest(facts) AS f), '');
    stances := ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");

    -- Names: capitalised words of the original text, lower-cased, without the
    -- words above (months, weekdays), without "Q2", and without a first word that
    -- is only capitalised because it starts the sentence ("The", "On": English
    -- stop words; "According", "Average": the openers above). Dots go first, so
    -- "U.S." and "US" are one name.
    plain := regexp_replace(replace(text, '.', ''), '\mQ[1-4]\M', ' ', 'g');
    first_word := substring(plain FROM '^[^[:alpha:]]*([[:alpha:]]+)');
    IF first_word IS NOT NULL AND (to_tsvector('english', first_word) = ''::tsvector OR lower(first_word) = ANY (openers)) THEN
        plain := regexp_replace(plain, '^[^[:alpha:]]*[[:alpha:]]+', '');
    END IF;
    found := '{}';
    FOR match IN SELECT regexp_matches(plain, '([[:upper:]][[:alpha:]]*)', 'g') LOOP
        word := lower(match[1]);
        IF vocabulary ->> word IS NULL AND NOT word = ANY (found) THEN found := found || word; END IF;
    END LOOP;
    -- A run of two or more capitalised words also stands for its initials, with
    -- and without the small words inside ("Bank of England": "=be" and "=boe").
    -- They are marked with '=': they let "the BoE" meet "the Bank of England" but
    -- are never a name one claim has and the other lacks (claim_names_differ).
    FOR match IN SELECT regexp_matches(plain, '([[:upper:]][[:alpha:]]*(?:[ ]+(?:(?:of|and|for|the|de|du)[ ]+)?[[:upper:]][[:alpha:]]*)+)', 'g') LOOP
        run_words := regexp_split_to_array(match[1], '[ ]+');
        -- "Thursday the ECB" is no name: a run with a month or weekday in it is left alone.
        CONTINUE WHEN EXISTS (SELECT 1 FROM unnest(run_words) AS w WHERE vocabulary ? lower(w));
        initials := '';
        all_initials := '';
        FOREACH word IN ARRAY run_words LOOP
            all_initials := all_initials || lower(left(word, 1));
            IF NOT word = ANY (connectors) THEN initials := initials || lower(left(word, 1)); END IF;
        END LOOP;
        IF NOT '=' || initials = ANY (found) THEN found := found || ('=' || initials); END IF;
        IF NOT '=' || all_initials = ANY (found) THEN found := found || ('=' || all_initials); END IF;
    END LOOP;
    names := ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");
END;
$$;

-- The base of a comparison contradicts like a unit: each names one the other lacks.
CREATE OR REPLACE FUNCTION claim_stances_contradict(a text[], b text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT ('not' = ANY (a)) <> ('not' = ANY (b))
        OR EXISTS (
            SELECT 1
            FROM (VALUES ('up', 'down'), ('for', 'against'), ('convicted', 'acquitted'), ('ended', 'began'),
                         ('male', 'female'), ('export', 'import'), ('minimum', 'maximum')) AS opposite (x, y),
                 LATERAL (VALUES (a, b), (b, a)) AS way (this, other),
                 LATERAL (VALUES (x, y), (y, x)) AS pole (stance, opposite)
            WHERE pole.stance = ANY (way.this) AND NOT pole.stance = ANY (way.other)
              AND pole.opposite = ANY (way.other))
        OR (EXISTS (SELECT 1 FROM unnest(a) AS u WHERE u LIKE 'unit %' AND u <> ALL (b))
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'unit %' AND u <> ALL (a)))
        OR (EXISTS (SELECT 1 FROM unnest(a) AS u WHERE u LIKE 'base %' AND u <> ALL (b))
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'base %' AND u <> ALL (a)));
END;

-- Names as before, with initials: a name is not one the other claim lacks when
-- the other has it as initials ("ecb" and "=ecb" from "European Central Bank"),
-- nor when it is a word of a run whose initials the other names ("united" and
-- "states" when the other says "US"); the initials themselves ('=' first) are
-- never such a name.
CREATE OR REPLACE FUNCTION claim_names_differ(a text[], b text[], a_text text, b_text text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH only_a AS (SELECT name FROM unnest(a) AS name
                    WHERE left(name, 1) <> '=' AND name <> ALL (b) AND ('=' || name) <> ALL (b)
                      AND b_text !~ ('\m' || name || '\M')
                      AND NOT EXISTS (SELECT 1 FROM unnest(a) AS i
                                      WHERE left(i, 1) = '=' AND substr(i, 2) = ANY (b)
                                        AND strpos(substr(i, 2), left(name, 1)) > 0)),
         only_b AS (SELECT name FROM unnest(b) AS name
                    WHERE left(name, 1) <> '=' AND name <> ALL (a) AND ('=' || name) <> ALL (a)
                      AND a_text !~ ('\m' || name || '\M')
                      AND NOT EXISTS (SELECT 1 FROM unnest(b) AS i
                                      WHERE left(i, 1) = '=' AND substr(i, 2) = ANY (a)
                                        AND strpos(substr(i, 2), left(name, 1)) > 0)),
         rest_a AS (SELECT name FROM only_a WHERE NOT EXISTS (
             SELECT 1 FROM only_b WHERE length(only_b.name) >= 4 AND left(only_b.name, 4) = left(only_a.name, 4))),
         rest_b AS (SELECT name FROM only_b WHERE NOT EXISTS (
             SELECT 1 FROM only_a WHERE length(only_a.name) >= 4 AND left(only_a.name, 4) = left(only_b.name, 4))),
         letters AS (
             SELECT (SELECT string_agg(name, '') FROM rest_a) AS word_a,
                    (SELECT string_agg(left(name, 1), '' ORDER BY left(name, 1)) FROM rest_a) AS initials_a,
                    (SELECT string_agg(name, '') FROM rest_b) AS word_b,
                    (SELECT string_agg(left(name, 1), '' ORDER BY left(name, 1)) FROM rest_b) AS initials_b)
    SELECT EXISTS (SELECT 1 FROM rest_a) AND EXISTS (SELECT 1 FROM rest_b)
       AND NOT ((SELECT count(*) FROM rest_a) = 1
                AND (SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(word_a, '') AS c) = initials_b)
       AND NOT ((SELECT count(*) FROM rest_b) = 1
                AND (SELECT string_agg(c, '' ORDER BY c) FROM regexp_split_to_table(word_b, '') AS c) = initials_a)
    FROM letters;
END;

-- Every claim's keys again under these rules, and its links (the keys are derived:
-- no version moves and no event is written): suggestions that no
-- longer hold go (a pair a reviewer unlinked stays unlinked; merges are untouched).
UPDATE claims SET fact_key = fact_key;
DELETE FROM claim_suggestions s USING claims a, claims b
WHERE a.id = s.claim_id AND b.id = s.similar_id
  AND (a.fact_key <> b.fact_key OR claim_stances_contradict(a.stances, b.stances));
SELECT claims_link_lookalikes(ARRAY(SELECT id FROM claims));
SELECT claims_link_variants(ARRAY(SELECT id FROM claims));
