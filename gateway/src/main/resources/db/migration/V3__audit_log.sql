-- The audit log: one row per write, admin-scope call and privacy call through the gateway, and per action the
-- gateway takes itself on a tenant's behalf. Rows are only ever inserted (and, after the retention period, deleted
-- from the oldest end by the purge). The gateway connects as the owner of this schema, and an owner cannot be denied
-- UPDATE or DELETE on its own tables, so a REVOKE would protect nothing: the per-tenant hash chain is what detects a
-- changed, removed or inserted row (GET /v1/audit/verify).
--
-- hash = SHA-256(prev_hash || canonical fields), prev_hash being the hash of the tenant's previous entry (seq - 1),
-- or the chain's anchor for its first kept entry. The canonical form is in AuditHash and docs/privacy.md.
CREATE TABLE audit_log (
    tenant     text        NOT NULL,
    seq        bigint      NOT NULL,
    time       timestamptz NOT NULL,
    actor_sub  text,
    actor_name text,
    action     text        NOT NULL,
    target     text        NOT NULL,
    result     integer     NOT NULL,
    request_id text,
    client_ip  text,
    prev_hash  bytea       NOT NULL,
    hash       bytea       NOT NULL,
    PRIMARY KEY (tenant, seq)
);

-- One row per tenant: the head of its chain (the last seq and hash written) and its anchor (the seq and hash of the
-- last entry the retention purge removed; zero and 32 zero bytes before any purge). Every replica's writer locks the
-- tenant's row (FOR UPDATE) for the length of its batch, so concurrent writers extend one chain one after another;
-- verification starts from the anchor and must end at the head, so a removed oldest or newest entry is seen too.
CREATE TABLE audit_chain (
    tenant      text   PRIMARY KEY,
    last_seq    bigint NOT NULL DEFAULT 0,
    last_hash   bytea  NOT NULL DEFAULT decode(repeat('00', 32), 'hex'),
    anchor_seq  bigint NOT NULL DEFAULT 0,
    anchor_hash bytea  NOT NULL DEFAULT decode(repeat('00', 32), 'hex')
);
