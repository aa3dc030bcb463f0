-- Per customer and product category, and per product: what the Customer 360 product and finance answers read.
CREATE TABLE customer_categories (
    tenant_id    TEXT    NOT NULL,
    customer_id  TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    purchases    BIGINT  NOT NULL,
    gross_revenue NUMERIC NOT NULL,
    refunds      BIGINT  NOT NULL,
    refund_total NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, category)
);
CREATE TABLE product_sales (
    tenant_id     TEXT    NOT NULL,
    product_id    TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    purchases     BIGINT  NOT NULL,
    gross_revenue NUMERIC NOT NULL,
    refunds       BIGINT  NOT NULL,
    refund_total  NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, product_id, category)
);

-- Revenue analysis by segment and period needs gross and refunds per month, not only net.
ALTER TABLE customer_months ADD COLUMN gross_revenue NUMERIC NOT NULL DEFAULT 0,
    ADD COLUMN refund_total NUMERIC NOT NULL DEFAULT 0;

UPDATE customer_months mo SET gross_revenue = t.gross, refund_total = t.refunded
FROM (SELECT tenant_id, customer_id, date_trunc('month', transaction_date AT TIME ZONE 'UTC')::date AS month,
        coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0) AS gross,
        coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0) AS refunded
      FROM transactions GROUP BY 1, 2, 3) t
WHERE mo.tenant_id = t.tenant_id AND mo.customer_id = t.customer_id AND mo.month = t.month;
INSERT INTO customer_categories
SELECT tenant_id, customer_id, coalesce(product_category, 'uncategorized'), count(*) FILTER (WHERE NOT is_refund),
    coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0), count(*) FILTER (WHERE is_refund),
    coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0)
FROM transactions GROUP BY 1, 2, 3;
INSERT INTO product_sales
SELECT tenant_id, product_id, coalesce(product_category, 'uncategorized'), count(*) FILTER (WHERE NOT is_refund),
    coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0), count(*) FILTER (WHERE is_refund),
    coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0)
FROM transactions WHERE product_id IS NOT NULL GROUP BY 1, 2, 3;

-- Revenue analysis reads a range of months across customers.
CREATE INDEX customer_months_by_month ON customer_months (tenant_id, month);
