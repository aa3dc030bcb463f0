-- the retention purge's way into a tenant's oldest interactions (events and transactions have theirs: events_by_time,
-- transactions_by_time)
CREATE INDEX interactions_by_time ON interactions (tenant_id, interaction_date);
