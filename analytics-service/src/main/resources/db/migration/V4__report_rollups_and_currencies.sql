-- Tenant-wide rollups in 15-minute UTC buckets. Every time zone in use today is offset from UTC by a multiple of
-- 15 minutes, so any local day, week or month (DST changes included) is an exact union of these buckets.
CREATE TABLE tenant_sales_quarters (
    tenant_id     TEXT        NOT NULL,
    bucket        TIMESTAMPTZ NOT NULL,
    currency      TEXT        NOT NULL,
    orders        BIGINT      NOT NULL,
    gross_revenue NUMERIC     NOT NULL,
    refunds       BIGINT      NOT NULL,
    refund_total  NUMERIC     NOT NULL,
    net_revenue   NUMERIC     NOT NULL,
    PRIMARY KEY (tenant_id, bucket, currency)
);
CREATE TABLE tenant_activity_quarters (
    tenant_id          TEXT        NOT NULL,
    bucket             TIMESTAMPTZ NOT NULL,
    interactions       BIGINT      NOT NULL DEFAULT 0,
    app_interactions   BIGINT      NOT NULL DEFAULT 0,
    web_interactions   BIGINT      NOT NULL DEFAULT 0,
    support_contacts   BIGINT      NOT NULL DEFAULT 0,
    satisfaction_sum   BIGINT      NOT NULL DEFAULT 0,
    satisfaction_count BIGINT      NOT NULL DEFAULT 0,
    events             BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, bucket)
);

-- Distinct buyers per local period cannot be summed from rollups: the retention report reads purchase times and
-- customer ids from this index alone (an index-only scan of the window), never the transactions table.
CREATE INDEX transactions_purchases_by_time ON transactions (tenant_id, transaction_date) INCLUDE (customer_id)
    WHERE NOT is_refund;

-- Reports convert money into the tenant's reporting currency: a rate is valid from its day until the next one.
CREATE TABLE tenant_settings (
    tenant_id          TEXT PRIMARY KEY,
    reporting_currency TEXT NOT NULL
);
CREATE TABLE currency_rates (
    tenant_id  TEXT    NOT NULL,
    currency   TEXT    NOT NULL,
    valid_from DATE    NOT NULL,
    rate       NUMERIC NOT NULL CHECK (rate > 0),
    PRIMARY KEY (tenant_id, currency, valid_from)
);

INSERT INTO tenant_sales_quarters
SELECT tenant_id, date_bin('15 minutes', transaction_date, TIMESTAMPTZ '2000-01-01 00:00:00+00'),
    coalesce(currency, ''), count(*) FILTER (WHERE NOT is_refund),
    coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0), count(*) FILTER (WHERE is_refund),
    coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0), sum(CASE WHEN is_refund THEN -abs(amount) ELSE amount END)
FROM transactions GROUP BY 1, 2, 3;
INSERT INTO tenant_activity_quarters (tenant_id, bucket, interactions, app_interactions, web_interactions,
    support_contacts, satisfaction_sum, satisfaction_count)
SELECT tenant_id, date_bin('15 minutes', interaction_date, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*),
    count(*) FILTER (WHERE channel = 'app'), count(*) FILTER (WHERE channel = 'web'),
    count(*) FILTER (WHERE interaction_type = 'support_contact'), coalesce(sum(satisfaction_score), 0),
    count(satisfaction_score)
FROM interactions GROUP BY 1, 2;
INSERT INTO tenant_activity_quarters AS a (tenant_id, bucket, events)
SELECT tenant_id, date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), count(*)
FROM events GROUP BY 1, 2
ON CONFLICT (tenant_id, bucket) DO UPDATE SET events = a.events + excluded.events;
