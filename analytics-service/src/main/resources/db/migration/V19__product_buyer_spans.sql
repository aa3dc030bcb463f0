-- Buyers and repeat buyers of a product over any range of months, without reading every buyer's rows (docs/analytics.md,
-- "Products"). A customer's purchase months of one product, in order, are a chain; each link is counted in
-- product_buyer_spans as (month, the previous purchase month, the next one, whether that month holds exactly one
-- purchase). Then, for a window [a, b] of months:
--   buyers         = links with a <= month <= b and previous < a (the first purchase month inside the window);
--   single buyers  = those of them whose next month is after b and that month has one purchase;
--   repeat buyers  = buyers - single buyers (two purchases or more inside the window).
-- '-infinity' stands for no previous month, 'infinity' for no next one, so that both compare as such.
-- customer_product_months keeps the link each of its rows counts as (span_prev NULL: counted nowhere, a month
-- without purchases), so that a batch changes the counts by the difference between what a customer's chain was
-- and what it is (ProjectionStatements.PRODUCT_SPANS), and an erasure takes the customer's links away.
ALTER TABLE customer_product_months ADD COLUMN span_prev DATE, ADD COLUMN span_next DATE, ADD COLUMN span_single BOOLEAN;

CREATE TABLE product_buyer_spans (
    tenant_id  TEXT    NOT NULL,
    product_id TEXT    NOT NULL,
    month      DATE    NOT NULL,
    prev_month DATE    NOT NULL,
    next_month DATE    NOT NULL,
    single     BOOLEAN NOT NULL,
    customers  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, product_id, month, prev_month, next_month, single)
);

UPDATE customer_product_months c SET span_prev = l.prev, span_next = l.next, span_single = l.single
FROM (
    SELECT tenant_id, product_id, customer_id, month,
        coalesce(lag(month) OVER w, '-infinity'::date) AS prev, coalesce(lead(month) OVER w, 'infinity'::date) AS next,
        purchases = 1 AS single
    FROM customer_product_months WHERE purchases > 0
    WINDOW w AS (PARTITION BY tenant_id, product_id, customer_id ORDER BY month)
) l
WHERE c.tenant_id = l.tenant_id AND c.product_id = l.product_id AND c.customer_id = l.customer_id
    AND c.month = l.month;

INSERT INTO product_buyer_spans
SELECT tenant_id, product_id, month, span_prev, span_next, span_single, count(*)
FROM customer_product_months WHERE span_prev IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
