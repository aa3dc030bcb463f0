package dev.clv.segmentation.segment.evaluation;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code pending_evaluations} table: customers whose re-evaluation failed with their tenant's, due again after a
 * backoff. Every record stamps {@code recorded_at}, and a retry removes only the rows it read unchanged, so a failure
 * recorded while a retry runs is never lost.
 */
@ApplicationScoped
public class PendingRepository {
    private static final String RECORD = """
            INSERT INTO segmentation.pending_evaluations AS p (tenant_id, customer_id, next_attempt_at, last_error)
            SELECT $1, c, now() + make_interval(secs => $3), $4 FROM unnest($2::text[]) AS c
            ON CONFLICT (tenant_id, customer_id) DO UPDATE SET last_error = excluded.last_error,
              recorded_at = clock_timestamp()
            """;
    private static final String DONE = """
            DELETE FROM segmentation.pending_evaluations p USING unnest($2::text[], $3::timestamptz[]) AS r(c, at)
            WHERE p.tenant_id = $1 AND p.customer_id = r.c AND p.recorded_at = r.at
            """;
    private static final String FAILED = """
            UPDATE segmentation.pending_evaluations SET attempts = attempts + 1, last_error = $5,
              next_attempt_at = now() + make_interval(secs => least($4, $3 * power(2, least(attempts, 30))))
            WHERE tenant_id = $1 AND customer_id = ANY($2)
            """;
    private final Pool pool;

    public PendingRepository(Pool pool) {
        this.pool = pool;
    }

    /** Due customers of one tenant, as read: a retry hands them back to {@link #done}. */
    public record Due(String tenant, String[] customers, OffsetDateTime[] recordedAt) {
    }

    /** Keeps customers for re-evaluation after {@code wait}; a customer already kept keeps its schedule. */
    public Uni<Void> record(String tenant, String[] customers, Duration wait, String error) {
        return pool.preparedQuery(RECORD).execute(Tuple.tuple().addString(tenant)
                .addArrayOfString(customers).addDouble(seconds(wait)).addString(error))
                .replaceWithVoid();
    }

    /** Tenants with due customers, the longest waiting first. */
    public Uni<List<String>> dueTenants(int limit) {
        return pool.preparedQuery("SELECT tenant_id FROM segmentation.pending_evaluations "
                + "WHERE next_attempt_at <= now() GROUP BY tenant_id ORDER BY min(next_attempt_at) LIMIT $1")
                .execute(Tuple.of(limit)).map(rows -> rows.stream().map(r -> r.getString("tenant_id")).toList());
    }

    public Uni<Due> due(String tenant, int limit) {
        return pool.preparedQuery("SELECT customer_id, recorded_at FROM segmentation.pending_evaluations "
                + "WHERE tenant_id = $1 AND next_attempt_at <= now() ORDER BY customer_id LIMIT $2")
                .execute(Tuple.of(tenant, limit)).map(rows -> {
                    String[] customers = new String[rows.size()];
                    OffsetDateTime[] at = new OffsetDateTime[rows.size()];
                    int i = 0;
                    for (var r : rows) {
                        customers[i] = r.getString("customer_id");
                        at[i++] = r.getOffsetDateTime("recorded_at");
                    }
                    return new Due(tenant, customers, at);
                });
    }

    /** Removes what a successful retry evaluated, unless a newer failure was recorded meanwhile. */
    public Uni<Void> done(Due due) {
        return pool.preparedQuery(DONE).execute(Tuple.tuple().addString(due.tenant())
                .addArrayOfString(due.customers()).addArrayOfOffsetDateTime(due.recordedAt()))
                .replaceWithVoid();
    }

    /** Puts a failed retry's customers off: {@code backoff} doubled per earlier failure, at most {@code max}. */
    public Uni<Void> failed(Due due, Duration backoff, Duration max, String error) {
        return pool.preparedQuery(FAILED).execute(Tuple.tuple().addString(due.tenant())
                .addArrayOfString(due.customers()).addDouble(seconds(backoff)).addDouble(seconds(max))
                .addString(error)).replaceWithVoid();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
