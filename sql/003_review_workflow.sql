-- The review workflow, backed by the database: legal status changes, evidence
-- before a verdict, and roles for reviewers and editors.
--
-- The same rules live in Swift in ReviewRules (Sources/ClaimStore/ReviewRules.swift),
-- which explains a refusal before the database has to; this trigger holds for every
-- client, including psql.

CREATE FUNCTION claims_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
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
        -- Reopening a verified claim is an editor's call.
        IF OLD.status = 'verified' AND NOT (
            pg_has_role(session_user, 'claims_editor', 'MEMBER')
            OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
        ) THEN
            RAISE EXCEPTION 'only an editor (role claims_editor) can reopen verified claim %', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NEW.status = 'verified' AND OLD.status IS DISTINCT FROM 'verified'
        AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = NEW.id) THEN
        RAISE EXCEPTION 'claim % cannot be verified without evidence', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_verified_has_evidence',
                  HINT = 'Attach at least one evidence URL.';
    END IF;
    RETURN NEW;
END;
$$;

-- Roles first: pg_has_role above needs claims_editor to exist.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claims_reviewer') THEN
        CREATE ROLE claims_reviewer NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;  -- created by a migration of another database at the same moment
END;
$$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'claims_editor') THEN
        CREATE ROLE claims_editor NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END;
$$;
DO $$
BEGIN
    GRANT claims_reviewer TO claims_editor;
EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN
    NULL;
END;
$$;

CREATE TRIGGER claims_check_transition BEFORE UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_check_transition();

-- Reviewers read everything and work claims through the workflow. Nobody may delete
-- a claim, and nobody may change or delete the audit log (its trigger refuses even
-- the owner).
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO claims_reviewer', current_database());
END;
$$;
GRANT USAGE ON SCHEMA public TO claims_reviewer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO claims_reviewer;
GRANT INSERT ON sources, claims, claim_appearances, evidence, claim_events TO claims_reviewer;
GRANT UPDATE ON claims TO claims_reviewer;
GRANT UPDATE (title) ON sources TO claims_reviewer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO claims_reviewer;
-- Editors also keep the verdict scale.
GRANT INSERT, UPDATE, DELETE ON verdicts TO claims_editor;
-- Tables later migrations create are readable too (each migration grants any more).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO claims_reviewer;

-- The queue: pending claims nobody holds, best score first.
CREATE INDEX claims_queue_idx ON claims (score DESC NULLS LAST, id) WHERE status = 'pending' AND assignee IS NULL;
CREATE INDEX claims_kind_idx ON claims (kind);
CREATE INDEX claims_created_idx ON claims (created_at);
