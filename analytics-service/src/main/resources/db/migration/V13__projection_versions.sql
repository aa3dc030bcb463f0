-- A counter per tenant that every projected batch (and every batch of scores) moves, in its own transaction. A
-- snapshot run records the counter it read when it started; any batch that commits later, even one that began
-- before the run, leaves the counter different, so the tenant is due again. updated_at (the batch transaction's
-- start) could not tell a batch committed after a run's start from one committed before it.
ALTER TABLE projection_watermarks ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE snapshot_runs ADD COLUMN version BIGINT;
