-- Rejected rows are kept whole, with the reason, so they can be inspected, corrected and replayed.
CREATE TABLE quarantined_rows (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    data_source TEXT        NOT NULL,
    row_number  INT         NOT NULL,
    raw         TEXT        NOT NULL,
    field       TEXT,
    reason      TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX quarantined_rows_tenant_source ON quarantined_rows (tenant_id, data_source, id);
