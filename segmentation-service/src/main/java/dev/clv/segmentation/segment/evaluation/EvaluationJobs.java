package dev.clv.segmentation.segment.evaluation;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The background evaluations of saved segments ({@code segmentation.segment_evaluations}, V8). */
@ApplicationScoped
public class EvaluationJobs {
    /** An evaluation with chunks left: its segment, tenant and the last customer id evaluated (null: none yet). */
    public record Job(UUID segment, String tenant, String cursor) {
    }

    /**
     * Asks for a segment's evaluation from the first customer, in the saving transaction (which holds the tenant's
     * evaluation lock): a running one starts over, since the criteria changed.
     */
    public Uni<Void> request(SqlClient db, String tenant, UUID segment) {
        return db.preparedQuery("""
                INSERT INTO segmentation.segment_evaluations (segment_id, tenant_id, status, requested_at,
                  customers_total, advanced_at, next_at)
                SELECT $1, $2, 'running', now(), count(*), now(), now()
                FROM segmentation.customer_state WHERE tenant_id = $2
                ON CONFLICT (segment_id) DO UPDATE SET status = 'running', requested_at = now(), started_at = NULL,
                  finished_at = NULL, cursor = NULL, customers_done = 0, customers_total = excluded.customers_total,
                  entered = 0, exited = 0, next_at = now(), failures = 0, last_error = NULL""")
                .execute(Tuple.of(segment, tenant)).replaceWithVoid();
    }

    /**
     * A few evaluations that are due, the one whose tenant was advanced least recently first, so that one tenant's
     * many or large evaluations do not hold back another's.
     */
    public Uni<List<Job>> due(SqlClient db, int limit) {
        return db.preparedQuery("""
                SELECT e.segment_id, e.tenant_id, e.cursor FROM segmentation.segment_evaluations e
                WHERE e.status = 'running' AND e.next_at <= now()
                ORDER BY (SELECT max(x.advanced_at) FROM segmentation.segment_evaluations x
                  WHERE x.tenant_id = e.tenant_id AND x.status = 'running'), e.advanced_at
                LIMIT $1""").execute(Tuple.of(limit)).map(rows -> rows.stream().map(EvaluationJobs::job).toList());
    }

    /** The job as it is now, locked for this transaction; null when it is finished or gone. */
    public Uni<Job> claim(SqlClient db, UUID segment) {
        return db.preparedQuery("SELECT segment_id, tenant_id, cursor FROM segmentation.segment_evaluations "
                + "WHERE segment_id = $1 AND status = 'running' FOR UPDATE").execute(Tuple.of(segment))
                .map(rows -> rows.size() == 0 ? null : job(rows.iterator().next()));
    }

    /** Records a committed chunk: its last customer, its count and changes; the last chunk finishes the job. */
    public Uni<Void> advance(SqlClient db, UUID segment, String cursor, int customers, MembershipChanges changes,
            boolean last) {
        return db.preparedQuery("""
                UPDATE segmentation.segment_evaluations SET cursor = coalesce($2, cursor),
                  customers_done = customers_done + $3, entered = entered + $4, exited = exited + $5,
                  customers_total = CASE WHEN $6 THEN customers_done + $3
                    ELSE greatest(customers_total, customers_done + $3) END,
                  status = CASE WHEN $6 THEN 'done' ELSE 'running' END, finished_at = CASE WHEN $6 THEN now() END,
                  started_at = coalesce(started_at, now()), advanced_at = now(), failures = 0, last_error = NULL
                WHERE segment_id = $1""")
                .execute(Tuple.tuple().addUUID(segment).addString(cursor).addInteger(customers)
                        .addLong(changes.entered()).addLong(changes.exited()).addBoolean(last))
                .replaceWithVoid();
    }

    /** A chunk failed (its transaction rolled back): tried again after a back-off that doubles, up to 10 min. */
    public Uni<Void> failed(SqlClient db, UUID segment, String error, Duration backoff) {
        return db
                .preparedQuery(
                        """
                                UPDATE segmentation.segment_evaluations SET failures = failures + 1, last_error = $2,
                                  advanced_at = now(),
                                  next_at = now() + least(interval '10 minutes', make_interval(secs => $3::float8 / 1000 * 2 ^ least(failures, 20)))
                                WHERE segment_id = $1 AND status = 'running'""")
                .execute(Tuple.of(segment, error, backoff.toMillis())).replaceWithVoid();
    }

    /** The status of a segment's evaluation ({@code running}, {@code done}), or null when it has none. */
    public Uni<String> status(SqlClient db, UUID segment) {
        return db.preparedQuery("SELECT status FROM segmentation.segment_evaluations WHERE segment_id = $1")
                .execute(Tuple.of(segment))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
    }

    private static Job job(Row r) {
        return new Job(r.getUUID("segment_id"), r.getString("tenant_id"), r.getString("cursor"));
    }
}
