-- Suggested duplicates, stored when a claim is stored.
--
-- Two claims can only be the same claim when they state the same facts:
--  * `fact_key`: every number (as digits; spelled-out ones too), month, weekday,
--    scale word and unit, sorted. Equal keys are required, so "sanctioned 32
--    entities" ('32') and "sanctioned 23 entities" ('23') never meet, and the
--    trigram index below only looks among claims with equal keys.
--  * `stances`: the words that turn a claim around (rose or fell, not, for or
--    against, convicted or acquitted, men or women, exports or imports). These
--    must not contradict: "rose 12%" and "fell 12%" never meet, but "rose 12%"
--    and "was 12% up on a year earlier" can.
--  * `names`: capitalised words. Two claims that each name something the other
--    does not (Ohio and Oregon) are about different things.
-- btree_gin lets one GIN index hold the key and the trigrams; like pg_trgm it is
-- a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- What a word stands for, or NULL: its fact, or its stance.
CREATE FUNCTION claim_word_class(word text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN word IN ('january', 'jan') THEN 'january'
        WHEN word IN ('february', 'feb') THEN 'february'
        WHEN word IN ('march', 'mar') THEN 'march'
        WHEN word IN ('april', 'apr') THEN 'april'
        WHEN word IN ('may') THEN 'may'
        WHEN word IN ('june', 'jun') THEN 'june'
        WHEN word IN ('july', 'jul') THEN 'july'
        WHEN word IN ('august', 'aug') THEN 'august'
        WHEN word IN ('september', 'sep', 'sept') THEN 'september'
        WHEN word IN ('october', 'oct') THEN 'october'
        WHEN word IN ('november', 'nov') THEN 'november'
        WHEN word IN ('december', 'dec') THEN 'december'
        WHEN word IN ('monday') THEN 'monday'
        WHEN word IN ('tuesday') THEN 'tuesday'
        WHEN word IN ('wednesday') THEN 'wednesday'
        WHEN word IN ('thursday') THEN 'thursday'
        WHEN word IN ('friday') THEN 'friday'
        WHEN word IN ('saturday') THEN 'saturday'
        WHEN word IN ('sunday') THEN 'sunday'
        WHEN word IN ('yesterday') THEN 'yesterday'
        WHEN word IN ('today') THEN 'today'
        WHEN word IN ('tomorrow') THEN 'tomorrow'
        WHEN word IN ('hundred') THEN 'hundred'
        WHEN word IN ('thousand') THEN 'thousand'
        WHEN word IN ('million') THEN 'million'
        WHEN word IN ('billion') THEN 'billion'
        WHEN word IN ('trillion') THEN 'trillion'
        WHEN word IN ('half', 'halved', 'halving') THEN 'half'
        WHEN word IN ('twice') THEN 'twice'
        WHEN word IN ('double', 'doubled', 'doubling') THEN 'double'
        WHEN word IN ('triple', 'tripled', 'tripling') THEN 'triple'
        WHEN word IN ('percent') THEN 'percent'
        WHEN word IN ('points') THEN 'points'
        WHEN word IN ('acres') THEN 'unit acres'
        WHEN word IN ('hectares') THEN 'unit hectares'
        WHEN word IN ('miles') THEN 'unit miles'
        WHEN word IN ('kilometers', 'kilometres', 'km') THEN 'unit kilometers'
        WHEN word IN ('tons') THEN 'unit tons'
        WHEN word IN ('tonnes') THEN 'unit tonnes'
        WHEN word IN ('barrels') THEN 'unit barrels'
        WHEN word IN ('degrees') THEN 'unit degrees'
        WHEN word IN ('dollars') THEN 'unit dollars'
        WHEN word IN ('euros') THEN 'unit euros'
        WHEN word IN ('pounds') THEN 'unit pounds'
        WHEN word IN ('yen') THEN 'unit yen'
        -- spelled-out numbers, as news style writes two to nine
        WHEN word = ANY ('{zero,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,thirteen,fourteen,fifteen,sixteen,seventeen,eighteen,nineteen,twenty,thirty,forty,fifty,sixty,seventy,eighty,ninety}'::text[])
            THEN ('{0,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,30,40,50,60,70,80,90}'::text[])[array_position('{zero,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,thirteen,fourteen,fifteen,sixteen,seventeen,eighteen,nineteen,twenty,thirty,forty,fifty,sixty,seventy,eighty,ninety}'::text[], word)]
        WHEN word IN ('rose', 'more', 'rise', 'rises', 'risen', 'rising', 'increase', 'increased', 'increases',
            'grew', 'grow', 'grows', 'climbed', 'climbs', 'jumped', 'gained', 'surged', 'soared',
            'higher', 'above', 'added', 'raised', 'expanded', 'boosted', 'strengthened') THEN 'up'
        WHEN word IN ('fell', 'fall', 'falls', 'fallen', 'falling', 'decrease', 'decreased', 'decreases',
            'declined', 'decline', 'declines', 'dropped', 'drop', 'drops', 'shrank', 'shrunk', 'cut',
            'cuts', 'lost', 'loses', 'lower', 'below', 'fewer', 'less', 'slumped', 'plunged', 'reduced',
            'lowered', 'weakened') THEN 'down'
        WHEN word IN ('not', 'never', 'no', 'nor') THEN 'not'
        WHEN word IN ('supported', 'support', 'supports', 'favor', 'favour', 'favored', 'favoured',
            'backed', 'approved', 'approve', 'passed', 'signed', 'adopted', 'accepted', 'won', 'upheld') THEN 'for'
        WHEN word IN ('opposed', 'oppose', 'opposes', 'against', 'rejected', 'reject', 'vetoed', 'veto',
            'blocked', 'defeated', 'failed', 'denied', 'struck') THEN 'against'
        WHEN word IN ('convicted', 'guilty') THEN 'convicted'
        WHEN word IN ('acquitted') THEN 'acquitted'
        WHEN word IN ('lifted', 'repealed', 'scrapped', 'ended', 'abolished') THEN 'ended'
        WHEN word IN ('imposed', 'introduced', 'enacted', 'launched') THEN 'began'
        WHEN word IN ('men', 'man', 'male', 'males', 'boys') THEN 'male'
        WHEN word IN ('women', 'woman', 'female', 'females', 'girls') THEN 'female'
        WHEN word IN ('exports', 'export', 'exported') THEN 'export'
        WHEN word IN ('imports', 'import', 'imported') THEN 'import'
        WHEN word IN ('minimum') THEN 'minimum'
        WHEN word IN ('maximum') THEN 'maximum'
    END
$$;

-- The classes that are stances, not facts.
CREATE FUNCTION claim_is_stance(token text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT token LIKE 'unit %' OR token IN ('up', 'down', 'not', 'for', 'against', 'convicted', 'acquitted', 'ended', 'began', 'male', 'female', 'export', 'import', 'minimum', 'maximum')
$$;

CREATE FUNCTION claim_fact_key(normalized text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(token, ' ' ORDER BY token COLLATE "C"), '')
    FROM (
        -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
        SELECT replace(rtrim(m[1], '.,'), ',', '') AS token
        FROM regexp_matches(normalized, '([0-9][0-9.,]*)', 'g') AS m
        UNION ALL
        -- Spelled-out numbers count each time, like figures; the other words once.
        SELECT token FROM (
            SELECT claim_word_class(word) AS token FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS word
        ) AS words
        WHERE token ~ '^[0-9]'
        UNION ALL
        SELECT DISTINCT token FROM (
            SELECT claim_word_class(word) AS token FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS word
            UNION
            SELECT 'percent' WHERE strpos(normalized, '%') > 0
        ) AS words
        WHERE token !~ '^[0-9]' AND NOT claim_is_stance(token)
    ) AS facts
$$;

CREATE FUNCTION claim_stances(normalized text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT token ORDER BY token), '{}')
    FROM (
        SELECT claim_word_class(word) AS token FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS word
        UNION ALL
        SELECT 'not' WHERE normalized ~ '[[:alpha:]]n''t\M'
        UNION ALL
        SELECT symbol.token FROM (VALUES ('$', 'unit dollars'), ('€', 'unit euros'), ('£', 'unit pounds'))
            AS symbol (sign, token) WHERE strpos(normalized, symbol.sign) > 0
    ) AS words
    WHERE claim_is_stance(token)
$$;

-- Whether two claims' stances contradict: one says not and the other does not;
-- one has a stance (rose) that the other lacks while it has the opposite (fell);
-- or each has a unit the other lacks (acres, hectares).
CREATE FUNCTION claim_stances_contradict(a text[], b text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
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
$$;

-- The names a claim mentions: capitalised words of its original text, lower-cased,
-- without the words that are facts (months, weekdays) and without a first word
-- that is only capitalised because it starts the sentence ("The", "On": English
-- stop words). Dots go first, so "U.S." and "US" are one name.
CREATE FUNCTION claim_names(text text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT lower(m[1]) ORDER BY lower(m[1])), '{}')
    FROM (SELECT replace(text, '.', '') AS plain) AS t
    CROSS JOIN LATERAL (SELECT substring(t.plain FROM '^[^[:alpha:]]*([[:alpha:]]+)') AS word) AS first
    CROSS JOIN LATERAL regexp_matches(
        CASE WHEN to_tsvector('english', coalesce(first.word, '')) = ''::tsvector
             THEN regexp_replace(t.plain, '^[^[:alpha:]]*[[:alpha:]]+', '')
             ELSE t.plain END,
        '([[:upper:]][[:alpha:]]*)', 'g') AS m
    WHERE claim_word_class(lower(m[1])) IS NULL
$$;

-- Whether two claims name different things: each names something the other does
-- not mention. A claim that only adds a name ("the Treasury Department", "the
-- Treasury") can still be the same claim; so can "Germany" and "German" (same
-- first four letters) and an acronym for the other's names ("ECB", "European
-- Central Bank"). `a_text` and `b_text` are the normalised texts: a name the other
-- has as a plain word ("Turnout", "voter turnout") is not a different name.
CREATE FUNCTION claim_names_differ(a text[], b text[], a_text text, b_text text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH only_a AS (SELECT name FROM unnest(a) AS name WHERE name <> ALL (b) AND b_text !~ ('\m' || name || '\M')),
         only_b AS (SELECT name FROM unnest(b) AS name WHERE name <> ALL (a) AND a_text !~ ('\m' || name || '\M')),
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
    FROM letters
$$;

ALTER TABLE claims ADD COLUMN fact_key text GENERATED ALWAYS AS (claim_fact_key(normalized)) STORED;
ALTER TABLE claims ADD COLUMN stances text[] GENERATED ALWAYS AS (claim_stances(normalized)) STORED;
ALTER TABLE claims ADD COLUMN names text[] GENERATED ALWAYS AS (claim_names(text)) STORED;
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

-- Claims with the same facts whose wording is at least `threshold` alike and whose
-- stances and names do not contradict, best first; merged claims and pairs a reviewer marked
-- distinct are left out.
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
      AND NOT claim_stances_contradict(c.stances, t.stances)
      AND NOT claim_names_differ(c.names, t.names, c.normalized, t.normalized)
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
