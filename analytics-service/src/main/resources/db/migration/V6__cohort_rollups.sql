-- Registration-month cohorts by the dimensions the cohort pipes filter on (country, acquisition source, segment;
-- '' for none), so that cohort answers add up a few thousand rows instead of every customer's months. A customer
-- counts in the cell of their current profile: a profile change moves their whole history between cells.
CREATE TABLE cohort_sizes (
    tenant_id          TEXT   NOT NULL,
    cohort             DATE   NOT NULL,
    country            TEXT   NOT NULL,
    acquisition_source TEXT   NOT NULL,
    segment            TEXT   NOT NULL,
    customers          BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, cohort, country, acquisition_source, segment)
);
-- Per cell and month since registration (revenue from before registration in month 0): net revenue, and how many
-- of the cell's customers made a purchase that month.
CREATE TABLE cohort_months (
    tenant_id          TEXT    NOT NULL,
    cohort             DATE    NOT NULL,
    country            TEXT    NOT NULL,
    acquisition_source TEXT    NOT NULL,
    segment            TEXT    NOT NULL,
    k                  INT     NOT NULL,
    net_revenue        NUMERIC NOT NULL,
    active             BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, cohort, country, acquisition_source, segment, k)
);

INSERT INTO cohort_sizes
SELECT tenant_id, date_trunc('month', registration_date AT TIME ZONE 'UTC')::date, coalesce(country, ''),
    coalesce(acquisition_source, ''), coalesce(segment, ''), count(*)
FROM customer_metrics WHERE registration_date IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
INSERT INTO cohort_months
SELECT m.tenant_id, c.cohort, coalesce(m.country, ''), coalesce(m.acquisition_source, ''), coalesce(m.segment, ''),
    greatest(0, ((date_part('year', mo.month) - date_part('year', c.cohort)) * 12 + date_part('month', mo.month)
        - date_part('month', c.cohort))::int),
    sum(mo.net_revenue), count(*) FILTER (WHERE mo.purchases > 0 AND mo.month >= c.cohort)
FROM customer_metrics m
CROSS JOIN LATERAL (SELECT date_trunc('month', m.registration_date AT TIME ZONE 'UTC')::date AS cohort) c
JOIN customer_months mo ON mo.tenant_id = m.tenant_id AND mo.customer_id = m.customer_id
WHERE m.registration_date IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
