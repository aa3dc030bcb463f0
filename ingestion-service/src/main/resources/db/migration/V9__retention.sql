-- Each tenant's retention policy as its admin last set it (docs/privacy.md#retention): the source of truth, which
-- ingestion publishes on the compacted retention-policies.v1 at every start and every few minutes.
CREATE TABLE retention_policies (
    tenant_id  TEXT        PRIMARY KEY,
    days       JSONB       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- the purge's way into a tenant's oldest quarantined rows
CREATE INDEX quarantined_rows_received ON quarantined_rows (tenant_id, received_at);

