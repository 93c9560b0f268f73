-- Ways a lightly edited copy of one sentence failed to meet its original, or met a
-- sentence that says the opposite (#14; seen in examples/matching-pairs-unseen5.tsv
-- after its one measurement):
--
--   * "More than" before a figure counted as a rise, the stance "up", like "rose". A
--     copy that said "over four years" for "more than four years", or added "cut power"
--     to a sentence that already said "more than 1,200 flights", was kept apart as a
--     change of direction. A bound is not a direction: "more than", "over", "above",
--     "at least", "upwards of" and "in excess of" before a figure are now the stance
--     "above"; "fewer than", "less than", "under", "below", "at most" and "up to" the
--     stance "below". The two contradict each other ("more than 1,200" and "fewer than
--     1,200" still differ); neither contradicts a rise or a fall.
--   * A title shortened ("Sen. Maria Lopez" and "Senator Maria Lopez") was a name one
--     claim lacked, so the two were about different people. Titles and their usual
--     short forms are now one name: sen, rep, gov, pres, cllr, dr, prof, gen, lt, col,
--     capt, sgt, supt, insp, atty, amb (not "sec", which is also the SEC).
--   * The injured are a count of their own: "12 people were killed" and "12 people were
--     injured" are two claims (injured, wounded and hurt join the measure group of
--     deaths, cases and hospital admissions).
--   * "Unchanged", "steady", "stable" or "stagnant" is the stance "steady", which
--     contradicts a rise or a fall ("kept its rate unchanged at 2%" and "cut its rate to
--     2%"), unless the steady claim names a direction too ("a steady rise").
--   * Two words exchanged ("Australia beat India", "India beat Australia") are two
--     claims: claim_roles_swapped() guards the look-alike search.
--   * Headline shorthand for figures: "275k" is 275 thousand, "$38.5b" 38.5 billion,
--     "3pc" 3 per cent.

-- Figures in headline shorthand, spelled out before the figures get one spelling.
CREATE FUNCTION claim_shorthand_text(normalized text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(regexp_replace(regexp_replace(normalized,
    '\m([0-9]+(?:\.[0-9]+)?)k\M', '\1 thousand', 'g'),
    '\m([0-9]+(?:\.[0-9]+)?)b\M', '\1 billion', 'g'),
    '\m([0-9]+(?:\.[0-9]+)?) ?pc\M', '\1 percent', 'g');

-- The bound phrases, rewritten before the word parser reads the text. A figure is a
-- digit (after a sign or currency) or a spelled number.
CREATE FUNCTION claim_bound_text(rewritten text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
    regexp_replace(rewritten,
        '\m(?:more than|over|above|at least|upwards of|in excess of) (?=[-$£€]?[0-9]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)\M)',
        'boundabove ', 'g'),
    '\m(?:fewer than|less than|under|below|at most|up to) (?=[-$£€]?[0-9]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)\M)',
    'boundbelow ', 'g');

DO $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION claim_fact_words() RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN %L::jsonb',
                   claim_fact_words() || '{"boundabove": "stance above", "boundbelow": "stance below",
                                           "unchanged": "stance steady", "steady": "stance steady",
                                           "stable": "stance steady", "stagnant": "stance steady",
                                           "stagnated": "stance steady", "stagnating": "stance steady",
                                           "flatlined": "stance steady"}'::jsonb);
END;
$$;

DO $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION claim_measure_words() RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN %L::jsonb',
                   claim_measure_words() || '{"injured": "toll:injured", "injuries": "toll:injured",
                                              "wounded": "toll:injured", "hurt": "toll:injured"}'::jsonb);
END;
$$;

-- As in 014, with shorthand figures spelled out first and the bounds rewritten after
-- the figures' spellings.
CREATE OR REPLACE FUNCTION claim_match_keys(text text, normalized text,
                                            OUT fact_key text, OUT stances text[], OUT names text[])
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    q record;
    w record;
    weekdays constant text[] := ARRAY['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    facts text[];
    bounded text;
BEGIN
    q := claim_quantity_text(claim_shorthand_text(normalized));
    bounded := claim_bound_text(q.rewritten);
    w := claim_match_words(text, bounded);
    facts := string_to_array(w.fact_key, ' ');
    fact_key := coalesce((SELECT string_agg(f, ' ' ORDER BY f COLLATE "C")
                          FROM unnest(ARRAY(SELECT f FROM unnest(facts) AS f WHERE f <> ALL (weekdays)) || q.periods) AS f), '');
    stances := ARRAY(SELECT f FROM (SELECT DISTINCT f
                                    FROM unnest(w.stances
                                                || ARRAY(SELECT 'day ' || f FROM unnest(facts) AS f WHERE f = ANY (weekdays))
                                                || claim_measure_stances(q.rewritten)) AS f) AS d
                     ORDER BY f COLLATE "C");
    names := w.names;
END;
$$;

-- As in 014, with "above" and "below" as opposites, and "steady" against a direction.
CREATE OR REPLACE FUNCTION claim_stances_contradict(a text[], b text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT ('not' = ANY (a)) <> ('not' = ANY (b))
        OR EXISTS (
            SELECT 1
            FROM (VALUES ('up', 'down'), ('for', 'against'), ('convicted', 'acquitted'), ('ended', 'began'),
                         ('male', 'female'), ('export', 'import'), ('minimum', 'maximum'),
                         ('above', 'below')) AS opposite (x, y),
                 LATERAL (VALUES (a, b), (b, a)) AS way (this, other),
                 LATERAL (VALUES (x, y), (y, x)) AS pole (stance, opposite)
            WHERE pole.stance = ANY (way.this) AND NOT pole.stance = ANY (way.other)
              AND pole.opposite = ANY (way.other))
        -- Unchanged against a rise or a fall, when the unchanged claim names no direction
        -- itself ("a steady rise" is a rise).
        OR ('steady' = ANY (a) AND NOT 'steady' = ANY (b) AND NOT a && ARRAY['up', 'down'] AND b && ARRAY['up', 'down'])
        OR ('steady' = ANY (b) AND NOT 'steady' = ANY (a) AND NOT b && ARRAY['up', 'down'] AND a && ARRAY['up', 'down'])
        OR (EXISTS (SELECT 1 FROM unnest(a) AS u WHERE u LIKE 'unit %' AND u <> ALL (b))
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'unit %' AND u <> ALL (a)))
        OR (EXISTS (SELECT 1 FROM unnest(a) AS u WHERE u LIKE 'base %' AND u <> ALL (b))
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'base %' AND u <> ALL (a)))
        OR (EXISTS (SELECT 1 FROM unnest(a) AS u WHERE u LIKE 'day %' AND u <> ALL (b))
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'day %' AND u <> ALL (a)))
        OR EXISTS (
            SELECT 1 FROM unnest(a) AS x, unnest(b) AS y
            WHERE x LIKE 'sort %' AND y LIKE 'sort %' AND x <> y
              AND split_part(x, ':', 1) = split_part(y, ':', 1)
              AND x <> ALL (b) AND y <> ALL (a));
END;

-- As in 012, with titles and their short forms as one name.
CREATE OR REPLACE FUNCTION claim_name_forms(names text[], text text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    places constant jsonb := '{
        "dutch": "netherlands", "holland": "netherlands", "irish": "ireland", "british": "britain",
        "french": "france", "spanish": "spain", "polish": "poland", "finnish": "finland", "danish": "denmark",
        "swiss": "switzerland", "welsh": "wales", "scots": "scotland", "american": "us", "america": "us",
        "filipino": "philippines", "philippine": "philippines", "burmese": "myanmar", "laotian": "laos",
        "emirati": "uae", "fed": "federal",
        "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president",
        "cllr": "councillor", "councilor": "councillor", "councilman": "councillor", "councilwoman": "councillor",
        "dr": "doctor", "prof": "professor", "gen": "general", "lt": "lieutenant", "col": "colonel",
        "capt": "captain", "sgt": "sergeant", "supt": "superintendent", "insp": "inspector",
        "atty": "attorney", "amb": "ambassador"}';
    short_forms constant jsonb := '{"uk": "britain", "usa": "us"}';
    connectors constant text[] := ARRAY['of', 'and', 'for', 'the', 'de', 'du'];
    found text[] := '{}';
    name text;
    run text;
    word text;
    initials text;
    has_capitals boolean;
    words integer;
    k integer;
BEGIN
    FOREACH name IN ARRAY names LOOP
        name := coalesce(places ->> name, name);
        IF NOT name = ANY (found) THEN found := found || name; END IF;
        IF short_forms ? name AND NOT short_forms ->> name = ANY (found) THEN found := found || (short_forms ->> name); END IF;
    END LOOP;
    FOR run IN SELECT (regexp_matches(replace(text, '.', ''),
            '([[:upper:]][[:alpha:]]*(?:[ ]+(?:(?:of|and|for|the|de|du)[ ]+)?[[:upper:]][[:alpha:]]*)+)', 'g'))[1] LOOP
        initials := '';
        has_capitals := false;
        words := 0;
        FOREACH word IN ARRAY regexp_split_to_array(run, '[ ]+') LOOP
            CONTINUE WHEN lower(word) = ANY (connectors);
            words := words + 1;
            IF word ~ '^[[:upper:]]{2,}$' THEN
                initials := initials || lower(word);
                has_capitals := true;
            ELSE
                initials := initials || lower(left(word, 1));
            END IF;
        END LOOP;
        IF has_capitals AND words >= 2 AND NOT '=' || initials = ANY (found) THEN
            found := found || ('=' || initials);
        END IF;
        IF NOT has_capitals AND words >= 3 THEN
            FOR k IN 3 .. length(initials) - 1 LOOP
                IF NOT '=' || left(initials, k) = ANY (found) THEN found := found || ('=' || left(initials, k)); END IF;
            END LOOP;
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");
END;
$$;

-- Two claims that are one another with two words exchanged say who did what to whom
-- the other way round: "Australia beat India" and "India beat Australia"; "the mayor
-- accused the governor" and the reverse; "120 missiles and 90 drones" and "90 missiles
-- and 120 drones". Words joined only by "and", "or" or a comma play one role ("talks
-- between Russia and Ukraine"), so exchanging them changes nothing.
CREATE FUNCTION claim_roles_swapped(a text, b text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    x text[];
    y text[];
    first integer := 0;
    second integer := 0;
    k integer;
BEGIN
    IF length(a) <> length(b) THEN RETURN false; END IF;
    x := regexp_split_to_array(btrim(regexp_replace(a, '([^[:alnum:][:space:]])', ' \1 ', 'g')), '\s+');
    y := regexp_split_to_array(btrim(regexp_replace(b, '([^[:alnum:][:space:]])', ' \1 ', 'g')), '\s+');
    IF cardinality(x) <> cardinality(y) THEN RETURN false; END IF;
    FOR k IN 1 .. cardinality(x) LOOP
        CONTINUE WHEN x[k] = y[k];
        IF first = 0 THEN
            first := k;
        ELSIF second = 0 THEN
            second := k;
        ELSE
            RETURN false;
        END IF;
    END LOOP;
    IF second = 0 OR x[first] <> y[second] OR x[second] <> y[first] THEN RETURN false; END IF;
    RETURN EXISTS (SELECT 1 FROM unnest(x[first + 1 : second - 1]) AS w WHERE w NOT IN ('and', 'or', 'nor', ',', '&'));
END;
$$;

-- As in 013, with exchanged roles refused.
CREATE OR REPLACE FUNCTION claim_lookalikes_among(t claims, candidates bigint[], threshold real, max_count integer)
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
      AND NOT claim_roles_swapped(m.normalized, t.normalized)
      AND NOT EXISTS (
          SELECT 1 FROM claim_distinct_pairs p
          WHERE p.claim_a = least(m.id, t.id) AND p.claim_b = greatest(m.id, t.id))
    LIMIT max_count;
END;


-- As in 013, with exchanged roles refused.
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
          AND NOT claim_roles_swapped(c.normalized, t.normalized)
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
          AND NOT claim_roles_swapped(c.normalized, t.normalized)
          AND NOT EXISTS (
              SELECT 1 FROM claim_distinct_pairs p
              WHERE p.claim_a = least(c.id, t.id) AND p.claim_b = greatest(c.id, t.id))
        ORDER BY 2 DESC, 1
        LIMIT max_count;
    END IF;
END;
$$;


-- Every claim's keys again (derived: no version moves, no event). Suggestions and
-- variant links that no longer hold go; the claims whose stances or names changed are
-- linked again (their fact keys did not change, so no other claim's look-alikes can).
CREATE TEMPORARY TABLE claim_keys_before ON COMMIT DROP AS SELECT id, stances, names FROM claims;
UPDATE claims SET fact_key = fact_key;
DELETE FROM claim_suggestions s USING claims a, claims b
WHERE a.id = s.claim_id AND b.id = s.similar_id
  AND (a.fact_key <> b.fact_key OR claim_stances_contradict(a.stances, b.stances)
       OR (NOT (a.names <@ b.names OR b.names <@ a.names) AND claim_names_differ(a.names, b.names, a.normalized, b.normalized))
       OR claim_roles_swapped(a.normalized, b.normalized));
DELETE FROM claim_variants v USING claims a, claims b
WHERE a.id = v.claim_id AND b.id = v.variant_id
  AND a.fact_key = b.fact_key AND NOT claim_stances_contradict(a.stances, b.stances);
SELECT claims_link_lookalikes(ARRAY(SELECT c.id FROM claims c JOIN claim_keys_before k USING (id)
                                    WHERE c.stances IS DISTINCT FROM k.stances OR c.names IS DISTINCT FROM k.names));
SELECT claims_link_variants(ARRAY(SELECT c.id FROM claims c JOIN claim_keys_before k USING (id)
                                  WHERE c.stances IS DISTINCT FROM k.stances OR c.names IS DISTINCT FROM k.names));
