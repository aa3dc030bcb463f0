-- Pipe windows are instants in the tenant's time zone, not UTC days. Whole UTC days inside a window still come from
-- customer_days; only the partial days at its edges are read from raw transactions, through a covering index of
-- transaction times (an index-only scan of at most a day per edge). customer_days also keeps the day's last
-- purchase time, so the recency of a window (in the tenant's local days) stays exact without raw rows.
ALTER TABLE customer_days ADD COLUMN last_purchase_at TIMESTAMPTZ;

UPDATE customer_days d SET last_purchase_at = t.last_at
FROM (SELECT tenant_id, customer_id, (transaction_date AT TIME ZONE 'UTC')::date AS day,
        max(transaction_date) FILTER (WHERE NOT is_refund) AS last_at
      FROM transactions GROUP BY 1, 2, 3) t
WHERE d.tenant_id = t.tenant_id AND d.customer_id = t.customer_id AND d.day = t.day AND t.last_at IS NOT NULL;

-- replaces the purchases-only index of the retention report: the edges of an RFM window need refunds and amounts
-- too, and one index of transaction times serves both (the report filters refunds out of the same index-only scan)
DROP INDEX transactions_purchases_by_time;
CREATE INDEX transactions_by_time ON transactions (tenant_id, transaction_date)
    INCLUDE (customer_id, is_refund, amount);

-- When a customer was first seen: their oldest row's own time (a transaction of any kind, an interaction, an event),
-- or when their profile first arrived if that is earlier. The customer object's created_at falls back to it when
-- no registration date was sent. Rows stored before this version count their newest profile's arrival instead.
ALTER TABLE customer_metrics ADD COLUMN first_seen_at TIMESTAMPTZ;

UPDATE customer_metrics m SET first_seen_at = f.first_at
FROM (SELECT tenant_id, customer_id, min(at) AS first_at FROM (
        SELECT tenant_id, customer_id, min(transaction_date) AS at FROM transactions GROUP BY 1, 2
        UNION ALL SELECT tenant_id, customer_id, min(interaction_date) FROM interactions GROUP BY 1, 2
        UNION ALL SELECT tenant_id, customer_id, min(occurred_at) FROM events GROUP BY 1, 2
        UNION ALL SELECT tenant_id, customer_id, ingested_at FROM customers) x
      GROUP BY 1, 2) f
WHERE m.tenant_id = f.tenant_id AND m.customer_id = f.customer_id;
