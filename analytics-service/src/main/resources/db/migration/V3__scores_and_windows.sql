-- The newest model score per customer (from customer-scores.v1), joined into forecasts and profiles.
CREATE TABLE customer_scores (
    tenant_id          TEXT        NOT NULL,
    customer_id        TEXT        NOT NULL,
    model_id           TEXT        NOT NULL,
    model_version      INT,
    predicted_clv      NUMERIC,
    p_alive            DOUBLE PRECISION,
    expected_purchases DOUBLE PRECISION,
    horizon_months     INT,
    scored_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);

-- Windowed questions (RFM over a date range, revenue reports) read the day rollup by day, not by customer.
CREATE INDEX customer_days_by_day ON customer_days (tenant_id, day);

-- Keyset pagination of /v1/customers: one index per sort key, ending in customer_id (scanned backwards for
-- descending order). Missing dates sort as -infinity so that the keys are total.
DROP INDEX customer_metrics_net;
CREATE INDEX customer_metrics_by_ltv ON customer_metrics (tenant_id, net_revenue, customer_id);
CREATE INDEX customer_metrics_by_purchases ON customer_metrics (tenant_id, purchase_count, customer_id);
CREATE INDEX customer_metrics_by_last_purchase
    ON customer_metrics (tenant_id, coalesce(last_purchase_at, '-infinity'::timestamptz), customer_id);
CREATE INDEX customer_metrics_by_registration
    ON customer_metrics (tenant_id, coalesce(registration_date, '-infinity'::timestamptz), customer_id);
