-- GET /v1/events lists a tenant's behavioural events newest first, filtered by customer (the existing
-- events_customer index), event type, time and top-level properties. Each filter has an index that yields the
-- order or the matches; events of the same instant are put in id order by an incremental sort. At most one long
-- text (ids and types are up to 512 characters) per key, as in the existing indexes: two could pass the largest
-- index row PostgreSQL stores, and such a row would fail its whole batch.
CREATE INDEX events_by_time ON events (tenant_id, occurred_at, event_id);
CREATE INDEX events_by_type ON events (tenant_id, event_type, occurred_at);

-- Property filters: a GIN index (jsonb_path_ops) over the properties nested under the tenant id, so that every
-- index key hashes tenant, property and value together and one tenant's lookup never reads another's postings.
-- jsonb_build_object is only STABLE in general (it formats arbitrary types); for text and jsonb it is immutable.
CREATE FUNCTION tenant_properties(tenant TEXT, properties JSONB) RETURNS JSONB LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN jsonb_build_object(tenant, coalesce(properties, '{}'::jsonb));
CREATE INDEX events_by_properties ON events USING gin (tenant_properties(tenant_id, properties) jsonb_path_ops);
