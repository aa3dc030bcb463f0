-- A batch of changed customers reads their current stays in every segment at once. With only the per-segment
-- index that was one probe per segment and customer (./benchmark segments, 20 segments: 80 ms of a 230 ms batch
-- of 1,174 customers); with this one it is one probe per customer.
CREATE INDEX memberships_current_by_customer ON memberships (tenant_id, customer_id) WHERE exited_at IS NULL;
