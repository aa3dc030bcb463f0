-- API keys for server-to-server clients. Only a SHA-256 of the key is kept: keys carry 256 random bits, so a
-- slow password hash would add latency to every call without adding safety against guessing.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    tenant       text        NOT NULL,
    name         text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    scopes       text[]      NOT NULL,
    tier         text        NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant, created_at DESC);

-- Rate-limit usage per client, policy and fixed window, shared by every gateway replica. Each replica counts
-- locally and adds its increments here in one statement every sync interval.
CREATE TABLE rate_usage (
    client       text        NOT NULL,
    policy       text        NOT NULL,
    window_start timestamptz NOT NULL,
    used         bigint      NOT NULL,
    PRIMARY KEY (client, policy, window_start)
);
CREATE INDEX rate_usage_by_window ON rate_usage (window_start);
