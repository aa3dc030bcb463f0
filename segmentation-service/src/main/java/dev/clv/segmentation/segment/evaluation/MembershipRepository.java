package dev.clv.segmentation.segment.evaluation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.segmentation.announcement.MembershipAnnouncements;
import dev.clv.segmentation.criteria.SqlPredicate;
import dev.clv.segmentation.webhook.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Brings segments' membership in line with their criteria in one statement (per run of segments that fits
 * PostgreSQL's parameter limit): customers who match and are not members enter, members who no longer match exit,
 * and each change queues a message for every webhook of the tenant that subscribed to its type, and each changed
 * customer an announcement of their segments on Kafka, in the same transaction (the fragments of {@link Outbox} and
 * {@link MembershipAnnouncements}). Callers hold the
 * tenant's evaluation lock, so nobody else changes these memberships meanwhile and "not a current member" is exact
 * without ON CONFLICT.
 */
@ApplicationScoped
public class MembershipRepository {
    private static final String EVALUATE = """
            WITH matching AS MATERIALIZED (
              SELECT s.customer_id FROM segmentation.customer_state s
              WHERE s.tenant_id = $1 AND $2::text[] IS NULL AND {predicate}
            ), current AS MATERIALIZED (
              SELECT x.id, x.customer_id FROM segmentation.memberships x
              WHERE x.segment_id = $3 AND x.exited_at IS NULL
            ), entered AS (
              INSERT INTO segmentation.memberships (tenant_id, segment_id, customer_id, entered_at)
              SELECT $1, $3, m.customer_id, $4 FROM matching m
              WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.customer_id = m.customer_id)
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
              {outbox}
            ), announced AS (
              {announced}
            )
            SELECT (SELECT count(*) FROM entered) AS entered, (SELECT count(*) FROM exited) AS exited,
              (SELECT count(*) FROM outbox) AS queued, (SELECT count(*) FROM announced) AS announced
            """.replace("{outbox}", Outbox.segmentChanges("$1", "$3", "$5::text"))
            .replace("{announced}", MembershipAnnouncements.changedCustomers("$1"));

    // the same for several segments that do not read one another, for a batch of customers: their states and current
    // memberships are read once for all the segments instead of once per segment
    private static final String EVALUATE_GROUP = """
            WITH states AS MATERIALIZED (
              SELECT * FROM segmentation.customer_state s WHERE s.tenant_id = $1 AND s.customer_id = ANY($2::text[])
            ), matching AS MATERIALIZED (
              {matching}
            ), current AS MATERIALIZED (
              SELECT x.id, x.segment_id, x.customer_id FROM segmentation.memberships x
              WHERE x.tenant_id = $1 AND x.customer_id = ANY($2::text[]) AND x.exited_at IS NULL
                AND x.segment_id = ANY($3::uuid[])
            ), entered AS (
              INSERT INTO segmentation.memberships (tenant_id, segment_id, customer_id, entered_at)
              SELECT $1, m.segment_id, m.customer_id, $4 FROM matching m
              WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.segment_id = m.segment_id
                AND c.customer_id = m.customer_id)
              RETURNING segment_id, customer_id, entered_at
            ), exited AS (
              UPDATE segmentation.memberships x SET exited_at = $4 FROM current c
              WHERE x.id = c.id AND NOT EXISTS (SELECT 1 FROM matching m WHERE m.segment_id = c.segment_id
                AND m.customer_id = c.customer_id)
              RETURNING x.segment_id, x.customer_id, x.entered_at, x.exited_at
            ), changes AS (
              SELECT 'segment.customer_added' AS type, segment_id, customer_id, entered_at,
                NULL::timestamptz AS exited_at FROM entered
              UNION ALL
              SELECT 'segment.customer_removed', segment_id, customer_id, entered_at, exited_at FROM exited
            ), outbox AS (
              {outbox}
            ), announced AS (
              {announced}
            )
            SELECT (SELECT count(*) FROM entered) AS entered, (SELECT count(*) FROM exited) AS exited,
              (SELECT count(*) FROM outbox) AS queued, (SELECT count(*) FROM announced) AS announced
            """.replace("{outbox}", Outbox.segmentGroupChanges("$1"))
            .replace("{announced}", MembershipAnnouncements.changedCustomers("$1"));
    // $1 tenant, $2 customers, $3 the group's segment ids, $4 time; the predicates' parameters follow
    private static final int GROUP_PARAMS = 4;

    /**
     * Evaluates segments that do not read one another, for the given customers of the tenant: one statement per run
     * of segments whose parameters fit PostgreSQL's limit (most levels need one), one after another in the caller's
     * transaction.
     */
    public Uni<MembershipChanges> evaluate(SqlClient db, String tenant, List<CompiledSegment> segments,
            String[] customers, OffsetDateTime now) {
        return Multi.createFrom().iterable(ParameterBudget.chunks(segments, ParameterBudget.MAX_PARAMS - GROUP_PARAMS))
                .onItem().transformToUniAndConcatenate(chunk -> evaluateGroup(db, tenant, chunk, customers, now))
                .collect().with(Collectors.reducing(MembershipChanges.NONE, MembershipChanges::plus));
    }

    private Uni<MembershipChanges> evaluateGroup(SqlClient db, String tenant, List<CompiledSegment> segments,
            String[] customers, OffsetDateTime now) {
        StringBuilder matching = new StringBuilder();
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(customers)
                .addArrayOfUUID(segments.stream().map(CompiledSegment::id).toArray(UUID[]::new))
                .addOffsetDateTime(now);
        int next = GROUP_PARAMS + 1;
        for (int i = 0; i < segments.size(); i++) {
            SqlPredicate p = SqlPredicate.of(segments.get(i).criteria().root(), next);
            next += p.params().size();
            p.params().forEach(args::addValue);
            matching.append(i == 0 ? "" : "\n              UNION ALL ").append("SELECT ($3::uuid[])[").append(i + 1)
                    .append("] AS segment_id, s.customer_id FROM states s WHERE ").append(p.sql());
        }
        return db.preparedQuery(EVALUATE_GROUP.replace("{matching}", matching)).execute(args)
                .map(MembershipRepository::changes);
    }

    private static MembershipChanges changes(RowSet<Row> rows) {
        Row r = rows.iterator().next();
        return new MembershipChanges(r.getLong("entered"), r.getLong("exited"), r.getLong("queued"),
                r.getLong("announced"));
    }

    /** Evaluates one segment for every customer of the tenant ($2, the customers of a batch, stays null). */
    public Uni<MembershipChanges> evaluate(SqlClient db, String tenant, CompiledSegment segment, OffsetDateTime now) {
        String sql = EVALUATE.replace("{predicate}", segment.predicate().sql());
        Tuple args = Tuple.tuple().addString(tenant).addArrayOfString(null).addUUID(segment.id())
                .addOffsetDateTime(now).addString(segment.name());
        for (Object p : segment.predicate().params()) {
            args.addValue(p);
        }
        return db.preparedQuery(sql).execute(args).map(MembershipRepository::changes);
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
