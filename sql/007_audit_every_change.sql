-- Every change to a claim writes its audit row in the same transaction, whoever
-- makes it: the workflow writes its own events, and for anything changed outside
-- it (psql, a script) a trigger writes an 'edited' event at commit. Reviewer logins
-- may update only the columns the workflow updates; the version only ever goes up
-- by one; the verdict scale cannot be rewritten under published verdicts; and every
-- function resolves names in pg_catalog and public before the session's temporary
-- tables (a temporary table named pg_roles or evidence no longer fools a rule).

-- 1. Which transaction wrote an event, so a rule can tell whether this transaction
-- already described a change. pg_current_xact_id() is the top-level transaction,
-- the same inside a savepoint.
ALTER TABLE claim_events ADD COLUMN xact_id xid8;

CREATE OR REPLACE FUNCTION claim_events_stamp() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.db_user := session_user;
    NEW.occurred_at := now();
    NEW.xact_id := pg_current_xact_id();
    RETURN NEW;
END;
$$;

-- 2. What changed in a claim, column by column, with the values as text. Leaves out
-- what the database keeps itself: the version and updated_at, the search vector and
-- the match keys (derived from the text, recomputed whenever anyone sets them).
-- This and claim_event_describes below have SQL-standard bodies: their names are
-- bound here, once, so no search path is read when they run, and the triggers'
-- queries inline them (with SET clauses instead, each audited update cost about
-- 360 us at commit rather than 60 us).
CREATE FUNCTION claim_changes(old_row claims, new_row claims)
RETURNS TABLE (field text, old_value text, new_value text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT o.key, o.value #>> '{}', n.value #>> '{}'
    FROM jsonb_each(to_jsonb(old_row)) AS o
    JOIN jsonb_each(to_jsonb(new_row)) AS n ON n.key = o.key
    WHERE o.value IS DISTINCT FROM n.value
      AND o.key NOT IN ('version', 'updated_at', 'search', 'fact_key', 'stances', 'names')
    ORDER BY o.key;
END;

DROP TRIGGER claims_set_match_keys ON claims;
CREATE TRIGGER claims_set_match_keys BEFORE INSERT OR UPDATE OF text, normalized, fact_key, stances, names ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_set_match_keys();

-- 3. The version: a change the client did not number gets the next version; the
-- workflow's own `version = version + 1` is kept; any other value is refused.
-- updated_at is the time of the last change, whatever the client sends.
-- (Named to fire after claims_check_transition and claims_set_match_keys, so it
-- sees the row as it will be stored.)
CREATE FUNCTION claims_track_version() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'claim % cannot change its id', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_id_fixed';
    END IF;
    IF NEW.version = OLD.version THEN
        IF EXISTS (SELECT 1 FROM public.claim_changes(OLD, NEW)) THEN
            NEW.version := OLD.version + 1;
        END IF;
    ELSIF NEW.version <> OLD.version + 1 THEN
        RAISE EXCEPTION 'claim % is at version %, which cannot be set to %', OLD.id, OLD.version, NEW.version
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_version_sequence',
                  HINT = 'Leave version out of the UPDATE: each change raises it by one.';
    END IF;
    IF NEW.version <> OLD.version THEN
        NEW.updated_at := now();
    ELSE
        NEW.updated_at := OLD.updated_at;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claims_track_version BEFORE UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_track_version();

-- 4. At commit, each change to a claim must be described by an event this
-- transaction wrote for the claim's new version; the workflow writes one for
-- everything it changes (ClaimStore's change(), takeNext, merge). Whatever no event
-- describes gets an 'edited' event of its own, so a change made in psql is audited,
-- not lost. Runs as the owner (SECURITY DEFINER) so the audit row is written
-- whatever the login may insert; db_user is still the login (session_user).
CREATE FUNCTION claim_event_describes(
    e claim_events, changed_field text, new_value text, old_status text, new_status text
) RETURNS boolean LANGUAGE sql IMMUTABLE
RETURN (e.field = changed_field AND e.new_value IS NOT DISTINCT FROM new_value)
    OR CASE changed_field
        WHEN 'status' THEN e.from_status = old_status AND e.to_status = new_status
        WHEN 'verdict_note' THEN (e.action = 'verified' AND e.note IS NOT DISTINCT FROM new_value)
            OR (new_value IS NULL AND e.action IN ('reopened', 'merged'))
        WHEN 'dismiss_reason' THEN (e.action IN ('dismissed', 'merged') AND e.note = new_value)
            OR (new_value IS NULL AND e.action = 'reopened')
        WHEN 'assignee' THEN new_value IS NULL AND e.action IN ('reopened', 'merged', 'unassigned')
        WHEN 'reviewed_at' THEN (new_value IS NOT NULL AND e.action = 'verified')
            OR (new_value IS NULL AND e.action = 'reopened')
        ELSE false
    END;

CREATE FUNCTION claims_audit_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    actor text := coalesce(nullif(current_setting('claims.reviewer', true), ''), session_user);
    added integer;
BEGIN
    INSERT INTO public.claim_events (claim_id, action, reviewer, from_status, to_status, field, old_value,
                                     new_value, note, claim_version)
    SELECT NEW.id, 'edited', actor,
           CASE WHEN c.field = 'status' THEN OLD.status END, CASE WHEN c.field = 'status' THEN NEW.status END,
           c.field, c.old_value, c.new_value, 'changed outside the workflow', NEW.version
    FROM public.claim_changes(OLD, NEW) AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM public.claim_events e
        WHERE e.claim_id = NEW.id AND e.claim_version = NEW.version AND e.xact_id = pg_current_xact_id()
          AND public.claim_event_describes(e, c.field, c.new_value, OLD.status, NEW.status))
    ORDER BY c.field;
    GET DIAGNOSTICS added = ROW_COUNT;
    -- A version raised with nothing else changed still says who raised it.
    IF NEW.version <> OLD.version AND added = 0 AND NOT EXISTS (
        SELECT 1 FROM public.claim_events e
        WHERE e.claim_id = NEW.id AND e.claim_version = NEW.version AND e.xact_id = pg_current_xact_id()) THEN
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, old_value, new_value, note, claim_version)
        VALUES (NEW.id, 'edited', actor, 'version', OLD.version::text, NEW.version::text,
                'changed outside the workflow', NEW.version);
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER claims_audit_update AFTER UPDATE ON claims
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_audit_update();

-- A new claim starts where the queue starts, and its 'created' event is written in
-- the same transaction (ingest and `claims add` write it; anyone else gets one).
CREATE FUNCTION claims_check_new() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status <> 'pending' OR NEW.version <> 1 OR NEW.verdict IS NOT NULL OR NEW.verdict_note IS NOT NULL
        OR NEW.dismiss_reason IS NOT NULL OR NEW.assignee IS NOT NULL OR NEW.merged_into IS NOT NULL
        OR NEW.reviewed_at IS NOT NULL THEN
        RAISE EXCEPTION 'a new claim starts pending at version 1, with no verdict, assignee or merge'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_start_pending',
                  HINT = 'Store the claim, then review it through the workflow.';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claims_check_new BEFORE INSERT ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_check_new();

CREATE FUNCTION claims_audit_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM public.claim_events e
        WHERE e.claim_id = NEW.id AND e.action = 'created' AND e.xact_id = pg_current_xact_id()) THEN
        INSERT INTO public.claim_events (claim_id, action, reviewer, to_status, note, claim_version)
        VALUES (NEW.id, 'created', coalesce(nullif(current_setting('claims.reviewer', true), ''), session_user),
                NEW.status, 'created outside the workflow', NEW.version);
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER claims_audit_insert AFTER INSERT ON claims
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claims_audit_insert();

-- 5. Evidence: the server stamps the login that added it (added_by is the name the
-- client gave), and evidence added or moved outside the workflow is audited.
ALTER TABLE evidence ADD COLUMN db_user text;

CREATE FUNCTION evidence_stamp() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.db_user := session_user;
        NEW.added_at := now();
    ELSE
        NEW.db_user := OLD.db_user;
        NEW.added_at := OLD.added_at;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER evidence_stamp BEFORE INSERT OR UPDATE ON evidence
    FOR EACH ROW EXECUTE FUNCTION evidence_stamp();

-- Evidence is added with an 'evidence_added' event naming its URL, and moves to
-- another claim only in a merge ('merged' event on the claim it leaves).
CREATE FUNCTION evidence_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    actor text := coalesce(nullif(current_setting('claims.reviewer', true), ''), session_user);
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (
            SELECT 1 FROM public.claim_events e
            WHERE e.claim_id = NEW.claim_id AND e.action = 'evidence_added' AND e.new_value = NEW.url
              AND e.xact_id = pg_current_xact_id()) THEN
            INSERT INTO public.claim_events (claim_id, action, reviewer, field, new_value, note, claim_version)
            SELECT NEW.claim_id, 'evidence_added', actor, 'evidence', NEW.url,
                   NEW.stance || ': added outside the workflow', c.version
            FROM public.claims c WHERE c.id = NEW.claim_id;
        END IF;
        RETURN NULL;
    END IF;
    IF NEW.claim_id <> OLD.claim_id AND NOT EXISTS (
        SELECT 1 FROM public.claim_events e
        WHERE e.claim_id = OLD.claim_id AND e.action = 'merged' AND e.field = 'merged_into'
          AND e.new_value = NEW.claim_id::text AND e.xact_id = pg_current_xact_id()) THEN
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, old_value, note, claim_version)
        SELECT OLD.claim_id, 'edited', actor, 'evidence', OLD.url,
               'moved to #' || NEW.claim_id || ' outside the workflow', c.version
        FROM public.claims c WHERE c.id = OLD.claim_id;
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, new_value, note, claim_version)
        SELECT NEW.claim_id, 'evidence_added', actor, 'evidence', NEW.url,
               'moved from #' || OLD.claim_id || ' outside the workflow', c.version
        FROM public.claims c WHERE c.id = NEW.claim_id;
    END IF;
    IF (NEW.url, NEW.stance, NEW.note, NEW.added_by) IS DISTINCT FROM (OLD.url, OLD.stance, OLD.note, OLD.added_by) THEN
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, old_value, new_value, note, claim_version)
        SELECT NEW.claim_id, 'edited', actor, 'evidence',
               concat_ws(' ', OLD.url, OLD.stance, OLD.note, 'by ' || OLD.added_by),
               concat_ws(' ', NEW.url, NEW.stance, NEW.note, 'by ' || NEW.added_by),
               'evidence #' || NEW.id || ' changed outside the workflow', c.version
        FROM public.claims c WHERE c.id = NEW.claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER evidence_audit AFTER INSERT OR UPDATE ON evidence
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION evidence_audit();

-- Appearances move to another claim only in a merge too.
CREATE FUNCTION claim_appearances_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    actor text := coalesce(nullif(current_setting('claims.reviewer', true), ''), session_user);
BEGIN
    IF NEW.claim_id <> OLD.claim_id AND NOT EXISTS (
        SELECT 1 FROM public.claim_events e
        WHERE e.claim_id = OLD.claim_id AND e.action = 'merged' AND e.field = 'merged_into'
          AND e.new_value = NEW.claim_id::text AND e.xact_id = pg_current_xact_id()) THEN
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, old_value, note, claim_version)
        SELECT OLD.claim_id, 'edited', actor, 'source', OLD.source_id::text,
               'appearance moved to #' || NEW.claim_id || ' outside the workflow', c.version
        FROM public.claims c WHERE c.id = OLD.claim_id;
        INSERT INTO public.claim_events (claim_id, action, reviewer, field, new_value, note, claim_version)
        SELECT NEW.claim_id, 'appeared', actor, 'source', NEW.source_id::text,
               'appearance moved from #' || OLD.claim_id || ' outside the workflow', c.version
        FROM public.claims c WHERE c.id = NEW.claim_id;
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER claim_appearances_audit AFTER UPDATE OF claim_id ON claim_appearances
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claim_appearances_audit();

-- Trigger functions run only as triggers; nobody needs to call the audit ones.
REVOKE EXECUTE ON FUNCTION claims_audit_update(), claims_audit_insert(), evidence_audit(), claim_appearances_audit()
    FROM PUBLIC;

-- 6. Reviewer logins change claims only in the columns the workflow changes
-- (ClaimStore: takeNext, change(), merge), insert only what ingest and `claims add`
-- insert, and cannot set the stamps (db_user, added_at, occurred_at, xact_id).
-- Revoking a table privilege also revokes its column privileges, so revoke first.
REVOKE INSERT, UPDATE ON claims FROM claims_reviewer;
GRANT INSERT (text, normalized, speaker, kind, score, facts, origin, created_by) ON claims TO claims_reviewer;
GRANT UPDATE (status, verdict, verdict_note, dismiss_reason, assignee, reviewed_at, merged_into, version, updated_at)
    ON claims TO claims_reviewer;
REVOKE INSERT ON evidence FROM claims_reviewer;
GRANT INSERT (claim_id, url, stance, note, added_by) ON evidence TO claims_reviewer;
REVOKE INSERT ON claim_events FROM claims_reviewer;
GRANT INSERT (claim_id, action, reviewer, from_status, to_status, field, old_value, new_value, note, claim_version)
    ON claim_events TO claims_reviewer;

-- 7. The verdict scale under published verdicts. Renaming a verdict would rename it
-- in every claim (the foreign key cascaded) and relabelling it would change what
-- every report prints, both without an event. A verdict that any claim has, or that
-- any event names, keeps its name, label and rating for good and cannot be
-- deleted; its position and description may change. A desk that wants another
-- wording adds a new verdict and reopens the claims concerned.
CREATE FUNCTION verdicts_keep_used() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.name, NEW.label, NEW.rating_value, NEW.best_rating, NEW.worst_rating)
        IS NOT DISTINCT FROM (OLD.name, OLD.label, OLD.rating_value, OLD.best_rating, OLD.worst_rating) THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.claims c WHERE c.verdict = OLD.name)
        OR EXISTS (SELECT 1 FROM public.claim_events e
                   WHERE e.field = 'verdict' AND (e.old_value = OLD.name OR e.new_value = OLD.name)) THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'verdict "%" is in use and cannot be deleted', OLD.name
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'verdicts_keep_used',
                      HINT = 'Verified claims or their history name it; give it a later position instead.';
        ELSIF NEW.name <> OLD.name THEN
            RAISE EXCEPTION 'verdict "%" is in use and cannot be renamed', OLD.name
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'verdicts_keep_used',
                      HINT = 'Add a verdict with the new name, then reopen and verify the claims concerned.';
        ELSE
            RAISE EXCEPTION 'verdict "%" is in use: its label and rating cannot change', OLD.name
                USING ERRCODE = 'restrict_violation', CONSTRAINT = 'verdicts_keep_used',
                      HINT = 'Published verdicts would change without an event; add a new verdict instead (its description and position may change).';
        END IF;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER verdicts_keep_used BEFORE UPDATE OR DELETE ON verdicts
    FOR EACH ROW EXECUTE FUNCTION verdicts_keep_used();

-- The trigger decides; the foreign key no longer renames verdicts in claims.
ALTER TABLE claims DROP CONSTRAINT claims_verdict_fkey,
    ADD CONSTRAINT claims_verdict_fkey FOREIGN KEY (verdict) REFERENCES verdicts (name);

-- 8. The workflow rules, with every name qualified and the search path pinned: a
-- temporary table named pg_roles or evidence is never read. Changing the verdict of
-- a verified claim in place is an editor's call, as reopening it is.
CREATE OR REPLACE FUNCTION claims_check_transition() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT (OLD.status, NEW.status) IN (
            ('pending', 'in_review'), ('pending', 'verified'), ('pending', 'dismissed'),
            ('in_review', 'pending'), ('in_review', 'verified'), ('in_review', 'dismissed'),
            ('verified', 'pending'), ('dismissed', 'pending')
        ) THEN
            RAISE EXCEPTION 'claim % cannot go from % to %', OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_status_transition',
                      HINT = 'A dismissed or verified claim must be reopened first.';
        END IF;
    END IF;
    IF OLD.status = 'verified' AND (NEW.status, NEW.verdict) IS DISTINCT FROM (OLD.status, OLD.verdict) AND NOT (
        pg_catalog.pg_has_role(session_user, 'claims_editor', 'MEMBER')
        OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user)
    ) THEN
        RAISE EXCEPTION 'only an editor (role claims_editor) can reopen verified claim % or change its verdict', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = 'verified' AND OLD.status IS DISTINCT FROM 'verified'
        AND NOT EXISTS (SELECT 1 FROM public.evidence e WHERE e.claim_id = NEW.id) THEN
        RAISE EXCEPTION 'claim % cannot be verified without evidence', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_verified_has_evidence',
                  HINT = 'Attach at least one evidence URL.';
    END IF;
    RETURN NEW;
END;
$$;

ALTER FUNCTION claim_events_refuse_change() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION claims_set_match_keys() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION claim_match_keys(text, text) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION claim_lookalikes(bigint, real, integer) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION claims_link_lookalikes(bigint[]) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION claims_suggest_lookalikes() SET search_path = pg_catalog, public, pg_temp;

-- The SQL helpers of the matcher run once per candidate pair: a SET clause would
-- cost a configuration change per call (and stop the constant ones from being
-- inlined). SQL-standard bodies are parsed here, once, so every name in them is
-- bound now and no search path is consulted when they run.
CREATE OR REPLACE FUNCTION claim_suggestion_threshold() RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 0.35::real;

-- The vocabulary, unchanged, as an SQL-standard body (still a constant the planner folds).
DO $$
BEGIN
    EXECUTE format('CREATE OR REPLACE FUNCTION claim_fact_words() RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN %L::jsonb',
                   claim_fact_words());
END;
$$;

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
            AND EXISTS (SELECT 1 FROM unnest(b) AS u WHERE u LIKE 'unit %' AND u <> ALL (a)));
END;

CREATE OR REPLACE FUNCTION claim_names_differ(a text[], b text[], a_text text, b_text text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
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
    FROM letters;
END;
