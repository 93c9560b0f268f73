-- The match-key trigger compiled most of its regular expressions anew for every claim (#16).
--
-- PostgreSQL keeps the last 32 regular expressions a session compiled (regexp.c's
-- MAX_CACHED_RES) and drops the least recently used. The trigger's functions use
-- more than 32 patterns for an ordinary claim, one after another in the same order,
-- so each one had been dropped by the time the next claim needed it: perf over
-- claim_match_keys() on 6,000 stored claims put 24% of its time in pg_regcomp. The
-- same functions one at a time took 1.5 s together, and 3.9 s as claim_match_keys().
--
-- claim_match_words() (009's parser, renamed in 014) now tries ten of its patterns only
-- when the text holds a word every match of the pattern must contain ("quarter", "q2",
-- "year" or "y/y", "per cent" or "pct", "n't", ...), so an ordinary claim runs about
-- half as many. Its results are the same: checked on 37,616 texts (every CT24 sentence,
-- both sides of every pair in examples/, 11,641 claims of generated articles), and
-- every stored claim's keys were the same recomputed. claim_match_keys() over the 6,000
-- claims: 3.9 s before, 2.8 s after. Inside an ingest of 1,000 generated articles,
-- where the look-alike search uses patterns of its own between claims, the trigger
-- (claims_set_match_keys) took 9.0 s instead of 33.1 s, and the ingest 35.0 s instead
-- of 62.7 s, with the same claims, keys, links and events.
CREATE OR REPLACE FUNCTION claim_match_words(text text, normalized text,
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
    has_q boolean;
BEGIN
    -- Quarters first, so the 2 of "Q2" is not taken for a number below.
    IF strpos(normalized, 'quarter') > 0 THEN
        FOR match IN SELECT regexp_matches(normalized, '\m(first|second|third|fourth)[- ]quarter', 'g') LOOP
            facts := facts || ('q' || array_position(ARRAY['first', 'second', 'third', 'fourth'], match[1]));
        END LOOP;
    END IF;
    has_q := strpos(normalized, 'q1') > 0 OR strpos(normalized, 'q2') > 0 OR strpos(normalized, 'q3') > 0
             OR strpos(normalized, 'q4') > 0;
    IF has_q THEN
        FOR match IN SELECT regexp_matches(normalized, '\mq([1-4])\M', 'g') LOOP
            facts := facts || ('q' || match[1]);
        END LOOP;
    END IF;
    -- 1,000 and 1000 are one number; 3.4 stays 3.4; a trailing stop is not part of it.
    FOR match IN SELECT regexp_matches(CASE WHEN has_q THEN regexp_replace(normalized, '\mq[1-4]\M', ' ', 'g')
                                            ELSE normalized END, '([0-9][0-9.,]*)', 'g') LOOP
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
    IF (strpos(normalized, '%') > 0
        OR ((strpos(normalized, 'per cent') > 0 OR strpos(normalized, 'pct') > 0) AND normalized ~ '\m(per cent|pct)\M'))
       AND NOT 'percent' = ANY (facts) THEN
        facts := facts || 'percent'::text;
    END IF;
    IF strpos(normalized, 'n''t') > 0 AND normalized ~ '[[:alpha:]]n''t\M' AND NOT 'not' = ANY (found) THEN found := found || 'not'::text; END IF;
    IF strpos(normalized, '$') > 0 AND NOT 'unit dollars' = ANY (found) THEN found := found || 'unit dollars'::text; END IF;
    IF strpos(normalized, '€') > 0 AND NOT 'unit euros' = ANY (found) THEN found := found || 'unit euros'::text; END IF;
    IF strpos(normalized, '£') > 0 AND NOT 'unit pounds' = ANY (found) THEN found := found || 'unit pounds'::text; END IF;
    -- What a change is measured against.
    IF (strpos(normalized, 'year') > 0 OR strpos(normalized, 'y/y') > 0)
       AND (normalized ~ '\m(year earlier|year ago|year-on-year|year on year|y/y|previous year|prior year)\M'
            OR normalized ~ '\msame (month|quarter|period|week) (a year earlier|a year ago|last year|of last year|of the previous year)\M') THEN
        found := found || 'base year'::text;
    END IF;
    IF (strpos(normalized, 'month') > 0 OR strpos(normalized, 'm/m') > 0)
       AND normalized ~ '\m(month earlier|month ago|month-on-month|month on month|m/m|previous month|prior month)\M' THEN
        found := found || 'base month'::text;
    END IF;
    IF (strpos(normalized, 'quarter') > 0 OR strpos(normalized, 'q/q') > 0)
       AND normalized ~ '\m(quarter earlier|previous quarter|prior quarter|quarter-on-quarter|quarter on quarter|q/q)\M' THEN
        found := found || 'base quarter'::text;
    END IF;
    IF (strpos(normalized, 'pandemic') > 0 OR strpos(normalized, 'covid') > 0)
       AND normalized ~ '\m(before the pandemic|pre-pandemic|prepandemic|before covid)\M' THEN
        found := found || 'base pandemic'::text;
    END IF;
    fact_key := coalesce((SELECT string_agg(f, ' ' ORDER BY f COLLATE "C") FROM unnest(facts) AS f), '');
    stances := ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");

    -- Names: capitalised words of the original text, lower-cased, without the
    -- words above (months, weekdays), without "Q2", and without a first word that
    -- is only capitalised because it starts the sentence ("The", "On": English
    -- stop words; "According", "Average": the openers above). Dots go first, so
    -- "U.S." and "US" are one name.
    plain := replace(text, '.', '');
    IF strpos(plain, 'Q1') > 0 OR strpos(plain, 'Q2') > 0 OR strpos(plain, 'Q3') > 0 OR strpos(plain, 'Q4') > 0 THEN
        plain := regexp_replace(plain, '\mQ[1-4]\M', ' ', 'g');
    END IF;
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
