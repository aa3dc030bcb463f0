-- Privacy requests (docs/privacy.md). An erasure guard per erased customer: the SHA-256 (hex) of tenant, a NUL and
-- customer id, never the id itself, and when the erase happened. The projection skips a record about a guarded
-- customer produced (Kafka timestamp) at or before erased_at, so a replay cannot bring the customer back.
CREATE TABLE erased_customers (
    tenant_id     TEXT        NOT NULL,
    customer_hash TEXT        NOT NULL,
    erased_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_hash)
);

-- The erase requests carried out and what they did (counts per table, no customer id): a redelivered request
-- answers what it did then and deletes nothing more (rows that arrived after the erase are new data).
CREATE TABLE privacy_erasures (
    request_id UUID        PRIMARY KEY,
    tenant_id  TEXT        NOT NULL,
    counts     JSONB       NOT NULL,
    done_at    TIMESTAMPTZ NOT NULL
);

-- Called first in every projection transaction with the batch's tenants and, for each, how many distinct customers
-- the batch holds of it. It takes, shared, the erasure lock of each tenant's stripe (64 stripes bound the locks a
-- batch holds however many tenants it carries): batches never wait for each other, an erase (exclusive) waits for
-- the batches in flight and holds new ones back until it commits. Being VOLATILE, its query runs on a snapshot
-- taken after the locks, so it sees the guards of an erase it waited for. A tenant without guards gives no row; one
-- with no more guards than the batch has customers of it gives its guards (cheaper than looking each customer up);
-- one with more gives a single row without a hash: its customers are then looked up by hash.
CREATE FUNCTION erasure_guards_for(tenants TEXT[], customers INT[])
RETURNS TABLE (guard_tenant TEXT, guard_hash TEXT, guard_erased_at TIMESTAMPTZ) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    stripe INT;
BEGIN
    FOR stripe IN SELECT DISTINCT hashtext(t) & 63 FROM unnest(tenants) AS t ORDER BY 1 LOOP
        PERFORM pg_advisory_xact_lock_shared(hashtext('analytics-erasure'), stripe);
    END LOOP;
    RETURN QUERY
    SELECT b.tenant, g.customer_hash, g.erased_at
    FROM unnest(tenants, customers) AS b(tenant, n)
    -- counted no further than one past the batch's customers: cheap whatever the tenant's number of guards
    CROSS JOIN LATERAL (SELECT count(*) AS guards FROM (SELECT 1 FROM analytics.erased_customers e
        WHERE e.tenant_id = b.tenant LIMIT b.n + 1) x) c
    LEFT JOIN LATERAL (SELECT e.customer_hash, e.erased_at FROM analytics.erased_customers e
        WHERE e.tenant_id = b.tenant AND c.guards <= b.n) g ON true
    WHERE c.guards > 0;
END
$$;
