-- Erasure guards: one row per erased customer, so that a record about them produced before the erase and read
-- again (a replay, a redelivery, a record in flight) is not stored again. customer_hash is the SHA-256 (hex) of the
-- tenant id, a NUL and the customer id: the guard never holds the id itself. erased_at only moves forward.
CREATE TABLE erased_customers (
    tenant_id     TEXT        NOT NULL,
    customer_hash TEXT        NOT NULL,
    erased_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_hash)
);

-- Erase requests carried out, with what they erased: a redelivered request answers these counts and erases nothing
-- more (data about the customer that arrived after the erase is new data). Neither ids nor hashes of customers.
CREATE TABLE privacy_erasures (
    request_id UUID        PRIMARY KEY,
    tenant_id  TEXT        NOT NULL,
    counts     JSONB       NOT NULL,
    erased_at  TIMESTAMPTZ NOT NULL
);

-- The customer a webhook message names (segment.* messages name one, model.trained none), so that an erase finds a
-- customer's messages by index instead of parsing every body of the tenant.
ALTER TABLE webhook_deliveries ADD COLUMN customer_id TEXT;
UPDATE webhook_deliveries SET customer_id = body::jsonb #>> '{data,customer_id}'
WHERE event_type IN ('segment.customer_added', 'segment.customer_removed');
CREATE INDEX webhook_deliveries_by_customer ON webhook_deliveries (tenant_id, customer_id)
    WHERE customer_id IS NOT NULL;
-- segment messages an older replica queues during a rolling upgrade have no customer_id: an erase reads their body,
-- found through this index (empty once every replica runs this version)
CREATE INDEX webhook_deliveries_unnamed ON webhook_deliveries (tenant_id)
    WHERE customer_id IS NULL AND event_type <> 'model.trained';

-- Webhook signing secrets (secret, previous_secret) are encrypted by the service (AES-GCM, "v1:<key id>:<base64>"),
-- which holds the keys: rows still in plain text are encrypted at its next start, not here.
