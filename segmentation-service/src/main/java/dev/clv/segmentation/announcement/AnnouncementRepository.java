package dev.clv.segmentation.announcement;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The relay's side of {@code membership_announcements}: claim queued customers, read their lists, delete what was sent. */
@ApplicationScoped
public class AnnouncementRepository {
    // the oldest unleased rows (or rows whose relay died), each taken by one relay: SKIP LOCKED lets replicas share
    private static final String CLAIM = """
            UPDATE segmentation.membership_announcements a SET leased_until = now() + make_interval(secs => $2)
            FROM (SELECT tenant_id, customer_id FROM segmentation.membership_announcements
                  WHERE leased_until IS NULL OR leased_until < now()
                  ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
            WHERE a.tenant_id = due.tenant_id AND a.customer_id = due.customer_id
            RETURNING a.tenant_id, a.customer_id, a.queued_at, a.revision""";
    // read in a statement after the claim's: that one may return a row version committed after its own snapshot, so
    // only a later snapshot is sure to hold the memberships of the change the row announces
    private static final String CURRENT = """
            SELECT k.i, coalesce(array_agg(m.segment_id::text ORDER BY m.segment_id)
              FILTER (WHERE m.segment_id IS NOT NULL), '{}') AS segment_ids
            FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant_id, customer_id, i)
            LEFT JOIN segmentation.memberships m ON m.tenant_id = k.tenant_id AND m.customer_id = k.customer_id
              AND m.exited_at IS NULL
            GROUP BY k.i ORDER BY k.i""";
    // only the version claimed: a change since then bumped the revision, and its list is still to be sent
    private static final String DONE = """
            DELETE FROM segmentation.membership_announcements a
            USING unnest($1::text[], $2::text[], $3::bigint[]) AS d(tenant_id, customer_id, revision)
            WHERE a.tenant_id = d.tenant_id AND a.customer_id = d.customer_id AND a.revision = d.revision""";
    private final Pool pool;

    public AnnouncementRepository(Pool pool) {
        this.pool = pool;
    }

    /** A queued customer as claimed: {@code queuedAt} is the time of the change it announces. */
    public record Claimed(String tenant, String customer, OffsetDateTime queuedAt, long revision) {
    }

    /** Claims up to {@code limit} queued customers, oldest first, for {@code lease}; the claim commits at once. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis() / 1000.0))
                .map(rows -> rows.stream().map(r -> new Claimed(r.getString("tenant_id"), r.getString("customer_id"),
                        r.getOffsetDateTime("queued_at"), r.getLong("revision"))).toList());
    }

    /** Each claimed customer's current segment ids (uuid order, which is their text order), as {@code claimed} is ordered. */
    public Uni<List<List<String>>> current(List<Claimed> claimed) {
        return pool.preparedQuery(CURRENT).execute(Tuple.tuple()
                .addArrayOfString(claimed.stream().map(Claimed::tenant).toArray(String[]::new))
                .addArrayOfString(claimed.stream().map(Claimed::customer).toArray(String[]::new)))
                .map(rows -> rows.stream().map(AnnouncementRepository::ids).toList());
    }

    /** Deletes the rows of announcements Kafka acknowledged, unless a change rewrote them since the claim. */
    public Uni<Integer> done(List<Claimed> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(DONE).execute(Tuple.tuple()
                .addArrayOfString(sent.stream().map(Claimed::tenant).toArray(String[]::new))
                .addArrayOfString(sent.stream().map(Claimed::customer).toArray(String[]::new))
                .addArrayOfLong(sent.stream().map(Claimed::revision).toArray(Long[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** Seconds since the oldest change not yet acknowledged by Kafka was queued (0 when none is). */
    public Uni<Double> oldestAge() {
        return pool.query("SELECT coalesce(extract(epoch FROM now() - min(queued_at)), 0)::float8 AS age "
                + "FROM segmentation.membership_announcements").execute()
                .map(rows -> rows.iterator().next().getDouble("age"));
    }

    private static List<String> ids(Row r) {
        return List.of(r.getArrayOfStrings("segment_ids"));
    }
}
