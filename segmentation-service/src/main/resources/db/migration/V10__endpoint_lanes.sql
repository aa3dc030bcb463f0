-- Lanes: a claim leases an endpoint (lane_until) instead of marking each of its messages. While the lease runs no
-- other claim, on any replica, takes that endpoint's messages, so a message is written once per attempt (when the
-- attempt is recorded), not also when it is claimed. A replica that dies mid-lane leaves the lease to run out and the
-- messages simply due. Messages claimed under the old scheme keep the next attempt their lease set.
ALTER TABLE webhooks ADD COLUMN lane_until TIMESTAMPTZ;
DROP INDEX webhook_deliveries_in_flight;
ALTER TABLE webhook_deliveries DROP COLUMN leased_until;

-- A successful attempt is kept in its delivery's row (last_status, finished_at and this), not in the attempt log: the
-- log holds the attempts that failed or were taken over, and a redelivery copies the success into it first.
ALTER TABLE webhook_deliveries ADD COLUMN last_latency_ms INT;
