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
