-- A statement that queues webhook messages notifies the dispatchers (on every replica) when its transaction commits,
-- so that a message is sent within milliseconds rather than at the next poll. One notification per statement that
-- queued any row, naming the tenants it queued for (for whoever watches; the dispatcher only wakes); PostgreSQL folds
-- identical notifications of one transaction into one.
CREATE FUNCTION notify_deliveries_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM queued) THEN
        PERFORM pg_notify('segmentation_deliveries_queued',
            (SELECT left(string_agg(DISTINCT tenant_id, ','), 7000) FROM queued));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER deliveries_queued AFTER INSERT ON webhook_deliveries REFERENCING NEW TABLE AS queued
    FOR EACH STATEMENT EXECUTE FUNCTION notify_deliveries_queued();
