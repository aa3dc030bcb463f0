-- Privacy requests (docs/privacy.md). The orchestrator's tables: each request as posted, published on
-- privacy-requests.v1 once Kafka acknowledged it (a sweep publishes the others again); each service's outcome; the
-- parts of an export, stored by (request, service, seq) so a redelivered part is kept once.
CREATE TABLE privacy_requests (
    id             UUID PRIMARY KEY,
    tenant_id      TEXT        NOT NULL,
    type           TEXT        NOT NULL CHECK (type IN ('erase', 'export', 'suppress', 'unsuppress')),
    -- an erase removes the ids it erased from the tenant's published requests: no stored row keeps naming them
    customer_ids   TEXT[]      NOT NULL,
    customer_count INT         NOT NULL,
    status         TEXT        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    requested_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    published      BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX privacy_requests_tenant ON privacy_requests (tenant_id, requested_at DESC, id DESC);
CREATE INDEX privacy_requests_unpublished ON privacy_requests (requested_at) WHERE NOT published;

CREATE TABLE privacy_progress (
    request_id  UUID        NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
    service     TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    detail      TEXT,
    counts      JSONB       NOT NULL DEFAULT '{}',
    finished_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, service)
);

CREATE TABLE privacy_export_parts (
    request_id UUID  NOT NULL REFERENCES privacy_requests (id) ON DELETE CASCADE,
    service    TEXT  NOT NULL,
    seq        INT   NOT NULL,
    sections   JSONB NOT NULL,
    PRIMARY KEY (request_id, service, seq)
);

-- Ingestion's own part. Suppressed customers, by SHA-256 (hex) of tenant, a NUL and customer id, never the id.
CREATE TABLE suppressed_customers (
    tenant_id     TEXT        NOT NULL,
    customer_hash TEXT        NOT NULL,
    suppressed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, customer_hash)
);

-- Erased customers (same hash) and when: a dead letter of a row ingested before the erase is not stored again.
CREATE TABLE erasure_guards (
    tenant_id     TEXT        NOT NULL,
    customer_hash TEXT        NOT NULL,
    erased_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, customer_hash)
);

-- What ingestion's part did per request (erase, suppress, unsuppress; counts, never an id): a redelivered request
-- answers what it did then and changes nothing more.
CREATE TABLE privacy_part_outcomes (
    request_id UUID PRIMARY KEY,
    counts     JSONB       NOT NULL,
    done_at    TIMESTAMPTZ NOT NULL
);

-- The customer a quarantined row or a dead letter names, so an erase or an export finds it by index. A rejected
-- row names the customer of its customer_id field when that is a string or number of at most 256 bytes.
ALTER TABLE quarantined_rows ADD COLUMN customer_id TEXT;
ALTER TABLE dead_letters ADD COLUMN customer_id TEXT;

CREATE FUNCTION pg_temp.customer_of(raw TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    value JSONB;
    id    TEXT;
BEGIN
    value := raw::jsonb -> 'customer_id';
    IF jsonb_typeof(value) NOT IN ('string', 'number') THEN
        RETURN NULL;
    END IF;
    id := btrim(value #>> '{}', E' \t\r\n');
    RETURN CASE WHEN id = '' OR octet_length(id) > 256 THEN NULL ELSE id END;
EXCEPTION WHEN others THEN
    RETURN NULL; -- a row that is not JSON (or not an object) names no one
END
$$;
UPDATE quarantined_rows SET customer_id = pg_temp.customer_of(raw);
-- customer-keyed topics carry tenant, a unit separator and the customer id as key; products are keyed by product
UPDATE dead_letters SET customer_id = substr(record_key, strpos(record_key, chr(31)) + 1)
WHERE data_source <> 'products' AND strpos(record_key, chr(31)) > 0
  AND octet_length(substr(record_key, strpos(record_key, chr(31)) + 1)) BETWEEN 1 AND 256;

CREATE INDEX quarantined_rows_customer ON quarantined_rows (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX dead_letters_customer ON dead_letters (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
