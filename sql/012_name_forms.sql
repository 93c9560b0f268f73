-- Names written another way (#14 item 3): a claim's names also carry
--   * the country a demonym stands for where the first four letters do not already
--     tie them ("Dutch" is "netherlands", "Irish" "ireland", "American" "us", and
--     "the Fed" is "federal"), in place of the word, on every claim alike;
--   * beside "UK" and "USA", "britain" and "us" (the initials stay, for "United
--     Kingdom" and "United States"),
--   * the initials of a run of capitalised words with an all-capitals word in it
--     taken whole ("U.S. Department of Agriculture": "=usda"), and
--   * the first three or more initials of a run of three or more capitalised words
--     ("Centers for Disease Control and Prevention": "=cdcp", so also "=cdc"), as
--     agencies shorten their names.
-- Whatever met before still meets: a demonym is replaced on every claim alike, the
-- other forms are added.

CREATE FUNCTION claim_name_forms(names text[], text text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    places constant jsonb := '{
        "dutch": "netherlands", "holland": "netherlands", "irish": "ireland", "british": "britain",
        "french": "france", "spanish": "spain", "polish": "poland", "finnish": "finland", "danish": "denmark",
        "swiss": "switzerland", "welsh": "wales", "scots": "scotland", "american": "us", "america": "us",
        "filipino": "philippines", "philippine": "philippines", "burmese": "myanmar", "laotian": "laos",
        "emirati": "uae", "fed": "federal"}';
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
        -- "U.S. Department of Agriculture": "=usda"; not "The CDC" alone.
        IF has_capitals AND words >= 2 AND NOT '=' || initials = ANY (found) THEN
            found := found || ('=' || initials);
        END IF;
        -- "Centers for Disease Control and Prevention": "=cdc" too; not two-word names,
        -- whose initials' start is one word ("NHS England" is no "NHS").
        IF NOT has_capitals AND words >= 3 THEN
            FOR k IN 3 .. length(initials) - 1 LOOP
                IF NOT '=' || left(initials, k) = ANY (found) THEN found := found || ('=' || left(initials, k)); END IF;
            END LOOP;
        END IF;
    END LOOP;
    RETURN ARRAY(SELECT f FROM unnest(found) AS f ORDER BY f COLLATE "C");
END;
$$;

CREATE OR REPLACE FUNCTION claims_set_match_keys() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    SELECT k.fact_key, k.stances, claim_name_forms(k.names, NEW.text) INTO NEW.fact_key, NEW.stances, NEW.names
    FROM claim_match_keys(NEW.text, NEW.normalized) AS k;
    NEW.variant_key := md5(claim_variant_shape(NEW.normalized));
    RETURN NEW;
END;
$$;

-- Every claim's names again (derived: no version moves, no event), and the links
-- the new forms allow; the forms only add, so no link goes.
UPDATE claims SET names = names;
SELECT claims_link_lookalikes(ARRAY(SELECT id FROM claims));
