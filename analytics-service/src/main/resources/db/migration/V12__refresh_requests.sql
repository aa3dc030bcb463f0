-- The newest on-demand snapshot refresh of each tenant (POST /v1/admin/refresh-data) and how it ended (null while
-- it runs); whether any refresh of the tenant is running right now is read from its advisory lock instead.
CREATE TABLE refresh_requests (
    tenant_id     TEXT        PRIMARY KEY,
    requested_at  TIMESTAMPTZ NOT NULL,
    force_refresh BOOLEAN     NOT NULL,
    outcome       TEXT,
    finished_at   TIMESTAMPTZ,
    detail        TEXT
);
