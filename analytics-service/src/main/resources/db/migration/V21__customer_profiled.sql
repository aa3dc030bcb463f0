-- Whether a customer has a profile, kept on customer_metrics by the projection's customers statement (the only
-- writer of analytics.customers; erasure deletes both rows together). The data-quality check "transactions of
-- unknown customers" then reads the few rows of this partial index instead of anti-joining every customer_metrics
-- row of the tenant with analytics.customers (about 1 s at a million customers). Rows with a profile are never in
-- the index, so the purchases that update them pay nothing for it.
ALTER TABLE customer_metrics ADD COLUMN profiled boolean NOT NULL DEFAULT false;
UPDATE customer_metrics m SET profiled = true
WHERE EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id);
CREATE INDEX customer_metrics_unprofiled ON customer_metrics (tenant_id, customer_id) WHERE NOT profiled;
