-- Check-worthiness models a desk trained on its own decisions (`claims model train
-- --from-database`), stored so that every reviewer's ingest scores with the same one
-- (`claims model use FILE`). At most one is active; with none, claims uses the model
-- built into it. Choosing the active model is an editor's call (role claims_editor):
-- it decides what every reviewer's ingest queues. Every store and every switch is
-- logged in desk_model_events, which nobody may change.

CREATE TABLE desk_models (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The model file as `claims model train` wrote it ("CTCW" header).
    model        bytea NOT NULL CHECK (substr(model, 1, 4) = '\x43544357'::bytea),
    -- Computed by the server, so it names the bytes stored; one row per distinct model.
    sha256       text GENERATED ALWAYS AS (encode(sha256(model), 'hex')) STORED UNIQUE,
    -- From the file (NULL when it does not say): when and by whom it was trained, on
    -- how many of the desk's decisions.
    trained_at   timestamptz,
    trained_by   text NOT NULL CHECK (btrim(trained_by) <> ''),
    label_count  integer CHECK (label_count >= 0),
    description  text,
    active       boolean NOT NULL DEFAULT false,
    -- Stamped by the server: the login that stored it, and when.
    db_user      text NOT NULL,
    stored_at    timestamptz NOT NULL
);
-- One active model at a time.
CREATE UNIQUE INDEX desk_models_one_active ON desk_models (active) WHERE active;

CREATE TABLE desk_model_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No cascade: a model with history cannot be deleted.
    model_id     bigint NOT NULL REFERENCES desk_models (id),
    action       text NOT NULL CHECK (action IN ('stored', 'activated', 'deactivated')),
    -- The reviewer the client named (claims.reviewer), and the login that really did it.
    reviewer     text NOT NULL,
    db_user      text NOT NULL,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX desk_model_events_model_idx ON desk_model_events (model_id, id);

-- A stored model never changes: only whether it is active. Switching takes an editor,
-- whatever the grants say; the server stamps who stored it and when.
CREATE FUNCTION desk_models_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.db_user := session_user;
        NEW.stored_at := now();
    ELSIF (NEW.id, NEW.model, NEW.trained_at, NEW.trained_by, NEW.label_count, NEW.description, NEW.db_user, NEW.stored_at)
        IS DISTINCT FROM (OLD.id, OLD.model, OLD.trained_at, OLD.trained_by, OLD.label_count, OLD.description, OLD.db_user, OLD.stored_at) THEN
        RAISE EXCEPTION 'desk model % cannot change; store a new model with `claims model use FILE`', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'desk_models_fixed';
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.active) OR (TG_OP = 'UPDATE' AND NEW.active IS DISTINCT FROM OLD.active) THEN
        IF NOT (pg_catalog.pg_has_role(session_user, 'claims_editor', 'MEMBER')
                OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user)) THEN
            RAISE EXCEPTION 'only an editor (role claims_editor) can change the check-worthiness model every ingest uses'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER desk_models_guard BEFORE INSERT OR UPDATE ON desk_models
    FOR EACH ROW EXECUTE FUNCTION desk_models_guard();

-- Every store and switch is logged, whoever makes it (psql included). Runs as the
-- owner so the log is written whatever the login may insert; db_user is the login.
CREATE FUNCTION desk_models_log() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    actor text := coalesce(nullif(current_setting('claims.reviewer', true), ''), session_user);
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.desk_model_events (model_id, action, reviewer, db_user, occurred_at)
        VALUES (NEW.id, 'stored', actor, session_user, now());
    END IF;
    IF NEW.active IS DISTINCT FROM (CASE WHEN TG_OP = 'INSERT' THEN false ELSE OLD.active END) THEN
        INSERT INTO public.desk_model_events (model_id, action, reviewer, db_user, occurred_at)
        VALUES (NEW.id, CASE WHEN NEW.active THEN 'activated' ELSE 'deactivated' END, actor, session_user, now());
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER desk_models_log AFTER INSERT OR UPDATE OF active ON desk_models
    FOR EACH ROW EXECUTE FUNCTION desk_models_log();
REVOKE EXECUTE ON FUNCTION desk_models_log() FROM PUBLIC;

-- The log is append-only, for its owner too.
CREATE FUNCTION desk_model_events_refuse_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'desk_model_events is an append-only log: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER desk_model_events_no_change BEFORE UPDATE OR DELETE ON desk_model_events
    FOR EACH ROW EXECUTE FUNCTION desk_model_events_refuse_change();
CREATE TRIGGER desk_model_events_no_truncate BEFORE TRUNCATE ON desk_model_events
    FOR EACH STATEMENT EXECUTE FUNCTION desk_model_events_refuse_change();

-- Every reviewer's ingest reads the active model; only editors store and switch, and
-- only in the columns `claims model use` sets (no DELETE or TRUNCATE for anyone but
-- the owner, whose rows the triggers keep as they are). Nobody else writes the log:
-- its rows come from desk_models_log, which runs as the owner. Every function here
-- resolves names in pg_catalog and public before the session's temporary tables.
REVOKE ALL ON desk_models, desk_model_events FROM PUBLIC, claims_reviewer, claims_editor;
GRANT SELECT ON desk_models, desk_model_events TO claims_reviewer;
GRANT INSERT (model, trained_at, trained_by, label_count, description) ON desk_models TO claims_editor;
GRANT UPDATE (active) ON desk_models TO claims_editor;
