-- What /v1/products reads (docs/analytics.md): sales per product and UTC month, and per customer, product and month.
-- product_months is tenant-level, like product_sales: it names no customer and keeps an erased customer's share.
-- customer_product_months holds one customer's rows (erased and exported with them): buyers and repeat buyers of a
-- product over any range of months are exact distinct counts over it, which no sum of monthly counts could give.
-- A transaction is one unit: there is no quantity, so units kept = purchases - refunds.
CREATE TABLE product_months (
    tenant_id     TEXT    NOT NULL,
    product_id    TEXT    NOT NULL,
    month         DATE    NOT NULL,
    purchases     BIGINT  NOT NULL,
    gross_revenue NUMERIC NOT NULL,
    refunds       BIGINT  NOT NULL,
    refund_total  NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, product_id, month)
);
-- keyed product first, then customer: a product's buyers are one index range, already grouped by customer
CREATE TABLE customer_product_months (
    tenant_id     TEXT    NOT NULL,
    product_id    TEXT    NOT NULL,
    customer_id   TEXT    NOT NULL,
    month         DATE    NOT NULL,
    purchases     BIGINT  NOT NULL,
    gross_revenue NUMERIC NOT NULL,
    refunds       BIGINT  NOT NULL,
    refund_total  NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, product_id, customer_id, month)
);
-- a privacy erase or export finds one customer's rows through it
CREATE INDEX customer_product_months_customer ON customer_product_months (tenant_id, customer_id);

-- Back-filled from the raw transactions still stored (the projection keeps both from now on). Rows a retention purge
-- removed earlier, and erased customers' rows, are no longer there to count, so for such tenants these months can
-- hold less than product_sales, which counted every row as it arrived.
INSERT INTO product_months
SELECT tenant_id, product_id, date_trunc('month', transaction_date AT TIME ZONE 'UTC')::date,
    count(*) FILTER (WHERE NOT is_refund), coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0),
    count(*) FILTER (WHERE is_refund), coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0)
FROM transactions WHERE product_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO customer_product_months
SELECT tenant_id, product_id, customer_id, date_trunc('month', transaction_date AT TIME ZONE 'UTC')::date,
    count(*) FILTER (WHERE NOT is_refund), coalesce(sum(amount) FILTER (WHERE NOT is_refund), 0),
    count(*) FILTER (WHERE is_refund), coalesce(sum(abs(amount)) FILTER (WHERE is_refund), 0)
FROM transactions WHERE product_id IS NOT NULL GROUP BY 1, 2, 3, 4;
