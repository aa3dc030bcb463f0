-- Scheduled reports: a view and its filters, when to run it as local wall-clock time in a zone (stored as such, not
-- as UTC, so that a daily 08:00 stays 08:00 across DST), and the owner's offline token (AES-GCM, encrypted by the
-- console) with which it runs as them.
CREATE TABLE report_schedules (
    id            UUID        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    owner_sub     TEXT        NOT NULL,
    owner_name    TEXT        NOT NULL,
    view_name     TEXT        NOT NULL,
    params        TEXT        NOT NULL,
    days          INT         NOT NULL,
    cadence       TEXT        NOT NULL CHECK (cadence IN ('daily', 'weekly', 'monthly')),
    day_of_week   INT         CHECK (day_of_week BETWEEN 1 AND 7),
    day_of_month  INT         CHECK (day_of_month BETWEEN 1 AND 31),
    local_time    TIME        NOT NULL,
    zone          TEXT        NOT NULL,
    email         TEXT,
    token         BYTEA       NOT NULL,
    next_run_at   TIMESTAMPTZ NOT NULL,
    last_run_at   TIMESTAMPTZ,
    last_error    TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX report_schedules_due ON report_schedules (next_run_at);
CREATE INDEX report_schedules_owner ON report_schedules (tenant_id, owner_sub);

-- Every run's PDF (or why there is none), kept for its owner to download.
CREATE TABLE report_archive (
    id           UUID        PRIMARY KEY,
    schedule_id  UUID        NOT NULL,
    tenant_id    TEXT        NOT NULL,
    owner_sub    TEXT        NOT NULL,
    view_name    TEXT        NOT NULL,
    file_name    TEXT        NOT NULL,
    range_from   DATE        NOT NULL,
    range_to     DATE        NOT NULL,
    ran_at       TIMESTAMPTZ NOT NULL,
    pdf          BYTEA,
    error        TEXT,
    emailed_to   TEXT
);
CREATE INDEX report_archive_owner ON report_archive (tenant_id, owner_sub, ran_at DESC);
