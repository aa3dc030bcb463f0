package dev.clv.analytics.query.snapshot;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The on-demand refresh requests of tenants (table refresh_requests) and the status read around them. */
@ApplicationScoped
public class RefreshRequests {
    // $1 tenant, $2 its lock's name, $3 quiet factor, $4 the zone of its days
    private static final String STATUS = """
            SELECT s.taken_at, s.took, (extract(epoch FROM s.took) * 1000)::bigint AS took_ms, s.watermark,
              w.watermark AS data_watermark, r.requested_at, r.force_refresh, r.outcome, r.finished_at, r.detail,
              s.tenant_id IS NOT NULL AND w.version IS NOT DISTINCT FROM s.version AS up_to_date,
              s.tenant_id IS NULL OR coalesce(%s, false) AS moved,
              s.tenant_id IS NULL OR clock_timestamp() >= s.taken_at + s.took * $3 AS quiet_over,
              EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND (l.classid::bigint << 32 | l.objid::bigint) = hashtext($2)::bigint) AS running
            FROM (SELECT $1::text AS tenant_id) k
            LEFT JOIN analytics.snapshot_runs s USING (tenant_id)
            LEFT JOIN analytics.projection_watermarks w USING (tenant_id)
            LEFT JOIN analytics.refresh_requests r USING (tenant_id)
            """.formatted(AnswerSnapshots.MOVED.formatted("$4::text"));
    // the database's clock, as the refreshes' own start times, so that "started after the request" is one clock
    private static final String REQUESTED = """
            INSERT INTO analytics.refresh_requests AS r
            VALUES ($1, clock_timestamp(), $2, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE clock_timestamp() END, $4)
            ON CONFLICT (tenant_id) DO UPDATE SET requested_at = excluded.requested_at,
              force_refresh = excluded.force_refresh, outcome = excluded.outcome, finished_at = excluded.finished_at,
              detail = excluded.detail
            RETURNING requested_at
            """;
    private static final String ENDED = """
            UPDATE analytics.refresh_requests SET outcome = $3, finished_at = clock_timestamp(), detail = $4
            WHERE tenant_id = $1 AND requested_at = $2
            """;
    private final Pool pool;
    private final TenantDays days;
    private final int quietFactor;

    public RefreshRequests(Pool pool, TenantDays days,
            @ConfigProperty(name = "analytics.snapshots.quiet-factor", defaultValue = "20") int quietFactor) {
        this.pool = pool;
        this.days = days;
        this.quietFactor = quietFactor;
    }

    /** The tenant's status, and whether a refresh not forced would run now (data moved, quiet period over). */
    public record Read(RefreshStatus status, boolean moved, boolean quietOver) {
    }

    public Uni<Read> read(String tenant) {
        Tuple args = Tuple.of(tenant, AnswerSnapshots.lockName(tenant), quietFactor, days.zoneOf(tenant));
        return pool.preparedQuery(STATUS).execute(args).map(rows -> {
            Row r = rows.iterator().next();
            RefreshStatus.LastRefresh refresh = r.getOffsetDateTime("taken_at") == null
                    ? null
                    : new RefreshStatus.LastRefresh(instant(r, "taken_at"), instant(r, "taken_at").plusMillis(r
                            .getLong("took_ms")), r.getLong("took_ms"), instant(r, "watermark"));
            RefreshStatus.LastRequest request = r.getOffsetDateTime("requested_at") == null
                    ? null
                    : new RefreshStatus.LastRequest(instant(r, "requested_at"), r.getBoolean("force_refresh"),
                            r.getString("outcome"), instant(r, "finished_at"), r.getString("detail"));
            return new Read(new RefreshStatus(state(r.getBoolean("running"), refresh, request), refresh, request,
                    instant(r, "data_watermark"), r.getBoolean("up_to_date"), RefreshStatus.URL),
                    r.getBoolean("moved"), r.getBoolean("quiet_over"));
        });
    }

    /** Records a request ({@code outcome} null: it is about to run); answers when it was made. */
    public Uni<Instant> requested(String tenant, boolean force, String outcome, String detail) {
        return pool.preparedQuery(REQUESTED).execute(Tuple.of(tenant, force, outcome, detail))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
    }

    /** Records how the request made at {@code at} ended, unless a newer one replaced it. */
    public Uni<Void> ended(String tenant, Instant at, String outcome, String detail) {
        return pool.preparedQuery(ENDED).execute(Tuple.of(tenant, utc(at), outcome, detail)).replaceWithVoid();
    }

    private static String state(boolean running, RefreshStatus.LastRefresh refresh,
            RefreshStatus.LastRequest request) {
        // a request is answered by any refresh that started after it
        boolean answered = request == null || refresh != null && !refresh.startedAt().isBefore(request.requestedAt());
        if (running) {
            return "running";
        }
        if (!answered && request.outcome() == null) {
            return "pending";
        }
        return !answered && "failed".equals(request.outcome()) ? "failed" : "idle";
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
