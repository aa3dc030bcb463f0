-- A saved segment's evaluation over every customer of its tenant, run in the background a chunk of customers (by
-- id) at a time; each chunk commits with the cursor, so a restart resumes after the last committed chunk.
CREATE TABLE segment_evaluations (
    segment_id      UUID        PRIMARY KEY REFERENCES segments (id) ON DELETE CASCADE,
    tenant_id       TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('running', 'done')),
    requested_at    TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    -- the last customer id evaluated; null: none yet
    cursor          TEXT,
    customers_done  BIGINT      NOT NULL DEFAULT 0,
    customers_total BIGINT      NOT NULL,
    entered         BIGINT      NOT NULL DEFAULT 0,
    exited          BIGINT      NOT NULL DEFAULT 0,
    -- fairness: the tenant advanced least recently goes first
    advanced_at     TIMESTAMPTZ NOT NULL,
    -- a failed chunk is tried again after a back-off
    next_at         TIMESTAMPTZ NOT NULL,
    failures        INT         NOT NULL DEFAULT 0,
    last_error      TEXT
);
CREATE INDEX segment_evaluations_running ON segment_evaluations (next_at) WHERE status = 'running';
