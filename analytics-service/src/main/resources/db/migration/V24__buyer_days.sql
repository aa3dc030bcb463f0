-- The retention report by UTC day counted each day's buyers and those who bought the day before from the day
-- rollup, one row per customer and day (7 s for the 30 days before today at a million customers with the stack's
-- PostgreSQL: the most recent days have the most buyers). Like buyer_months (V23), per tenant and UTC day.
CREATE TABLE buyer_days (
    tenant_id TEXT   NOT NULL,
    day       DATE   NOT NULL,
    buyers    BIGINT NOT NULL,
    retained  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, day)
);

INSERT INTO buyer_days
SELECT c.tenant_id, c.day, count(*), count(p.customer_id)
FROM customer_days c
LEFT JOIN customer_days p ON p.tenant_id = c.tenant_id AND p.customer_id = c.customer_id
    AND p.day = c.day - 1 AND p.purchases > 0
WHERE c.purchases > 0
GROUP BY 1, 2;
