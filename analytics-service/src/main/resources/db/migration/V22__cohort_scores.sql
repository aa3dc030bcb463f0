-- ltv_by_cohort?predictions=true summed the newest score of every customer of the range per request (0.8 s at a
-- million customers). Like cohort_sizes, the scored customers and their predicted CLV are kept per cohort cell, and
-- per horizon (a sum cannot give back a minimum or maximum, and a cohort names its horizon only when its scores
-- share one; -1 stands for a score without a horizon). The projection adds each score's change to the cell of its
-- customer and moves a customer's score with their cell; a customer without a registration date is in no cell.
CREATE TABLE cohort_scores (
    tenant_id          TEXT    NOT NULL,
    cohort             DATE    NOT NULL,
    country            TEXT    NOT NULL,
    acquisition_source TEXT    NOT NULL,
    segment            TEXT    NOT NULL,
    horizon_months     INT     NOT NULL,
    customers          BIGINT  NOT NULL,
    predicted_clv      NUMERIC NOT NULL,
    PRIMARY KEY (tenant_id, cohort, country, acquisition_source, segment, horizon_months)
);

INSERT INTO cohort_scores
SELECT m.tenant_id, date_trunc('month', m.registration_date AT TIME ZONE 'UTC')::date, coalesce(m.country, ''),
    coalesce(m.acquisition_source, ''), coalesce(m.segment, ''), coalesce(s.horizon_months, -1), count(*),
    sum(s.predicted_clv)
FROM customer_metrics m
JOIN customer_scores s ON s.tenant_id = m.tenant_id AND s.customer_id = m.customer_id
WHERE m.registration_date IS NOT NULL AND s.predicted_clv IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
