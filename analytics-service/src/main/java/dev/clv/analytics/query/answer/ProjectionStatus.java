package dev.clv.analytics.query.answer;

import java.time.Instant;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code as_of} of every answer: the tenant's projection watermark and whether the projectors have caught up,
 * both read from the database (the projectors may run in other processes; each reports its lag every second).
 */
@ApplicationScoped
public class ProjectionStatus {
    // a projector that has not reported for 10 s is gone (stopped, or lost its partitions) and no longer counts
    private static final String SELECT = """
            SELECT (SELECT watermark FROM analytics.projection_watermarks WHERE tenant_id = $1),
              (SELECT sum(lag_records) FROM analytics.projector_lag WHERE measured_at > now() - interval '10 seconds')
            """;
    private final Pool pool;

    public ProjectionStatus(Pool pool) {
        this.pool = pool;
    }

    public Uni<AsOf> of(String tenant) {
        return pool.preparedQuery(SELECT).execute(Tuple.of(tenant)).map(rows -> {
            Row r = rows.iterator().next();
            OffsetDateTime watermark = r.getOffsetDateTime(0);
            Long lag = r.getLong(1);
            return new AsOf(watermark == null ? null : watermark.toInstant(), lag == null ? null : lag == 0);
        });
    }
}
