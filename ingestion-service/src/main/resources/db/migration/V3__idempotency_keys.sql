-- Idempotency-Key (IETF httpapi draft): the first answer to a key, replayed to retries with the same request.
CREATE TABLE idempotency_keys (
    tenant_id   TEXT        NOT NULL,
    idem_key    TEXT        NOT NULL,
    fingerprint TEXT        NOT NULL,
    state       TEXT        NOT NULL CHECK (state IN ('in_flight', 'done')),
    status      INT,
    response    TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, idem_key)
);
