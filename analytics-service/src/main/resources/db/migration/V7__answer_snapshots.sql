-- Answers over every customer of a tenant (factor analysis, most Customer 360 answers), materialised: recomputed in
-- the background when the tenant's data has moved, so a request reads one row instead of every customer. Keeping
-- them exact per written row does not pay: a per-bucket factor histogram maintained by the projection cost a fifth
-- of its throughput at a million customers and still took 270 ms to read.
CREATE FUNCTION age_band(age INT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN age < 25 THEN 'under_25' WHEN age < 35 THEN '25_34' WHEN age < 45 THEN '35_44'
    WHEN age < 55 THEN '45_54' WHEN age < 65 THEN '55_64' WHEN age IS NOT NULL THEN '65_plus' END;

-- per tenant: when its snapshots were taken, the projection watermark they reflect at least, how long they took
CREATE TABLE snapshot_runs (
    tenant_id TEXT        PRIMARY KEY,
    watermark TIMESTAMPTZ,
    taken_at  TIMESTAMPTZ NOT NULL,
    took      INTERVAL    NOT NULL
);

-- one answer's data as JSON, e.g. answer 'pipe:ltv_influencing_factors' or 'c360:finance/rfm-segmentation'
CREATE TABLE answer_snapshots (
    tenant_id TEXT NOT NULL,
    answer    TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, answer)
);
