-- Every row id ever accepted for an append-only data source: the key that makes deduplication permanent,
-- across retries, restarts and replays (not a time window).
CREATE TABLE seen_rows (
    tenant_id   TEXT NOT NULL,
    data_source TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, data_source, row_id)
);
