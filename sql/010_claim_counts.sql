-- `claims stats` without reading every claim: counts by status, by verdict, per
-- reviewer (name and login) and a histogram of the time to verdict, kept by the
-- database itself in the same transaction as each change, whoever makes it (the
-- workflow, ingest, psql).
--
-- Writers never update a shared row: each change appends what it adds and takes
-- away to claim_count_deltas (no index, so no row or key another reviewer waits
-- for), and now and then one transaction at a time folds the deltas into
-- claim_counts. A reader adds the two up in one statement (claim_counts_now()), so
-- it sees every committed change and nothing else, folded or not.
--
-- Nobody but the owner writes either table: the triggers run as the owner (SECURITY
-- DEFINER) and clients get SELECT only, so a reviewer login cannot forge a count;
-- what it can change, it changes through claims and claim_events, and the counts
-- follow the rows. claim_counts_recount() counts everything from scratch, to check
-- against (the tests do, after concurrent reviewers and a crash), and the owner's
-- claim_counts_rebuild() puts the counts right after a load with triggers disabled.

CREATE TABLE claim_counts (
    -- 'status' (name = status), 'verdict' (name = verdict), 'reviewer' (name = the
    -- reviewer of a verified claim's latest 'verified' event, login = its db_user),
    -- 'time' (name = claim_time_bucket() of a verified claim's time to verdict).
    kind   text NOT NULL CHECK (kind IN ('status', 'verdict', 'reviewer', 'time')),
    name   text NOT NULL,
    login  text NOT NULL DEFAULT '',
    n      bigint NOT NULL,
    PRIMARY KEY (kind, name, login)
);
CREATE TABLE claim_count_deltas (
    kind   text NOT NULL,
    name   text NOT NULL,
    login  text NOT NULL DEFAULT '',
    n      bigint NOT NULL
);
REVOKE ALL ON claim_counts, claim_count_deltas FROM PUBLIC, claims_reviewer, claims_editor;
GRANT SELECT ON claim_counts, claim_count_deltas TO claims_reviewer;

-- Time to verdict in seconds, as `claims stats` has always computed it, and its
-- bucket: 128 to each factor of e (a bucket spans under 1% of its durations),
-- negative for a verdict recorded before the claim's creation. The median is found
-- from the buckets' counts and then read from the index below within one bucket.
CREATE FUNCTION claim_verdict_seconds(created_at timestamptz, reviewed_at timestamptz) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN extract(epoch FROM reviewed_at - created_at)::double precision;

CREATE FUNCTION claim_time_bucket(seconds double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (sign(seconds) * floor(ln(1 + abs(seconds)) * 128))::integer;

CREATE INDEX claims_verdict_time_idx ON claims (
    claim_time_bucket(claim_verdict_seconds(created_at, reviewed_at)), claim_verdict_seconds(created_at, reviewed_at)
) INCLUDE (created_at, reviewed_at)
WHERE status = 'verified' AND reviewed_at IS NOT NULL;

-- What one claim counts towards. The reviewer of a verified claim is the one on its
-- latest 'verified' event, as `claims stats` and the reports name it.
CREATE FUNCTION claim_count_keys(c claims) RETURNS TABLE (kind text, name text, login text)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT 'status', c.status, ''
    UNION ALL
    SELECT 'verdict', c.verdict, '' WHERE c.verdict IS NOT NULL
    UNION ALL
    SELECT 'time', claim_time_bucket(claim_verdict_seconds(c.created_at, c.reviewed_at))::text, ''
    WHERE c.status = 'verified' AND c.reviewed_at IS NOT NULL
    UNION ALL
    (SELECT 'reviewer', e.reviewer, e.db_user FROM claim_events e
     WHERE c.status = 'verified' AND e.claim_id = c.id AND e.action = 'verified'
     ORDER BY e.id DESC LIMIT 1);
END;

-- The counts from scratch, over every claim: what claim_counts_now() must equal.
CREATE FUNCTION claim_counts_recount() RETURNS TABLE (kind text, name text, login text, n bigint)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT 'status', c.status, '', count(*) FROM claims c GROUP BY c.status
    UNION ALL
    SELECT 'verdict', c.verdict, '', count(*) FROM claims c WHERE c.verdict IS NOT NULL GROUP BY c.verdict
    UNION ALL
    SELECT 'reviewer', e.reviewer, e.db_user, count(*) FROM claims c
    JOIN LATERAL (SELECT e.reviewer, e.db_user FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'verified'
                  ORDER BY e.id DESC LIMIT 1) e ON true
    WHERE c.status = 'verified' GROUP BY e.reviewer, e.db_user
    UNION ALL
    SELECT 'time', claim_time_bucket(claim_verdict_seconds(c.created_at, c.reviewed_at))::text, '', count(*)
    FROM claims c WHERE c.status = 'verified' AND c.reviewed_at IS NOT NULL
    GROUP BY claim_time_bucket(claim_verdict_seconds(c.created_at, c.reviewed_at));
END;

-- The counts as of this statement's snapshot: the folded rows plus the deltas not
-- folded yet. Keys that add up to nothing are left out.
CREATE FUNCTION claim_counts_now() RETURNS TABLE (kind text, name text, login text, n bigint)
LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT a.kind, a.name, a.login, sum(a.n)::bigint
    FROM (SELECT c.kind, c.name, c.login, c.n FROM claim_counts c
          UNION ALL
          SELECT d.kind, d.name, d.login, d.n FROM claim_count_deltas d) AS a
    GROUP BY a.kind, a.name, a.login
    HAVING sum(a.n) <> 0;
END;

-- Median hours from a claim's creation to its verdict, over the verified claims
-- with a review time, the same number as percentile_cont(0.5) over all of them:
-- the histogram says which bucket holds the middle rank and how many values of that
-- bucket come before it; the index reads those one or two values, and
-- percentile_cont over them interpolates exactly as it would over the whole set.
CREATE FUNCTION claim_median_hours_to_verdict() RETURNS double precision
LANGUAGE sql STABLE
BEGIN ATOMIC
    WITH buckets AS (
        SELECT t.name::integer AS bucket, t.n FROM claim_counts_now() t WHERE t.kind = 'time'
    ), ranked AS (
        SELECT b.bucket, b.n, (sum(b.n) OVER (ORDER BY b.bucket))::bigint - b.n AS before,
               (sum(b.n) OVER ())::bigint AS total
        FROM buckets b
    ), middle AS (
        -- The lower middle rank is (total - 1) / 2 counting from 0; with an even
        -- total the value after it is the upper middle one.
        SELECT r.bucket, (r.total - 1) / 2 - r.before AS skip, 2 - r.total % 2 AS take
        FROM ranked r
        WHERE r.before <= (r.total - 1) / 2 AND (r.total - 1) / 2 < r.before + r.n
    )
    SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY v.seconds) / 3600)::double precision
    FROM middle m, LATERAL (
        SELECT claim_verdict_seconds(c.created_at, c.reviewed_at) AS seconds FROM claims c
        WHERE c.status = 'verified' AND c.reviewed_at IS NOT NULL
          AND claim_time_bucket(claim_verdict_seconds(c.created_at, c.reviewed_at)) >= m.bucket
        ORDER BY claim_time_bucket(claim_verdict_seconds(c.created_at, c.reviewed_at)),
                 claim_verdict_seconds(c.created_at, c.reviewed_at)
        OFFSET m.skip LIMIT m.take
    ) AS v;
END;

-- Folds the committed deltas into claim_counts. One transaction at a time (an
-- advisory lock, never waited for: a writer that finds it taken simply leaves its
-- deltas for the next fold), and only in READ COMMITTED, where each statement sees
-- the previous fold's work.
CREATE FUNCTION claim_counts_fold() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed'
        OR current_setting('transaction_read_only')::boolean
        -- "claimcnt" in ASCII.
        OR NOT pg_try_advisory_xact_lock(7164779883005291636) THEN
        RETURN;
    END IF;
    WITH moved AS (
        DELETE FROM public.claim_count_deltas RETURNING kind, name, login, n
    ), summed AS (
        SELECT kind, name, login, sum(n)::bigint AS n FROM moved GROUP BY kind, name, login
    )
    INSERT INTO public.claim_counts AS c (kind, name, login, n)
    SELECT kind, name, login, n FROM summed WHERE n <> 0 ORDER BY kind, name, login
    ON CONFLICT (kind, name, login) DO UPDATE SET n = c.n + EXCLUDED.n;
    DELETE FROM public.claim_counts WHERE n = 0;
END;
$$;

-- Claims added: one delta per key and statement, however many rows. About one
-- statement in a hundred that writes deltas then folds (here and below).
CREATE FUNCTION claims_count_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.claim_count_deltas (kind, name, login, n)
    SELECT k.kind, k.name, k.login, count(*) FROM added a, public.claim_count_keys(a) AS k
    GROUP BY k.kind, k.name, k.login;
    IF random() < 0.01 THEN
        PERFORM public.claim_counts_fold();
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_count_insert AFTER INSERT ON claims
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION claims_count_insert();

-- A claim changed in what it counts towards, or deleted: what claim_count_keys()
-- gives for the old row taken away and for the new one added, worked out here
-- without a query but for the reviewer's name (this runs on every status change
-- of the workflow).
CREATE FUNCTION claims_count_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    kinds text[] := '{}';
    names text[] := '{}';
    ns bigint[] := '{}';
    new_status text;
    new_verdict text;
    old_time integer;
    new_time integer;
    old_verified boolean := OLD.status = 'verified';
    new_verified boolean := false;
    reviewer text;
    login text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        new_status := NEW.status;
        new_verdict := NEW.verdict;
        new_verified := NEW.status = 'verified';
        IF new_verified AND NEW.reviewed_at IS NOT NULL THEN
            new_time := public.claim_time_bucket(public.claim_verdict_seconds(NEW.created_at, NEW.reviewed_at));
        END IF;
    END IF;
    IF old_verified AND OLD.reviewed_at IS NOT NULL THEN
        old_time := public.claim_time_bucket(public.claim_verdict_seconds(OLD.created_at, OLD.reviewed_at));
    END IF;
    IF new_status IS DISTINCT FROM OLD.status THEN
        kinds := kinds || ARRAY['status', 'status'];
        names := names || ARRAY[OLD.status, new_status];
        ns := ns || ARRAY[-1, 1]::bigint[];
    END IF;
    IF new_verdict IS DISTINCT FROM OLD.verdict THEN
        kinds := kinds || ARRAY['verdict', 'verdict'];
        names := names || ARRAY[OLD.verdict, new_verdict];
        ns := ns || ARRAY[-1, 1]::bigint[];
    END IF;
    IF new_time IS DISTINCT FROM old_time THEN
        kinds := kinds || ARRAY['time', 'time'];
        names := names || ARRAY[old_time::text, new_time::text];
        ns := ns || ARRAY[-1, 1]::bigint[];
    END IF;
    IF old_verified <> new_verified THEN
        SELECT e.reviewer, e.db_user INTO reviewer, login FROM public.claim_events e
        WHERE e.claim_id = OLD.id AND e.action = 'verified' ORDER BY e.id DESC LIMIT 1;
        IF FOUND THEN
            INSERT INTO public.claim_count_deltas (kind, name, login, n)
            VALUES ('reviewer', reviewer, login, CASE WHEN new_verified THEN 1 ELSE -1 END);
        END IF;
    END IF;
    -- A NULL name is a key the row does not have (no verdict, no time): nothing to count.
    INSERT INTO public.claim_count_deltas (kind, name, n)
    SELECT d.kind, d.name, d.n FROM unnest(kinds, names, ns) AS d (kind, name, n) WHERE d.name IS NOT NULL;
    IF random() < 0.01 THEN
        PERFORM public.claim_counts_fold();
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_count_update AFTER UPDATE ON claims
    FOR EACH ROW
    WHEN ((OLD.status, OLD.verdict, OLD.created_at, OLD.reviewed_at)
          IS DISTINCT FROM (NEW.status, NEW.verdict, NEW.created_at, NEW.reviewed_at))
    EXECUTE FUNCTION claims_count_change();
CREATE TRIGGER claims_count_delete AFTER DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_count_change();

CREATE FUNCTION claims_count_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.claim_count_deltas;
    DELETE FROM public.claim_counts;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_count_truncate AFTER TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION claims_count_truncate();

-- A 'verified' event for a verified claim may name a new reviewer for it. Runs
-- before the row is stored (after claim_events_stamp has set db_user, by name
-- order), when the rows an INSERT stored before it are visible and it is not, so
-- each event is compared with the latest one before it. The claim is locked first:
-- its status and its latest event are read together, whatever runs beside.
CREATE FUNCTION claim_events_tally() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claim_status text;
    previous_id bigint;
    previous_reviewer text;
    previous_login text;
BEGIN
    SELECT c.status INTO claim_status FROM public.claims c WHERE c.id = NEW.claim_id FOR NO KEY UPDATE;
    IF claim_status IS DISTINCT FROM 'verified' THEN
        RETURN NEW;
    END IF;
    SELECT e.id, e.reviewer, e.db_user INTO previous_id, previous_reviewer, previous_login
    FROM public.claim_events e
    WHERE e.claim_id = NEW.claim_id AND e.action = 'verified'
    ORDER BY e.id DESC LIMIT 1;
    IF previous_id > NEW.id
        OR (previous_reviewer, previous_login) IS NOT DISTINCT FROM (NEW.reviewer, NEW.db_user) THEN
        RETURN NEW;
    END IF;
    INSERT INTO public.claim_count_deltas (kind, name, login, n) VALUES ('reviewer', NEW.reviewer, NEW.db_user, 1);
    IF previous_id IS NOT NULL THEN
        INSERT INTO public.claim_count_deltas (kind, name, login, n)
        VALUES ('reviewer', previous_reviewer, previous_login, -1);
    END IF;
    IF random() < 0.01 THEN
        PERFORM public.claim_counts_fold();
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER claim_events_tally BEFORE INSERT ON claim_events
    FOR EACH ROW WHEN (NEW.action = 'verified')
    EXECUTE FUNCTION claim_events_tally();

-- The owner's repair after a load with triggers disabled (or session_replication_role
-- = replica): counts everything again, with claims and their events held still.
CREATE FUNCTION claim_counts_rebuild() RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    LOCK TABLE public.claims, public.claim_events IN SHARE MODE;
    DELETE FROM public.claim_count_deltas;
    DELETE FROM public.claim_counts;
    INSERT INTO public.claim_counts (kind, name, login, n) SELECT * FROM public.claim_counts_recount();
END;
$$;

-- Trigger functions run only as triggers; the fold and the repair are nobody's to call.
REVOKE EXECUTE ON FUNCTION claim_counts_fold(),
    claims_count_insert(), claims_count_change(), claims_count_truncate(), claim_events_tally(),
    claim_counts_rebuild()
    FROM PUBLIC;

SELECT claim_counts_rebuild();
