-- The retention report counts each period's new buyers from their first purchase times: an index range of the
-- window instead of a join of every buyer with their metrics (0.8 s at a million customers, 17 ms with it).
-- first_purchase_at rarely changes, and customer_metrics rows are updated by purchases that change other indexed
-- columns anyway (no HOT update is lost).
CREATE INDEX customer_metrics_by_first_purchase ON customer_metrics (tenant_id, first_purchase_at);
