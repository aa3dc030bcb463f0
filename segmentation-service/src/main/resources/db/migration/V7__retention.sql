-- the retention purge's ways into a tenant's oldest finished deliveries and ended stays (docs/privacy.md#retention);
-- the first is whole (not only finished rows) so the purge's loose scan of tenants can walk it too
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (tenant_id, finished_at);
CREATE INDEX memberships_ended ON memberships (tenant_id, exited_at) WHERE exited_at IS NOT NULL;
