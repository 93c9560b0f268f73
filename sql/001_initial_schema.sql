-- ClaimTracker schema, version 1: sources, claims, appearances, evidence,
-- the verdict scale and the append-only audit log.
-- Applied by `claims db migrate` in one transaction together with its row in
-- schema_migrations. Never edit an applied migration: add a new file instead.

-- The rating scale. A desk may add its own rows; `name` is what the CLI takes.
CREATE TABLE verdicts (
    name          text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]*$'),
    label         text NOT NULL CHECK (btrim(label) <> ''),
    -- schema.org reviewRating: NULL where the scale gives no number (unverifiable).
    rating_value  integer,
    best_rating   integer NOT NULL,
    worst_rating  integer NOT NULL,
    position      integer NOT NULL,
    description   text,
    CHECK (best_rating <> worst_rating),
    CHECK (rating_value IS NULL
           OR rating_value BETWEEN least(best_rating, worst_rating) AND greatest(best_rating, worst_rating))
);

INSERT INTO verdicts (name, label, rating_value, best_rating, worst_rating, position, description) VALUES
    ('true',         'True',         5,    5, 1, 1, 'The claim is accurate and nothing significant is missing.'),
    ('mostly-true',  'Mostly true',  4,    5, 1, 2, 'The claim is accurate but needs clarification or context.'),
    ('mixed',        'Mixed',        3,    5, 1, 3, 'The claim is partly accurate and partly not.'),
    ('mostly-false', 'Mostly false', 2,    5, 1, 4, 'The claim has an element of truth but misleads.'),
    ('false',        'False',        1,    5, 1, 5, 'The claim is inaccurate.'),
    ('unverifiable', 'Unverifiable', NULL, 5, 1, 6, 'The evidence available does not settle the claim.');

-- One row per ingested document, or per URL a reviewer typed in by hand.
CREATE TABLE sources (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url           text CHECK (url ~* '^https?://[^\s/?#]+'),
    title         text,
    outlet        text,
    author        text,
    published_at  timestamptz,
    retrieved_at  timestamptz NOT NULL DEFAULT now(),
    body          text,
    -- SHA-256 of the body: the same text ingested twice is one source.
    content_hash  text UNIQUE CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((body IS NULL) = (content_hash IS NULL)),
    CHECK (body IS NOT NULL OR url IS NOT NULL)
);
-- A source known only by its URL is stored once.
CREATE UNIQUE INDEX sources_url_without_body_key ON sources (url) WHERE content_hash IS NULL;
CREATE INDEX sources_url_idx ON sources (url);

CREATE TABLE claims (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text            text NOT NULL CHECK (btrim(text) <> ''),
    -- Lower-cased, punctuation-folded form used to match the same claim across sources.
    normalized      text NOT NULL,
    speaker         text,
    kind            text NOT NULL DEFAULT 'other'
                    CHECK (kind IN ('quantity', 'date', 'comparison', 'quote', 'event', 'other')),
    -- Check-worthiness from 0 to 1; NULL for claims a person typed in.
    score           double precision CHECK (score >= 0 AND score <= 1),
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'in_review', 'verified', 'dismissed')),
    verdict         text REFERENCES verdicts (name) ON UPDATE CASCADE,
    verdict_note    text,
    dismiss_reason  text,
    assignee        text,
    -- Bumped by every change; a change names the version it saw (optimistic concurrency).
    version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    reviewed_at     timestamptz,
    CONSTRAINT claims_verdict_iff_verified CHECK ((status = 'verified') = (verdict IS NOT NULL)),
    CONSTRAINT claims_dismissed_has_reason CHECK (status <> 'dismissed' OR btrim(coalesce(dismiss_reason, '')) <> '')
);
-- The review queue and `claims list`: by status, best score first, then oldest.
CREATE INDEX claims_status_score_idx ON claims (status, score DESC NULLS LAST, id);
CREATE INDEX claims_status_created_idx ON claims (status, created_at, id);
CREATE INDEX claims_normalized_idx ON claims (normalized);
CREATE INDEX claims_assignee_idx ON claims (assignee, status) WHERE assignee IS NOT NULL;

-- Where a claim was made: one claim can appear in many sources.
CREATE TABLE claim_appearances (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id      bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source_id     bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    -- Character offsets of the claim in the source body, when the body is stored.
    start_offset  integer CHECK (start_offset >= 0),
    end_offset    integer,
    context       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (end_offset IS NULL OR (start_offset IS NOT NULL AND end_offset >= start_offset)),
    UNIQUE NULLS NOT DISTINCT (claim_id, source_id, start_offset)
);
CREATE INDEX claim_appearances_source_idx ON claim_appearances (source_id);

CREATE TABLE evidence (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id  bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    url       text NOT NULL CHECK (url ~* '^https?://[^\s/?#]+'),
    stance    text NOT NULL DEFAULT 'context' CHECK (stance IN ('supports', 'refutes', 'context')),
    note      text,
    added_by  text NOT NULL,
    added_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_claim_idx ON evidence (claim_id);

-- The audit trail: one row per change to a claim, written in the same transaction.
CREATE TABLE claim_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No cascade: a claim with history cannot be deleted.
    claim_id       bigint NOT NULL REFERENCES claims (id),
    action         text NOT NULL CHECK (action IN (
                       'created', 'assigned', 'unassigned', 'evidence_added', 'verified',
                       'dismissed', 'reopened', 'merged', 'edited', 'appeared')),
    -- The reviewer the client named, and the database role that really did it.
    reviewer       text NOT NULL,
    db_user        text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    from_status    text,
    to_status      text,
    field          text,
    old_value      text,
    new_value      text,
    note           text,
    claim_version  integer
);
CREATE INDEX claim_events_claim_idx ON claim_events (claim_id, id);

-- The client cannot choose who or when: the server fills both in.
CREATE FUNCTION claim_events_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.db_user := session_user;
    NEW.occurred_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER claim_events_stamp BEFORE INSERT ON claim_events
    FOR EACH ROW EXECUTE FUNCTION claim_events_stamp();

-- Append-only: the database refuses to rewrite or erase history.
CREATE FUNCTION claim_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claim_events is an append-only audit log: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Record a new event instead of changing an old one.';
END;
$$;
CREATE TRIGGER claim_events_no_update BEFORE UPDATE OR DELETE ON claim_events
    FOR EACH ROW EXECUTE FUNCTION claim_events_refuse_change();
CREATE TRIGGER claim_events_no_truncate BEFORE TRUNCATE ON claim_events
    FOR EACH STATEMENT EXECUTE FUNCTION claim_events_refuse_change();
