-- Raw records the analytics projection could not store, read from its dead-letter topic: visible to their tenant,
-- replayable, and no longer holding the dedup claim of their row (a corrected resend is accepted)
CREATE TABLE dead_letters (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       TEXT        NOT NULL,
    data_source     TEXT        NOT NULL,
    row_id          TEXT,
    record_key      TEXT        NOT NULL,
    record          BYTEA       NOT NULL,
    reason          TEXT        NOT NULL,
    topic           TEXT        NOT NULL,
    kafka_partition INT         NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    dead_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letters_tenant ON dead_letters (tenant_id, dead_at DESC, id);
