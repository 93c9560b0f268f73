-- Ingesting articles: one row per distinct claim, and the facts extraction found.

-- The same claim (by normalised text) is one row; ingest folds repeats into appearances.
-- Hashed, so a long sentence still fits in a btree entry.
DROP INDEX claims_normalized_idx;
CREATE UNIQUE INDEX claims_normalized_key ON claims (md5(normalized));

-- Numbers with units and ISO dates pulled out of the sentence, as extraction found them:
-- {"quantities": [{"text": "3.4%", "value": 3.4, "unit": "percent"}], "dates": [{"text": "Feb. 4, 2026", "iso": "2026-02-04"}]}
ALTER TABLE claims ADD COLUMN facts jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Where a claim came from: typed in by a person, or extracted from an article.
ALTER TABLE claims ADD COLUMN origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'extracted'));

-- Sources by publication date, for reports and `--since`.
CREATE INDEX sources_published_idx ON sources (published_at);
