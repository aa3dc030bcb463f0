-- ltv_influencing_factors for a whole tenant, materialised: the exact answer for every factor value (no
-- min_customers cut), recomputed when the tenant's data has moved, so a request reads a hundred rows instead of
-- every customer. A per-bucket histogram kept by the projection was tried first: it cost a fifth of the
-- projection's throughput at a million customers and still took 270 ms to read.
CREATE FUNCTION age_band(age INT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN age < 25 THEN 'under_25' WHEN age < 35 THEN '25_34' WHEN age < 45 THEN '35_44'
    WHEN age < 55 THEN '45_54' WHEN age < 65 THEN '55_64' WHEN age IS NOT NULL THEN '65_plus' END;

-- when each tenant's answer was taken, the projection watermark it reflects at least, and how long it took
CREATE TABLE factor_snapshots (
    tenant_id TEXT        PRIMARY KEY,
    watermark TIMESTAMPTZ,
    taken_at  TIMESTAMPTZ NOT NULL,
    took      INTERVAL    NOT NULL
);

CREATE TABLE factor_values (
    tenant_id    TEXT    NOT NULL,
    factor       TEXT    NOT NULL,
    value        TEXT    NOT NULL,
    customers    BIGINT  NOT NULL,
    mean_ltv     NUMERIC NOT NULL,
    median_ltv   NUMERIC NOT NULL,
    overall_mean NUMERIC,
    PRIMARY KEY (tenant_id, factor, value)
);
