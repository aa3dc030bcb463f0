-- The outbox of segment-memberships.v1: one row per customer whose memberships changed and whose current list is
-- not on Kafka yet. It is written in the statement (or transaction) that changes the memberships, so a crash after
-- that commit cannot lose the announcement; the relay publishes the customer's list as it is when it reads it, and
-- then deletes the row. A customer changed again before the relay came keeps one row: the list is always the whole
-- current one, so announcing it once is enough.
-- queued_at is the record's changed_at: written with clock_timestamp() under the tenant's evaluation lock, so it grows
-- with every change of the customer. revision is bumped by every change, so a relay deletes only the row version it
-- claimed, never one a change rewrote while its list was in flight. leased_until marks a row a relay claimed: if that
-- relay dies before the delete, the row is due again once the lease ends (at least once, never lost).
CREATE SEQUENCE membership_announcement_revisions;
CREATE TABLE membership_announcements (
    tenant_id    TEXT        NOT NULL,
    customer_id  TEXT        NOT NULL,
    queued_at    TIMESTAMPTZ NOT NULL,
    revision     BIGINT      NOT NULL DEFAULT nextval('membership_announcement_revisions'),
    leased_until TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX membership_announcements_oldest ON membership_announcements (queued_at);

-- Memberships that existed before this outbox were never announced: queue every current member once, so that the
-- consumers (analytics' segment_ids) start from everyone's whole list rather than only from the next change.
INSERT INTO membership_announcements (tenant_id, customer_id, queued_at)
SELECT DISTINCT tenant_id, customer_id, now() FROM memberships WHERE exited_at IS NULL;
