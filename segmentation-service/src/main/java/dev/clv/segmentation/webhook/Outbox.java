package dev.clv.segmentation.webhook;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The webhook outbox: the one writer of {@code segmentation.webhook_deliveries} rows, and of the payload of
 * {@code segment.customer_added} and {@code segment.customer_removed} messages. A message is queued once per endpoint
 * of the tenant that subscribed to its type (segment messages in the statement that changes the membership they
 * announce); the {@link dev.clv.segmentation.webhook.dispatch.WebhookDispatcher dispatcher} sends it later. A disabled
 * endpoint's messages are queued too: the dispatcher holds them until the endpoint is enabled again (or they expire,
 * {@link HeldDeliveries}).
 */
public final class Outbox {
    // {tenant}, {segment_id} and {segment_name} are SQL expressions of the composing statement, {segment_join} a join
    // they need. A membership change happens once (evaluation acts only on differences, under the tenant's lock), so
    // its messages can take random ids. customer_id names the message's customer, for an erase to find
    private static final String SEGMENT_CHANGES = """
            INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, event_type, customer_id, body)
            SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), {tenant}, w.id, c.type, c.customer_id,
              jsonb_build_object(
              'type', c.type, 'timestamp', segmentation.iso(coalesce(c.exited_at, c.entered_at)),
              'data', jsonb_build_object('segment_id', {segment_id}, 'segment_name', {segment_name},
                'customer_id', c.customer_id, 'entered_at', segmentation.iso(c.entered_at),
                'exited_at', segmentation.iso(c.exited_at)))::text
            FROM changes c{segment_join} JOIN segmentation.webhooks w
              ON w.tenant_id = {tenant} AND c.type = ANY(w.events)
            RETURNING 1""";
    // the id is derived from the endpoint and the model, so a redelivered event queues nothing twice
    private static final String MODEL_TRAINED = """
            INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, event_type, body)
            SELECT 'msg_' || md5(w.id::text || $2), $1, w.id, 'model.trained', $3
            FROM segmentation.webhooks w
            WHERE w.tenant_id = $1 AND 'model.trained' = ANY(w.events)
            ON CONFLICT (id) DO NOTHING
            """;

    // a deleted segment's members leave it with it: one segment.customer_removed each, before the rows go
    private static final String SEGMENT_DELETED = """
            WITH changes AS (
              SELECT 'segment.customer_removed' AS type, m.customer_id, m.entered_at, $3::timestamptz AS exited_at
              FROM segmentation.memberships m
              WHERE m.tenant_id = $1::text AND m.segment_id = $2::uuid AND m.exited_at IS NULL
            ), outbox AS (
              {outbox}
            )
            SELECT count(*) AS queued FROM outbox
            """.replace("{outbox}", fill("$1::text", "$2::uuid", "(SELECT g.name FROM segmentation.segments g "
            + "WHERE g.id = $2::uuid AND g.tenant_id = $1::text)", ""));

    private Outbox() {
    }

    /**
     * The body of a CTE that queues the messages of one segment's membership changes. It reads the statement's
     * {@code changes} relation (type, customer_id, entered_at, exited_at) and returns a row per message queued.
     *
     * @param tenant      SQL of the tenant id, e.g. {@code $1}
     * @param segmentId   SQL of the segment's id, e.g. {@code $3}
     * @param segmentName SQL of the segment's name as text, e.g. {@code $5::text}
     */
    public static String segmentChanges(String tenant, String segmentId, String segmentName) {
        return fill(tenant, segmentId, segmentName, "");
    }

    /**
     * The same for a group of segments evaluated together: {@code changes} also has each change's segment_id, and
     * the segment's name is read from {@code segmentation.segments}.
     */
    public static String segmentGroupChanges(String tenant) {
        return fill(tenant, "c.segment_id", "g.name", " JOIN segmentation.segments g ON g.id = c.segment_id");
    }

    private static String fill(String tenant, String segmentId, String segmentName, String segmentJoin) {
        return SEGMENT_CHANGES.replace("{tenant}", tenant).replace("{segment_id}", segmentId)
                .replace("{segment_name}", segmentName).replace("{segment_join}", segmentJoin);
    }

    /**
     * Queues a {@code segment.customer_removed} message for every current member of a segment about to be deleted,
     * exited at {@code at}; answers how many messages were queued. Run it in the deleting transaction.
     */
    public static Uni<Long> segmentDeleted(SqlClient db, String tenant, UUID segment, OffsetDateTime at) {
        return db.preparedQuery(SEGMENT_DELETED).execute(Tuple.of(tenant, segment, at))
                .map(rows -> rows.iterator().next().getLong("queued"));
    }

    /** Queues a {@code model.trained} message with this body for every subscribed endpoint of the tenant. */
    public static Uni<Void> modelTrained(SqlClient db, String tenant, UUID modelId, String body) {
        return db.preparedQuery(MODEL_TRAINED).execute(Tuple.of(tenant, "model.trained/" + modelId, body))
                .replaceWithVoid();
    }
}
