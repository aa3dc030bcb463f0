package dev.clv.segmentation.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.segmentation.CompiledSegment;
import dev.clv.segmentation.MembershipChanges;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Brings a segment's membership in line with its criteria in one statement: customers who match and are not
 * members enter, members who no longer match exit, and each change queues a message for every enabled webhook of
 * the tenant that subscribed to its type, in the same transaction (the outbox).
 */
@ApplicationScoped
public class MembershipRepository {
    private static final String EVALUATE = """
            WITH matching AS MATERIALIZED (
              SELECT s.customer_id FROM segmentation.customer_state s
              WHERE s.tenant_id = $1 AND %1$s AND %2$s
            ), current AS MATERIALIZED (
              SELECT x.id, x.customer_id FROM segmentation.memberships x
              WHERE x.segment_id = $3 AND x.exited_at IS NULL AND %3$s
            ), entered AS (
              INSERT INTO segmentation.memberships (tenant_id, segment_id, customer_id, entered_at)
              SELECT $1, $3, m.customer_id, $4 FROM matching m
              WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.customer_id = m.customer_id)
              ON CONFLICT DO NOTHING
              RETURNING customer_id, entered_at
            ), exited AS (
              UPDATE segmentation.memberships x SET exited_at = $4 FROM current c
              WHERE x.id = c.id AND NOT EXISTS (SELECT 1 FROM matching m WHERE m.customer_id = c.customer_id)
              RETURNING x.customer_id, x.entered_at, x.exited_at
            ), changes AS (
              SELECT 'segment.customer_added' AS type, customer_id, entered_at, NULL::timestamptz AS exited_at
              FROM entered
              UNION ALL
              SELECT 'segment.customer_removed', customer_id, entered_at, exited_at FROM exited
            ), outbox AS (
              INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, event_type, body)
              SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), $1, w.id, c.type, jsonb_build_object(
                'type', c.type, 'timestamp', segmentation.iso(coalesce(c.exited_at, c.entered_at)),
                'data', jsonb_build_object('segment_id', $3, 'segment_name', $5::text, 'customer_id', c.customer_id,
                  'entered_at', segmentation.iso(c.entered_at), 'exited_at', segmentation.iso(c.exited_at)))::text
              FROM changes c JOIN segmentation.webhooks w
                ON w.tenant_id = $1 AND w.status = 'enabled' AND c.type = ANY(w.events)
              RETURNING 1
            )
            SELECT (SELECT count(*) FROM entered) AS entered, (SELECT count(*) FROM exited) AS exited,
              (SELECT count(*) FROM outbox) AS queued
            """;
    private static final String SOME = "s.customer_id = ANY($2::text[])";
    private static final String SOME_MEMBERS = "x.customer_id = ANY($2::text[])";
    // the whole tenant: $2 is null and stays unused but typed
    private static final String ALL = "$2::text[] IS NULL";

    /** Evaluates one segment for the given customers of the tenant, or for all of them when null. */
    public Uni<MembershipChanges> evaluate(SqlClient db, String tenant, CompiledSegment segment, String[] customers,
            OffsetDateTime now) {
        String sql = EVALUATE.formatted(customers == null ? ALL : SOME, segment.predicate().sql(),
                customers == null ? ALL : SOME_MEMBERS);
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(customers).addUUID(segment.id())
                .addOffsetDateTime(now).addString(segment.name());
        for (Object p : segment.predicate().params()) {
            args.addValue(p);
        }
        return db.preparedQuery(sql).execute(args).map(rows -> {
            Row r = rows.iterator().next();
            return new MembershipChanges(r.getLong("entered"), r.getLong("exited"), r.getLong("queued"));
        });
    }

    /** A page of current members by customer id, after {@code after} (exclusive). */
    public Uni<List<Member>> members(SqlClient db, UUID segment, String after, int limit) {
        return db.preparedQuery("""
                SELECT customer_id, entered_at FROM segmentation.memberships
                WHERE segment_id = $1 AND exited_at IS NULL AND ($2::text IS NULL OR customer_id > $2)
                ORDER BY customer_id LIMIT $3""").execute(Tuple.of(segment, after, limit))
                .map(rows -> rows.stream().map(r -> new Member(r.getString("customer_id"), r.getOffsetDateTime(
                        "entered_at"))).toList());
    }

    /** A customer's stays in the tenant's segments, newest first; open ones have no exit. */
    public Uni<List<Stay>> stays(SqlClient db, String tenant, String customer) {
        return db.preparedQuery("""
                SELECT m.segment_id, s.name, m.entered_at, m.exited_at FROM segmentation.memberships m
                JOIN segmentation.segments s ON s.id = m.segment_id
                WHERE m.tenant_id = $1 AND m.customer_id = $2 ORDER BY m.entered_at DESC, m.id DESC LIMIT 1000""")
                .execute(Tuple.of(tenant, customer))
                .map(rows -> rows.stream().map(r -> new Stay(r.getUUID("segment_id"), r.getString("name"),
                        r.getOffsetDateTime("entered_at"), r.getOffsetDateTime("exited_at"))).toList());
    }

    /** A current member of a segment. */
    public record Member(String customerId, OffsetDateTime enteredAt) {
    }

    /** One stay of a customer in a segment. */
    public record Stay(UUID segmentId, String segmentName, OffsetDateTime enteredAt, OffsetDateTime exitedAt) {
    }
}
