-- The trace a webhook message belongs to (W3C traceparent), so that its delivery, made later by any replica,
-- continues the trace of the change that queued it. Filled without touching the statements that queue messages:
-- the evaluating transaction sets clv.traceparent (set_config, transaction-local) and the column's default reads
-- it; NULL while tracing is off.
ALTER TABLE segmentation.webhook_deliveries
  ADD COLUMN traceparent text DEFAULT nullif(current_setting('clv.traceparent', true), '');
