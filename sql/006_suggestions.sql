-- Suggested duplicates, stored when a claim is stored.
--
-- Two claims can only be the same claim when they state the same facts.
-- `fact_key` is those facts, sorted: every number (as digits, spelled-out ones
-- too), every month, weekday and scale word, and the words that turn a claim
-- around: rose or fell, not, for or against, lifted, men or women,
-- exports or imports. "Sanctioned 32 entities" ('32') and "sanctioned 23
-- entities" ('23') never meet, nor "rose 12%" ('12 up') and "fell 12%" ('12 down'),
-- and the trigram index below only looks among claims with equal keys.
-- btree_gin lets one GIN index hold both; like pg_trgm it is a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE FUNCTION claim_fact_key(normalized text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    WITH fact_words (word, token) AS (VALUES
            ('zero', '0'), ('two', '2'), ('three', '3'), ('four', '4'), ('five', '5'), ('six', '6'),
            ('seven', '7'), ('eight', '8'), ('nine', '9'), ('ten', '10'), ('eleven', '11'),
            ('twelve', '12'), ('thirteen', '13'), ('fourteen', '14'), ('fifteen', '15'),
            ('sixteen', '16'), ('seventeen', '17'), ('eighteen', '18'), ('nineteen', '19'),
            ('twenty', '20'), ('thirty', '30'), ('forty', '40'), ('fifty', '50'), ('sixty', '60'),
            ('seventy', '70'), ('eighty', '80'), ('ninety', '90'),
            ('against', 'against'), ('blocked', 'against'), ('defeated', 'against'),
            ('denied', 'against'), ('failed', 'against'), ('oppose', 'against'), ('opposed', 'against'),
            ('opposes', 'against'), ('reject', 'against'), ('rejected', 'against'), ('veto', 'against'),
            ('vetoed', 'against'),
            ('apr', 'april'), ('april', 'april'),
            ('aug', 'august'), ('august', 'august'),
            ('billion', 'billion'),
            ('dec', 'december'), ('december', 'december'),
            ('double', 'double'), ('doubled', 'double'), ('doubling', 'double'),
            ('below', 'down'), ('cut', 'down'), ('cuts', 'down'), ('decline', 'down'),
            ('declined', 'down'), ('declines', 'down'), ('decrease', 'down'), ('decreased', 'down'),
            ('decreases', 'down'), ('drop', 'down'), ('dropped', 'down'), ('drops', 'down'),
            ('fall', 'down'), ('fallen', 'down'), ('falling', 'down'), ('falls', 'down'),
            ('fell', 'down'), ('fewer', 'down'), ('loses', 'down'), ('lost', 'down'), ('lower', 'down'),
            ('lowered', 'down'), ('plunged', 'down'), ('reduced', 'down'), ('shrank', 'down'),
            ('shrunk', 'down'), ('slumped', 'down'),
            ('abolished', 'ended'), ('ended', 'ended'), ('lifted', 'ended'), ('repealed', 'ended'),
            ('scrapped', 'ended'),
            ('export', 'export'), ('exported', 'export'), ('exports', 'export'),
            ('feb', 'february'), ('february', 'february'),
            ('female', 'female'), ('females', 'female'), ('girls', 'female'), ('woman', 'female'),
            ('women', 'female'),
            ('accepted', 'for'), ('adopted', 'for'), ('approve', 'for'), ('approved', 'for'),
            ('backed', 'for'), ('favor', 'for'), ('favored', 'for'), ('favour', 'for'),
            ('favoured', 'for'), ('passed', 'for'), ('signed', 'for'), ('support', 'for'),
            ('supported', 'for'), ('supports', 'for'), ('won', 'for'),
            ('friday', 'friday'),
            ('half', 'half'), ('halved', 'half'), ('halving', 'half'),
            ('hundred', 'hundred'),
            ('import', 'import'), ('imported', 'import'), ('imports', 'import'),
            ('jan', 'january'), ('january', 'january'),
            ('jul', 'july'), ('july', 'july'),
            ('jun', 'june'), ('june', 'june'),
            ('boys', 'male'), ('male', 'male'), ('males', 'male'), ('man', 'male'), ('men', 'male'),
            ('mar', 'march'), ('march', 'march'),
            ('maximum', 'maximum'),
            ('may', 'may'),
            ('million', 'million'),
            ('minimum', 'minimum'),
            ('monday', 'monday'),
            ('never', 'not'), ('no', 'not'), ('nor', 'not'), ('not', 'not'),
            ('nov', 'november'), ('november', 'november'),
            ('oct', 'october'), ('october', 'october'),
            ('percent', 'percent'),
            ('saturday', 'saturday'),
            ('sep', 'september'), ('sept', 'september'), ('september', 'september'),
            ('sunday', 'sunday'),
            ('thousand', 'thousand'),
            ('thursday', 'thursday'),
            ('today', 'today'),
            ('tomorrow', 'tomorrow'),
            ('trillion', 'trillion'),
            ('triple', 'triple'), ('tripled', 'triple'), ('tripling', 'triple'),
            ('tuesday', 'tuesday'),
            ('twice', 'twice'),
            ('above', 'up'), ('added', 'up'), ('boosted', 'up'), ('climbed', 'up'), ('climbs', 'up'),
            ('expanded', 'up'), ('gained', 'up'), ('grew', 'up'), ('grow', 'up'), ('grows', 'up'),
            ('higher', 'up'), ('increase', 'up'), ('increased', 'up'), ('increases', 'up'),
            ('jumped', 'up'), ('raised', 'up'), ('rise', 'up'), ('risen', 'up'), ('rises', 'up'),
            ('rising', 'up'), ('rose', 'up'), ('soared', 'up'), ('surged', 'up'),
            ('wednesday', 'wednesday'),
            ('yesterday', 'yesterday'))
    SELECT coalesce(string_agg(token, ' ' ORDER BY token COLLATE "C"), '')
    FROM (
        -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
        SELECT replace(rtrim(m[1], '.,'), ',', '') AS token
        FROM regexp_matches(normalized, '([0-9][0-9.,]*)', 'g') AS m
        UNION ALL
        -- Spelled-out numbers count each time, like figures; the other words once.
        SELECT word_class.token
        FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS split (word)
        JOIN fact_words AS word_class ON word_class.word = split.word
        WHERE word_class.token ~ '^[0-9]'
        UNION ALL
        SELECT DISTINCT word_class.token
        FROM regexp_split_to_table(normalized, '[^[:alpha:]]+') AS split (word)
        JOIN fact_words AS word_class ON word_class.word = split.word
        WHERE word_class.token !~ '^[0-9]'
        UNION ALL
        SELECT DISTINCT 'not' WHERE normalized ~ '[[:alpha:]]n''t\M'
    ) AS facts
$$;

-- The names a claim mentions: capitalised words of its original text, lower-cased,
-- without the sentence's first word (capitalised anyway, unless it is a possessive
-- such as "Pfizer's") and without the month and weekday names the fact key has.
-- Dots go first, so "U.S." and "US" are one name. Two claims that each name
-- something the other does not (Ohio and Oregon, Pfizer and Moderna) are about
-- different things; a claim that only adds a name ("the Treasury Department",
-- "the Treasury") can still be the same claim.
CREATE FUNCTION claim_names(text text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT lower(m[1]) ORDER BY lower(m[1])), '{}')
    FROM regexp_matches(
        regexp_replace(replace(text, '.', ''), '^[^[:alpha:]]*[[:alpha:]]+(?![[:alpha:]''’])', ''),
        '([[:upper:]][[:alpha:]]*)', 'g') AS m
    WHERE claim_fact_key(lower(m[1])) = ''
$$;

ALTER TABLE claims ADD COLUMN fact_key text GENERATED ALWAYS AS (claim_fact_key(normalized)) STORED;
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
-- names do not contradict, best first; merged claims and pairs a reviewer marked
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
      AND (c.names <@ t.names OR t.names <@ c.names)
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
