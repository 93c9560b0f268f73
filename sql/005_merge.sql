-- Acting on likely duplicates: merging one claim into another, and recording that
-- two look-alikes are different claims so they are not suggested again.

ALTER TABLE claims ADD COLUMN merged_into bigint REFERENCES claims (id);
ALTER TABLE claims ADD CONSTRAINT claims_merged_is_dismissed CHECK (merged_into IS NULL OR status = 'dismissed');

CREATE TABLE claim_distinct_pairs (
    claim_a     bigint NOT NULL REFERENCES claims (id),
    claim_b     bigint NOT NULL REFERENCES claims (id),
    reviewer    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (claim_a, claim_b),
    CHECK (claim_a < claim_b)
);

GRANT SELECT, INSERT ON claim_distinct_pairs TO claims_reviewer;
-- Merging moves appearances and evidence to the surviving claim.
GRANT UPDATE (claim_id) ON claim_appearances, evidence TO claims_reviewer;
