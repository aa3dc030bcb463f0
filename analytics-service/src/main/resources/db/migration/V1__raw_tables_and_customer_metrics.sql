-- Raw rows, keyed by tenant and their own id: a redelivered or resent row can never be stored twice.
CREATE TABLE customers (
    tenant_id          TEXT        NOT NULL,
    customer_id        TEXT        NOT NULL,
    registration_date  TIMESTAMPTZ,
    country            TEXT,
    city               TEXT,
    age                INT,
    gender             TEXT,
    acquisition_source TEXT,
    segment            TEXT,
    is_active          BOOLEAN,
    email              TEXT,
    name               TEXT,
    loyalty_tier       TEXT,
    attributes         JSONB,
    ingested_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE transactions (
    tenant_id        TEXT        NOT NULL,
    transaction_id   TEXT        NOT NULL,
    customer_id      TEXT        NOT NULL,
    transaction_date TIMESTAMPTZ NOT NULL,
    amount           NUMERIC     NOT NULL,
    currency         TEXT,
    product_id       TEXT,
    product_category TEXT,
    transaction_type TEXT,
    payment_method   TEXT,
    is_refund        BOOLEAN     NOT NULL,
    channel          TEXT,
    ingested_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id)
);

CREATE INDEX transactions_customer ON transactions (tenant_id, customer_id, transaction_date);

-- Per-customer aggregates, updated in the same transaction as the raw rows they summarise.
CREATE TABLE customer_metrics (
    tenant_id         TEXT    NOT NULL,
    customer_id       TEXT    NOT NULL,
    ltv               NUMERIC NOT NULL DEFAULT 0,
    transaction_count BIGINT  NOT NULL DEFAULT 0,
    first_purchase_at TIMESTAMPTZ,
    last_purchase_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, customer_id)
);

CREATE INDEX customer_metrics_ltv ON customer_metrics (tenant_id, ltv DESC, customer_id);
