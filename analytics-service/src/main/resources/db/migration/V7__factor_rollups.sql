-- ltv_influencing_factors for a whole tenant from a histogram instead of every customer. Buckets keep three
-- significant digits of the lifetime value (toward zero; cents below 1), so a bucket is at most 1% wide.
CREATE FUNCTION ltv_bucket(ltv NUMERIC) RETURNS NUMERIC LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN abs(ltv) < 1 THEN trunc(ltv, 2) ELSE trunc(ltv, 3 - length(trunc(abs(ltv))::text)) END;

CREATE FUNCTION age_band(age INT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN age < 25 THEN 'under_25' WHEN age < 35 THEN '25_34' WHEN age < 45 THEN '35_44'
    WHEN age < 55 THEN '45_54' WHEN age < 65 THEN '55_64' WHEN age IS NOT NULL THEN '65_plus' END;

-- What each customer with a profile last contributed to factor_ltv: the projection compares it with the
-- customer's current values and moves only the difference, so replays and redeliveries change nothing.
CREATE TABLE customer_factors (
    tenant_id          TEXT    NOT NULL,
    customer_id        TEXT    NOT NULL,
    ltv                NUMERIC NOT NULL,
    country            TEXT,
    city               TEXT,
    age_band           TEXT,
    gender             TEXT,
    acquisition_source TEXT,
    segment            TEXT,
    channel            TEXT,
    payment_method     TEXT,
    PRIMARY KEY (tenant_id, customer_id)
);

-- Per factor value and bucket: customers and their summed lifetime value. Factor 'all' (value '') is everyone.
CREATE TABLE factor_ltv (
    tenant_id TEXT    NOT NULL,
    factor    TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    bucket    NUMERIC NOT NULL,
    customers BIGINT  NOT NULL,
    ltv_sum   NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, factor, value, bucket)
);

INSERT INTO customer_factors
SELECT m.tenant_id, m.customer_id, m.net_revenue, m.country, c.city, age_band(c.age), c.gender,
    m.acquisition_source, m.segment, m.first_channel, m.first_payment_method
FROM customer_metrics m JOIN customers c ON c.tenant_id = m.tenant_id AND c.customer_id = m.customer_id;

INSERT INTO factor_ltv
SELECT f.tenant_id, x.factor, x.value, ltv_bucket(f.ltv), count(*), sum(f.ltv)
FROM customer_factors f
CROSS JOIN LATERAL (VALUES ('all', ''), ('country', f.country), ('city', f.city), ('age_band', f.age_band),
    ('gender', f.gender), ('acquisition_source', f.acquisition_source), ('segment', f.segment),
    ('channel', f.channel), ('payment_method', f.payment_method)) AS x(factor, value)
WHERE x.value IS NOT NULL
GROUP BY 1, 2, 3, 4;
