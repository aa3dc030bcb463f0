package dev.clv.segmentation.announcement;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The queue side of the {@code segment-memberships.v1} outbox: the one writer of
 * {@code segmentation.membership_announcements} rows. Every path that changes memberships queues its customers here
 * in its own transaction (the evaluation statements compose {@link #changedCustomers}; a segment's deletion calls
 * {@link #segmentDeleted}); the {@link AnnouncementRelay} publishes their current lists later.
 */
public final class MembershipAnnouncements {
    // {customers} is a relation with a customer_id column, {tenant} SQL of the tenant. DISTINCT first: one statement
    // may not upsert a row twice, and a customer can enter several segments at once. clock_timestamp(), not the
    // evaluation's time: it is taken under the tenant's lock, so a later change always has a later queued_at.
    // A change clears the lease so that the new list goes out at once, and bumps the revision so that a relay that
    // claimed the row before this change does not delete it
    private static final String QUEUE = """
            INSERT INTO segmentation.membership_announcements AS a (tenant_id, customer_id, queued_at)
            SELECT {tenant}, d.customer_id, clock_timestamp() FROM (SELECT DISTINCT customer_id FROM {customers}) d
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET queued_at = excluded.queued_at,
              revision = nextval('segmentation.membership_announcement_revisions'), leased_until = NULL
            RETURNING 1""";
    // a deleted segment's members leave it with it (their stays go by cascade): queued before the rows go
    private static final String SEGMENT_DELETED = QUEUE.replace("{tenant}", "$1::text").replace("{customers}", """
            (SELECT m.customer_id FROM segmentation.memberships m
              WHERE m.tenant_id = $1::text AND m.segment_id = $2::uuid AND m.exited_at IS NULL) members""");

    private MembershipAnnouncements() {
    }

    /**
     * The body of a CTE that queues every customer of the statement's {@code changes} relation (a customer_id
     * column); it returns a row per customer queued.
     *
     * @param tenant SQL of the tenant id, e.g. {@code $1}
     */
    public static String changedCustomers(String tenant) {
        return QUEUE.replace("{tenant}", tenant).replace("{customers}", "changes");
    }

    /** Queues every current member of a segment about to be deleted; run it in the deleting transaction. */
    public static Uni<Integer> segmentDeleted(SqlClient db, String tenant, UUID segment) {
        return db.preparedQuery(SEGMENT_DELETED).execute(Tuple.of(tenant, segment)).map(rows -> rows.rowCount());
    }
}
