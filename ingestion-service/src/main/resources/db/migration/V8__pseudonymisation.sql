-- The customer fields each tenant pseudonymises at ingestion (docs/privacy.md#pseudonymisation), as named in the
-- API: profile fields (email, city, …) or attributes.<key>. An empty array means none; the row is kept with the
-- time it was turned off. Every replica caches it for clv.pseudonymisation.cache-for.
CREATE TABLE pseudonymised_fields (
    tenant_id  TEXT        PRIMARY KEY,
    fields     TEXT[]      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
