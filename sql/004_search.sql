-- Finding claims: full-text search with English stemming, and trigram similarity
-- for "has this been checked before?". pg_trgm is a trusted extension (PostgreSQL 13+):
-- a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE claims ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', text || ' ' || coalesce(speaker, ''))) STORED;
CREATE INDEX claims_search_idx ON claims USING gin (search);
CREATE INDEX claims_normalized_trgm_idx ON claims USING gin (normalized gin_trgm_ops);
