-- Customers whose re-evaluation failed with their tenant's (the other tenants of the batch were committed): retried
-- with backoff until it succeeds. recorded_at changes with every failure recorded, so a retry removes only the rows
-- it read unchanged.
CREATE TABLE pending_evaluations (
    tenant_id       TEXT        NOT NULL,
    customer_id     TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX pending_evaluations_due ON pending_evaluations (next_attempt_at);

-- Fair dispatch: the claim takes each enabled endpoint's oldest due deliveries (this index, one probe per endpoint)
-- instead of the oldest due deliveries of all, which one endpoint's backlog could fill; leased_until marks an attempt
-- in flight, so that the claim keeps to each endpoint's concurrency limit.
ALTER TABLE webhook_deliveries ADD COLUMN leased_until TIMESTAMPTZ;
CREATE INDEX webhook_deliveries_due_by_webhook ON webhook_deliveries (webhook_id, next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_in_flight ON webhook_deliveries (webhook_id) WHERE leased_until IS NOT NULL;
DROP INDEX webhook_deliveries_due;
-- a disabled endpoint's deliveries are held by the claim, which reads enabled endpoints only; they are no longer
-- parked at infinity
UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending' AND next_attempt_at = 'infinity';
