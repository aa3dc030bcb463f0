-- What a segment's criteria need to know about them, kept when they are saved.
ALTER TABLE segments
    ADD COLUMN depends_on    UUID[]  NOT NULL DEFAULT '{}',
    ADD COLUMN time_relative BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN uses_rfm      BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN evaluated_at  TIMESTAMPTZ;

-- Each customer's newest state, from the profile changes (snapshot) and the scores (newest wins per source).
CREATE TABLE customer_state (
    tenant_id           TEXT    NOT NULL,
    customer_id         TEXT    NOT NULL,
    registration_date   TIMESTAMPTZ,
    country             TEXT,
    city                TEXT,
    age                 INT,
    gender              TEXT,
    acquisition_source  TEXT,
    segment             TEXT,
    loyalty_tier        TEXT,
    is_active           BOOLEAN,
    attributes          JSONB,
    purchase_count      BIGINT  NOT NULL DEFAULT 0,
    net_revenue         NUMERIC NOT NULL DEFAULT 0,
    gross_revenue       NUMERIC NOT NULL DEFAULT 0,
    refund_count        BIGINT  NOT NULL DEFAULT 0,
    first_purchase_at   TIMESTAMPTZ,
    last_purchase_at    TIMESTAMPTZ,
    interaction_count   BIGINT  NOT NULL DEFAULT 0,
    last_interaction_at TIMESTAMPTZ,
    satisfaction_sum    BIGINT  NOT NULL DEFAULT 0,
    satisfaction_count  BIGINT  NOT NULL DEFAULT 0,
    support_contacts    BIGINT  NOT NULL DEFAULT 0,
    event_count         BIGINT  NOT NULL DEFAULT 0,
    last_event_at       TIMESTAMPTZ,
    -- {"purchase": {"2026-11-20": 2}, ...}: counts per activity and UTC day over the snapshot's last 366 days
    activity            JSONB,
    changed_at          TIMESTAMPTZ,
    predicted_clv       NUMERIC,
    p_alive             DOUBLE PRECISION,
    expected_purchases  DOUBLE PRECISION,
    scored_at           TIMESTAMPTZ,
    rfm_r               INT,
    rfm_f               INT,
    rfm_m               INT,
    rfm_segment         TEXT,
    PRIMARY KEY (tenant_id, customer_id)
);

-- One row per stay in a segment: open while exited_at is null, then history.
CREATE TABLE memberships (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    segment_id  UUID        NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    customer_id TEXT        NOT NULL,
    entered_at  TIMESTAMPTZ NOT NULL,
    exited_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX memberships_current ON memberships (segment_id, customer_id) WHERE exited_at IS NULL;
CREATE INDEX memberships_by_customer ON memberships (tenant_id, customer_id, entered_at DESC);

CREATE TABLE webhooks (
    id                         UUID        PRIMARY KEY,
    tenant_id                  TEXT        NOT NULL,
    url                        TEXT        NOT NULL,
    events                     TEXT[]      NOT NULL,
    description                TEXT,
    secret                     TEXT        NOT NULL,
    previous_secret            TEXT,
    previous_secret_expires_at TIMESTAMPTZ,
    status                     TEXT        NOT NULL DEFAULT 'enabled',
    disabled_reason            TEXT,
    disabled_at                TIMESTAMPTZ,
    failing_since              TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_by_tenant ON webhooks (tenant_id);

-- The outbox: one row per message and endpoint, written in the transaction that made the change. Its id is the
-- webhook-id header, the same on every attempt; the body is stored as sent, so every attempt signs the same bytes.
-- A claimed delivery's next_attempt_at moves past its attempt's deadline: if the worker dies, it is simply due again.
CREATE TABLE webhook_deliveries (
    id              TEXT        PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    webhook_id      UUID        NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_type      TEXT        NOT NULL,
    body            TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'pending',
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_status     INT,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC, id);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INT         NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    status_code  INT,
    error        TEXT,
    latency_ms   INT,
    PRIMARY KEY (delivery_id, attempt)
);

-- Instants in webhook payloads: ISO 8601 in UTC with milliseconds, whatever the session's time zone.
CREATE FUNCTION iso(t TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
