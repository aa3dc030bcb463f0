-- Every data source stored raw (idempotent by id), the per-customer aggregates widened, and the day and month
-- rollups that the cohort, retention and RFM answers read instead of the raw transactions.
CREATE TABLE interactions (
    tenant_id          TEXT        NOT NULL,
    interaction_id     TEXT        NOT NULL,
    customer_id        TEXT        NOT NULL,
    interaction_date   TIMESTAMPTZ NOT NULL,
    interaction_type   TEXT,
    channel            TEXT,
    duration_seconds   INT,
    satisfaction_score INT,
    attributes         JSONB,
    ingested_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, interaction_id)
);
CREATE INDEX interactions_customer ON interactions (tenant_id, customer_id, interaction_date);

CREATE TABLE products (
    tenant_id   TEXT        NOT NULL,
    product_id  TEXT        NOT NULL,
    name        TEXT,
    category    TEXT,
    price       NUMERIC,
    cost        NUMERIC,
    currency    TEXT,
    launched_at TIMESTAMPTZ,
    status      TEXT,
    attributes  JSONB,
    ingested_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, product_id)
);

CREATE TABLE events (
    tenant_id   TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    customer_id TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    session_id  TEXT,
    properties  JSONB,
    ingested_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX events_customer ON events (tenant_id, customer_id, occurred_at);

DROP TABLE customer_metrics;
-- One row per customer seen in any source. The profile columns are a copy of the customer row (kept by the
-- customer upsert) so that filtered lists read one table; the rest only ever grows by rows newly inserted.
CREATE TABLE customer_metrics (
    tenant_id            TEXT    NOT NULL,
    customer_id          TEXT    NOT NULL,
    registration_date    TIMESTAMPTZ,
    country              TEXT,
    segment              TEXT,
    acquisition_source   TEXT,
    is_active            BOOLEAN,
    purchase_count       BIGINT  NOT NULL DEFAULT 0,
    gross_revenue        NUMERIC NOT NULL DEFAULT 0,
    refund_count         BIGINT  NOT NULL DEFAULT 0,
    refund_total         NUMERIC NOT NULL DEFAULT 0,
    net_revenue          NUMERIC NOT NULL DEFAULT 0,
    first_purchase_at    TIMESTAMPTZ,
    first_purchase_id    TEXT,
    first_channel        TEXT,
    first_payment_method TEXT,
    last_purchase_at     TIMESTAMPTZ,
    interaction_count    BIGINT  NOT NULL DEFAULT 0,
    last_interaction_at  TIMESTAMPTZ,
    satisfaction_sum     BIGINT  NOT NULL DEFAULT 0,
    satisfaction_count   BIGINT  NOT NULL DEFAULT 0,
    support_contacts     BIGINT  NOT NULL DEFAULT 0,
    app_interactions     BIGINT  NOT NULL DEFAULT 0,
    web_interactions     BIGINT  NOT NULL DEFAULT 0,
    event_count          BIGINT  NOT NULL DEFAULT 0,
    last_event_at        TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX customer_metrics_net ON customer_metrics (tenant_id, net_revenue DESC, customer_id);

-- Purchases and net revenue per customer and UTC day / month (refunds count on the day they happened).
CREATE TABLE customer_days (
    tenant_id   TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    day         DATE    NOT NULL,
    purchases   BIGINT  NOT NULL,
    net_revenue NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, day)
);
CREATE TABLE customer_months (
    tenant_id   TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    month       DATE    NOT NULL,
    purchases   BIGINT  NOT NULL,
    net_revenue NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, month)
);

-- Per tenant: the newest ingestion time among projected rows.
CREATE TABLE projection_watermarks (
    tenant_id  TEXT        PRIMARY KEY,
    watermark  TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- Rebuild the aggregates of rows stored by earlier versions.
INSERT INTO customer_metrics (tenant_id, customer_id, registration_date, country, segment, acquisition_source,
    is_active)
SELECT tenant_id, customer_id, registration_date, country, segment, acquisition_source, is_active FROM customers;
INSERT INTO customer_metrics AS m (tenant_id, customer_id, purchase_count, gross_revenue, refund_count, refund_total,
    net_revenue, first_purchase_at, last_purchase_at)
SELECT tenant_id, customer_id, count(*) FILTER (WHERE NOT is_refund),
    coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0), count(*) FILTER (WHERE is_refund),
    coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0),
    coalesce(sum(CASE WHEN is_refund THEN -abs(amount) ELSE amount END), 0),
    min(transaction_date) FILTER (WHERE NOT is_refund), max(transaction_date) FILTER (WHERE NOT is_refund)
FROM transactions GROUP BY tenant_id, customer_id
ON CONFLICT (tenant_id, customer_id) DO UPDATE SET purchase_count = excluded.purchase_count,
    gross_revenue = excluded.gross_revenue, refund_count = excluded.refund_count,
    refund_total = excluded.refund_total, net_revenue = excluded.net_revenue,
    first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at;
INSERT INTO customer_days
SELECT tenant_id, customer_id, (transaction_date AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE NOT is_refund),
    sum(CASE WHEN is_refund THEN -abs(amount) ELSE amount END) FROM transactions GROUP BY 1, 2, 3;
INSERT INTO customer_months
SELECT tenant_id, customer_id, date_trunc('month', day)::date, sum(purchases), sum(net_revenue)
FROM customer_days GROUP BY 1, 2, 3;
