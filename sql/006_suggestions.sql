-- Suggested duplicates, stored when a claim is stored.
--
-- Two claims can only be the same claim when they state the same facts. Each
-- claim carries three keys, set by a trigger from its text:
--  * `fact_key`: every number (as digits; spelled-out ones too), month, weekday,
--    scale word and "percent" or "points", sorted. Equal keys are required, so
--    "sanctioned 32 entities" ('32') and "sanctioned 23 entities" ('23') never
--    meet, and the trigram index below only looks among claims with equal keys.
--  * `stances`: the words that turn a claim around (rose or fell, not, for or
--    against, convicted or acquitted, men or women, exports or imports) and units.
--    These must not contradict: "rose 12%" and "fell 12%" never meet, but "rose
--    12%" and "was 12% up on a year earlier" can.
--  * `names`: capitalised words. Two claims that each name something the other
--    does not (Ohio and Oregon) are about different things.
-- btree_gin lets one GIN index hold the key and the trigrams; like pg_trgm it is
-- a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- The words that are facts or stances, and what each stands for.
CREATE FUNCTION claim_fact_words() RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT $words$ {
        "january": "fact january", "jan": "fact january", "february": "fact february",
        "feb": "fact february", "march": "fact march", "mar": "fact march", "april": "fact april",
        "apr": "fact april", "may": "fact may", "june": "fact june", "jun": "fact june",
        "july": "fact july", "jul": "fact july", "august": "fact august", "aug": "fact august",
        "september": "fact september", "sep": "fact september", "sept": "fact september",
        "october": "fact october", "oct": "fact october", "november": "fact november",
        "nov": "fact november", "december": "fact december", "dec": "fact december",
        "monday": "fact monday", "tuesday": "fact tuesday", "wednesday": "fact wednesday",
        "thursday": "fact thursday", "friday": "fact friday", "saturday": "fact saturday",
        "sunday": "fact sunday", "yesterday": "fact yesterday", "today": "fact today",
        "tomorrow": "fact tomorrow", "hundred": "fact hundred", "thousand": "fact thousand",
        "million": "fact million", "billion": "fact billion", "trillion": "fact trillion",
        "half": "fact half", "halved": "fact half", "halving": "fact half", "twice": "fact twice",
        "double": "fact double", "doubled": "fact double", "doubling": "fact double",
        "triple": "fact triple", "tripled": "fact triple", "tripling": "fact triple",
        "percent": "fact percent", "points": "fact points", "zero": "number 0", "two": "number 2",
        "three": "number 3", "four": "number 4", "five": "number 5", "six": "number 6",
        "seven": "number 7", "eight": "number 8", "nine": "number 9", "ten": "number 10",
        "eleven": "number 11", "twelve": "number 12", "thirteen": "number 13", "fourteen": "number 14",
        "fifteen": "number 15", "sixteen": "number 16", "seventeen": "number 17",
        "eighteen": "number 18", "nineteen": "number 19", "twenty": "number 20", "thirty": "number 30",
        "forty": "number 40", "fifty": "number 50", "sixty": "number 60", "seventy": "number 70",
        "eighty": "number 80", "ninety": "number 90", "rose": "stance up", "more": "stance up",
        "rise": "stance up", "rises": "stance up", "risen": "stance up", "rising": "stance up",
        "increase": "stance up", "increased": "stance up", "increases": "stance up",
        "grew": "stance up", "grow": "stance up", "grows": "stance up", "climbed": "stance up",
        "climbs": "stance up", "jumped": "stance up", "gained": "stance up", "surged": "stance up",
        "soared": "stance up", "higher": "stance up", "above": "stance up", "added": "stance up",
        "raised": "stance up", "expanded": "stance up", "boosted": "stance up",
        "strengthened": "stance up", "fell": "stance down", "fall": "stance down",
        "falls": "stance down", "fallen": "stance down", "falling": "stance down",
        "decrease": "stance down", "decreased": "stance down", "decreases": "stance down",
        "declined": "stance down", "decline": "stance down", "declines": "stance down",
        "dropped": "stance down", "drop": "stance down", "drops": "stance down",
        "shrank": "stance down", "shrunk": "stance down", "cut": "stance down", "cuts": "stance down",
        "lost": "stance down", "loses": "stance down", "lower": "stance down", "below": "stance down",
        "fewer": "stance down", "less": "stance down", "slumped": "stance down",
        "plunged": "stance down", "reduced": "stance down", "lowered": "stance down",
        "weakened": "stance down", "not": "stance not", "never": "stance not", "no": "stance not",
        "nor": "stance not", "supported": "stance for", "support": "stance for",
        "supports": "stance for", "favor": "stance for", "favour": "stance for",
        "favored": "stance for", "favoured": "stance for", "backed": "stance for",
        "approved": "stance for", "approve": "stance for", "passed": "stance for",
        "signed": "stance for", "adopted": "stance for", "accepted": "stance for", "won": "stance for",
        "upheld": "stance for", "opposed": "stance against", "oppose": "stance against",
        "opposes": "stance against", "against": "stance against", "rejected": "stance against",
        "reject": "stance against", "vetoed": "stance against", "veto": "stance against",
        "blocked": "stance against", "defeated": "stance against", "failed": "stance against",
        "denied": "stance against", "struck": "stance against", "convicted": "stance convicted",
        "guilty": "stance convicted", "acquitted": "stance acquitted", "lifted": "stance ended",
        "repealed": "stance ended", "scrapped": "stance ended", "ended": "stance ended",
        "abolished": "stance ended", "imposed": "stance began", "introduced": "stance began",
        "enacted": "stance began", "launched": "stance began", "men": "stance male",
        "man": "stance male", "male": "stance male", "males": "stance male", "boys": "stance male",
        "women": "stance female", "woman": "stance female", "female": "stance female",
        "females": "stance female", "girls": "stance female", "exports": "stance export",
        "export": "stance export", "exported": "stance export", "imports": "stance import",
        "import": "stance import", "imported": "stance import", "minimum": "stance minimum",
        "maximum": "stance maximum", "acres": "stance unit acres", "hectares": "stance unit hectares",
        "miles": "stance unit miles", "kilometers": "stance unit kilometers",
        "kilometres": "stance unit kilometers", "km": "stance unit kilometers",
        "tons": "stance unit tons", "tonnes": "stance unit tonnes", "barrels": "stance unit barrels",
        "degrees": "stance unit degrees", "dollars": "stance unit dollars",
        "euros": "stance unit euros", "pounds": "stance unit pounds", "yen": "stance unit yen"
    } $words$::jsonb
$$;

-- The three keys of a claim, from its text and normalised text.
CREATE FUNCTION claim_match_keys(text text, normalized text,
                                 OUT fact_key text, OUT stances text[], OUT names text[])
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    vocabulary constant jsonb := claim_fact_words();
    facts text[] := '{}';
    found text[] := '{}';
    word text;
    class text;
    match text[];
    plain text;
    first_word text;
BEGIN
    -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
    FOR match IN SELECT regexp_matches(normalized, '([0-9][0-9.,]*)', 'g') LOOP
        facts := facts || replace(rtrim(match[1], '.,'), ',', '');
    END LOOP;
    -- Spelled-out numbers count each time, like figures; the other words once.
    FOREACH word IN ARRAY regexp_split_to_array(normalized, '[^[:alpha:]]+') LOOP
        class := vocabulary ->> word;
        CONTINUE WHEN class IS NULL;
        IF class LIKE 'number %' THEN
            facts := facts || substr(class, 8);
        ELSIF class LIKE 'fact %' THEN
            IF NOT substr(class, 6) = ANY (facts) THEN facts := facts || substr(class, 6); END IF;
        ELSIF NOT substr(class, 8) = ANY (found) THEN
            found := found || substr(class, 8);
        END IF;
    END LOOP;
    IF strpos(normalized, '%') > 0 AND NOT 'percent' = ANY (facts) THEN facts := facts || 'percent'::text; END IF;
    IF normalized ~ '[[:alpha:]]n''t\M' AND NOT 'not' = ANY (found) THEN found := found || 'not'::text; END IF;
    IF strpos(normalized, '$') > 0 AND NOT 'unit dollars' = ANY (found) THEN found := found || 'unit dollars'::text; END IF;
    IF strpos(normalized, '€') > 0 AND NOT 'unit euros' = ANY (found) THEN found := found || 'unit euros'::text; END IF;
    IF strpos(normalized, '£') > 0 AND NOT 'unit pounds' = ANY (found) THEN found := found || 'unit pounds'::text; END IF;
    fact_key := coalesce((SELECT string_agg(f, ' ' ORDER BY f COLLATE "C") FROM unnest(facts) AS f), '');
    stances := ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");

    -- Names: capitalised words of the original text, lower-cased, without the
    -- words above (months, weekdays) and without a first word that is only
    -- capitalised because it starts the sentence ("The", "On": English stop
    -- words). Dots go first, so "U.S." and "US" are one name.
    plain := replace(text, '.', '');
    first_word := substring(plain FROM '^[^[:alpha:]]*([[:alpha:]]+)');
    IF first_word IS NOT NULL AND to_tsvector('english', first_word) = ''::tsvector THEN
        plain := regexp_replace(plain, '^[^[:alpha:]]*[[:alpha:]]+', '');
    END IF;
    found := '{}';
    FOR match IN SELECT regexp_matches(plain, '([[:upper:]][[:alpha:]]*)', 'g') LOOP
        word := lower(match[1]);
        IF vocabulary ->> word IS NULL AND NOT word = ANY (found) THEN found := found || word; END IF;
    END LOOP;
    names := ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");
END;
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

ALTER TABLE claims ADD COLUMN fact_key text, ADD COLUMN stances text[], ADD COLUMN names text[];

-- Every claim gets its keys when it is stored, and again if its text changes.
CREATE FUNCTION claims_set_match_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT k.fact_key, k.stances, k.names INTO NEW.fact_key, NEW.stances, NEW.names
    FROM claim_match_keys(NEW.text, NEW.normalized) AS k;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claims_set_match_keys BEFORE INSERT OR UPDATE OF text, normalized ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_set_match_keys();

UPDATE claims SET (fact_key, stances, names) = (SELECT * FROM claim_match_keys(text, normalized));
ALTER TABLE claims ALTER COLUMN fact_key SET NOT NULL, ALTER COLUMN stances SET NOT NULL, ALTER COLUMN names SET NOT NULL;
DROP INDEX claims_normalized_trgm_idx;
-- A small pending list: a search reads all of it (45 ms per look-up at the 4 MB
-- default, over 25,000 new claims), while no pending list at all made ingest 1.6
-- times slower.
CREATE INDEX claims_lookalike_idx ON claims USING gin (fact_key, normalized gin_trgm_ops)
    WITH (gin_pending_list_limit = 256);
CREATE INDEX claims_fact_key_idx ON claims (fact_key);

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
-- stances and names do not contradict, best first; merged claims and pairs a
-- reviewer marked distinct are left out.
--
-- Most claims carry numbers or dates, and few others share all of them: then the
-- similarity of every claim with the same fact key is computed directly (a
-- b-tree range). When the key is shared by many (no numbers at all, or only a
-- year), the trigram index finds the candidates.
CREATE FUNCTION claim_lookalikes(target bigint, threshold real, max_count integer)
RETURNS TABLE (id bigint, score real)
LANGUAGE plpgsql VOLATILE
-- `%` prunes inside the index at pg_trgm.similarity_threshold: raise it to ours
-- for this call only (the SET clause restores it when the function returns).
SET pg_trgm.similarity_threshold = 0.3 AS $$
DECLARE
    t claims%ROWTYPE;
    group_size integer;
BEGIN
    SELECT * INTO t FROM claims WHERE claims.id = target;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT count(*) INTO group_size FROM (SELECT 1 FROM claims WHERE fact_key = t.fact_key LIMIT 300) AS same_facts;
    IF group_size < 300 THEN
        RETURN QUERY
        SELECT c.id, similarity(c.normalized, t.normalized)
        FROM claims c
        WHERE c.fact_key = t.fact_key AND c.id <> t.id AND c.merged_into IS NULL
          AND similarity(c.normalized, t.normalized) >= threshold
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
        SELECT c.id, similarity(c.normalized, t.normalized)
        FROM claims c
        WHERE c.fact_key = t.fact_key AND c.normalized % t.normalized AND c.id <> t.id AND c.merged_into IS NULL
          -- the cheap array tests first: most candidates pass on them
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

-- The similarity at or above which look-alikes are linked (ClaimStore.suggestionThreshold).
CREATE FUNCTION claim_suggestion_threshold() RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 0.35::real $$;

-- Links each of these claims to its look-alikes (at most 20 each), both ways;
-- links already there stay. Rows go in id order, so two sessions linking the
-- same pair wait for each other instead of deadlocking. Returns the rows added.
CREATE FUNCTION claims_link_lookalikes(ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    linked integer;
BEGIN
    INSERT INTO claim_suggestions (claim_id, similar_id, score)
    SELECT pair.claim_id, pair.similar_id, max(pair.score)
    FROM unnest(ids) AS n (id)
    CROSS JOIN LATERAL claim_lookalikes(n.id, claim_suggestion_threshold(), 20) AS m
    CROSS JOIN LATERAL (VALUES (n.id, m.id, m.score), (m.id, n.id, m.score)) AS pair (claim_id, similar_id, score)
    GROUP BY pair.claim_id, pair.similar_id
    ORDER BY pair.claim_id, pair.similar_id
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS linked = ROW_COUNT;
    RETURN linked;
END;
$$;

-- The last id drawn from the claims sequence by any session, so a client can tell
-- whether others stored claims while it stored its own.
CREATE FUNCTION claims_last_id() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM public.claims_id_seq
$$;

-- Every way a claim gets in (ingest, `claims add`, psql) links it to its
-- look-alikes in the same transaction. Claims stored at the same moment by
-- another session are not visible yet: `claims ingest` and `claims add` link
-- their new claims once more after they commit.
CREATE FUNCTION claims_suggest_lookalikes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_link_lookalikes(ARRAY(SELECT id FROM added));
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_suggest_lookalikes AFTER INSERT ON claims
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION claims_suggest_lookalikes();

-- The claims already stored get their suggestions now.
SELECT claims_link_lookalikes(ARRAY(SELECT id FROM claims));

-- Acting on a suggestion is audited like any other change.
ALTER TABLE claim_events DROP CONSTRAINT claim_events_action_check;
ALTER TABLE claim_events ADD CONSTRAINT claim_events_action_check CHECK (action IN (
    'created', 'assigned', 'unassigned', 'evidence_added', 'verified',
    'dismissed', 'reopened', 'merged', 'edited', 'appeared', 'unlinked'));

GRANT SELECT, INSERT, DELETE ON claim_suggestions TO claims_reviewer;
