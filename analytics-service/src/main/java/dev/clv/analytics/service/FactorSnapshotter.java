package dev.clv.analytics.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.analytics.pipe.LtvFactorsPipe;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Materialises ltv_influencing_factors for every tenant whose data moved since its last snapshot: the exact
 * answer, all groups, replaced in one transaction. Medians and factor groups over all customers cannot be kept
 * exactly per row by the projection without slowing it for every write, so the whole-tenant answer is recomputed
 * at most once per interval instead, in the background, and says how old it is. A tenant whose snapshot takes long
 * waits at least twenty times that before the next, so snapshots never take more than a twentieth of a core.
 * Replicas take a tenant in turn (an advisory lock), never twice at once.
 */
@ApplicationScoped
public class FactorSnapshotter {
    private static final Logger LOG = Logger.getLogger(FactorSnapshotter.class);
    private static final String DUE = """
            SELECT w.tenant_id FROM analytics.projection_watermarks w
            LEFT JOIN analytics.factor_snapshots s USING (tenant_id)
            WHERE s.tenant_id IS NULL OR ((w.watermark IS DISTINCT FROM s.watermark OR w.updated_at > s.taken_at)
              AND clock_timestamp() >= s.taken_at + s.took * 20)
            ORDER BY w.tenant_id
            """;
    private static final String INSERT = "INSERT INTO analytics.factor_values SELECT $1, g.* FROM ("
            + LtvFactorsPipe.GROUPS + ") AS g";
    private static final String TAKEN = """
            INSERT INTO analytics.factor_snapshots AS s VALUES ($1, $2, $3, clock_timestamp() - $3)
            ON CONFLICT (tenant_id) DO UPDATE SET watermark = excluded.watermark, taken_at = excluded.taken_at,
              took = excluded.took
            """;
    private final Pool pool;

    public FactorSnapshotter(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${analytics.factors.refresh-every}", delayed = "${analytics.factors.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        return pool.query(DUE).execute().onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getString(0)).onItem().transformToUniAndConcatenate(this::refresh).collect().last()
                .replaceWithVoid().onFailure().invoke(e -> LOG.warnf("Refreshing factor snapshots failed: %s", e));
    }

    /** Replaces one tenant's snapshot, unless another replica is doing it right now. */
    public Uni<Void> refresh(String tenant) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of("factor-snapshot:" + tenant)).chain(locked -> locked.iterator().next().getBoolean(0)
                        ? replace(conn, tenant)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> replace(SqlConnection conn, String tenant) {
        // the watermark and clock are read before the answer, whose statement sees at least that much data
        return conn.preparedQuery("SELECT (SELECT watermark FROM analytics.projection_watermarks WHERE tenant_id = "
                + "$1), clock_timestamp()").execute(Tuple.of(tenant)).chain(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime watermark = r.getOffsetDateTime(0);
                    OffsetDateTime now = r.getOffsetDateTime(1);
                    return conn.preparedQuery("DELETE FROM analytics.factor_values WHERE tenant_id = $1")
                            .execute(Tuple.of(tenant))
                            .chain(() -> conn.preparedQuery(INSERT)
                                    .execute(Tuple.tuple().addString(tenant).addValue(null)
                                            .addValue(null).addValue(null).addValue(null).addValue(null).addValue(null)
                                            .addLong(1L)))
                            .chain(() -> conn.preparedQuery(TAKEN).execute(Tuple.of(tenant, watermark, now)))
                            .replaceWithVoid();
                });
    }
}
