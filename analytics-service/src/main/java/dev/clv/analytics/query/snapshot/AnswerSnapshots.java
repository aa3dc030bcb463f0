package dev.clv.analytics.query.snapshot;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.analytics.query.snapshot.SnapshotSource.Snapshot;
import dev.clv.analytics.shared.AnalyticsRoles;
import dev.clv.analytics.shared.SnapshotLock;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Materialises every {@link SnapshotSource} for each tenant whose data moved since its last snapshots (or whose
 * snapshots are from an earlier day, UTC or the tenant's own, as 'today' moved), all replaced in one transaction.
 * Such answers read every customer, so they are recomputed at most once per interval in the background instead of
 * per request, and say how old they are. A tenant whose snapshots take long waits at least twenty times that (the
 * quiet factor) before the next, so they never cost more than a twentieth of a core per tenant. Replicas take a
 * tenant in turn (an advisory lock). {@link SnapshotRequests} refreshes a tenant on demand through the same path.
 */
@Startup // its metrics exist from the start, at zero
@ApplicationScoped
public class AnswerSnapshots {
    private static final Logger LOG = Logger.getLogger(AnswerSnapshots.class);
    /**
     * Whether the data behind snapshot run {@code s} moved (watermark row {@code w}): a batch of rows or scores
     * committed since the run began (the version counter each batch moves), or a new day began, the UTC one
     * (Customer 360's "today") or the tenant's own (the pipes'), in zone expression %1$s.
     */
    static final String MOVED = """
            (w.version IS DISTINCT FROM s.version
              OR (s.taken_at AT TIME ZONE 'UTC')::date < (clock_timestamp() AT TIME ZONE 'UTC')::date
              OR (s.taken_at AT TIME ZONE %1$s)::date < (clock_timestamp() AT TIME ZONE %1$s)::date)""";
    // the tenants whose data moved since their snapshots, whether each is due (past its quiet time) and how old its
    // snapshots are; tenants with a zone of their own are $2 (ids) and $3 (zones), every other tenant's zone is $4
    private static final String DUE = """
            SELECT w.tenant_id, s.tenant_id IS NULL OR clock_timestamp() >= s.taken_at + s.took * $1 AS due,
              coalesce(extract(epoch FROM clock_timestamp() - s.taken_at), 0)::bigint AS age
            FROM analytics.projection_watermarks w
            LEFT JOIN analytics.snapshot_runs s USING (tenant_id)
            LEFT JOIN unnest($2::text[], $3::text[]) AS z(tenant_id, zone) USING (tenant_id)
            WHERE s.tenant_id IS NULL OR %s
            ORDER BY w.tenant_id
            """.formatted(MOVED.formatted("coalesce(z.zone, $4::text)"));
    private static final String READ = """
            SELECT a.body, s.watermark FROM analytics.answer_snapshots a JOIN analytics.snapshot_runs s USING (tenant_id)
            WHERE a.tenant_id = $1 AND a.answer = $2
            """;
    private static final String STORE = """
            INSERT INTO analytics.answer_snapshots SELECT $1, * FROM unnest($2::text[], $3::text[])
            """;
    private static final String TAKEN = """
            INSERT INTO analytics.snapshot_runs AS s (tenant_id, watermark, taken_at, took, version)
            VALUES ($1, $2, $3, clock_timestamp() - $3, $4)
            ON CONFLICT (tenant_id) DO UPDATE SET watermark = excluded.watermark, taken_at = excluded.taken_at,
              took = excluded.took, version = excluded.version
            """;
    private final Pool pool;
    private final List<SnapshotSource> sources;
    private final List<SnapshotTable> tables;
    private final ObjectMapper json;

    private final AnalyticsRoles roles;
    private final int quietFactor;
    private final FailureBackoff failures = new FailureBackoff(Duration.ofMinutes(1), Duration.ofHours(1));
    private final TenantDays days;
    private final AtomicLong stalest = new AtomicLong();

    public AnswerSnapshots(Pool pool, Instance<SnapshotSource> sources, Instance<SnapshotTable> tables,
            ObjectMapper json, AnalyticsRoles roles,
            @ConfigProperty(name = "analytics.snapshots.quiet-factor", defaultValue = "20") int quietFactor,
            TenantDays days, MeterRegistry registry) {
        // what the snapshot-age alert reads: the oldest snapshots whose data has moved since, as of the last round
        Gauge.builder("clv.snapshots.stale.age", stalest, AtomicLong::get).baseUnit("seconds").description(
                "Age of the oldest answer snapshots whose tenant's data moved since they were taken")
                .register(registry);
        this.pool = pool;
        this.days = days;
        this.roles = roles;
        this.quietFactor = quietFactor;
        this.sources = sources.stream().toList();
        this.tables = tables.stream().toList();
        // money must come back as the exact decimal it was, never a binary float
        this.json = json.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Scheduled(every = "${analytics.snapshots.refresh-every}", delayed = "${analytics.snapshots.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        if (!roles.query()) {
            // snapshots are answers: the query instances keep them fresh, each tenant by one at a time
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(DUE).execute(days.addTo(Tuple.of(quietFactor))).onItem()
                .transformToMulti(rows -> {
                    long stalest = 0;
                    for (Row row : rows) {
                        stalest = Math.max(stalest, row.getLong("age"));
                    }
                    this.stalest.set(stalest);
                    return Multi.createFrom().iterable(rows);
                }).select().where(row -> row.getBoolean("due")).map(row -> row.getString(0)).select()
                .where(failures::mayTry)
                .onItem().transformToUniAndConcatenate(this::refreshOne).collect().last()
                .replaceWithVoid().onFailure().invoke(e -> LOG.warnf("Looking for due snapshots failed: %s", e));
    }

    // one tenant's failure (a statement timing out on a huge tenant, say) neither stops the others' refresh nor is
    // tried again every interval: that tenant waits longer after each failure
    private Uni<Void> refreshOne(String tenant) {
        return refresh(tenant, false).invoke(() -> failures.succeeded(tenant)).onFailure().invoke(e -> {
            LOG.warnf("Refreshing the answer snapshots of tenant %s failed (%s); next try in %s", tenant, e,
                    failures.failed(tenant));
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Replaces the tenant's snapshots now, on demand: waits (within the statement timeout) while another replica
     * refreshes them; a success also ends the tenant's failure backoff.
     */
    public Uni<Void> refreshNow(String tenant) {
        return refresh(tenant, true).invoke(() -> failures.succeeded(tenant)).replaceWithVoid();
    }

    /** The tenant's snapshot of {@code answer} made into {@code served}, or {@code live} while there is none yet. */
    public <T> Uni<T> servedOr(String tenant, String answer, Function<Snapshot, T> served, Supplier<Uni<T>> live) {
        return read(tenant, answer).chain(s -> s == null ? live.get() : Uni.createFrom().item(served.apply(s)));
    }

    /** The tenant's stored snapshot of {@code answer}, or null when there is none yet. */
    public Uni<Snapshot> read(String tenant, String answer) {
        return pool.preparedQuery(READ).execute(Tuple.of(tenant, answer)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            try {
                OffsetDateTime watermark = r.getOffsetDateTime(1);
                return new Snapshot(json.readValue(r.getString(0), Object.class), watermark == null
                        ? null
                        : watermark.toInstant());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Snapshot " + answer + " is not JSON", e);
            }
        });
    }

    /**
     * Replaces the tenant's snapshots; when another replica is doing it right now, waits for it ({@code wait}) or
     * does nothing (answers false).
     */
    public Uni<Boolean> refresh(String tenant, boolean wait) {
        String lock = wait
                ? "SELECT true FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS waited"
                : "SELECT pg_try_advisory_xact_lock(hashtext($1))";
        return pool.withTransaction(conn -> conn.preparedQuery(lock).execute(Tuple.of(lockName(tenant)))
                .chain(locked -> locked.iterator().next().getBoolean(0)
                        ? replace(conn, tenant).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /** The name of the advisory lock a tenant's refresh holds (hashed with hashtext) while it runs. */
    public static String lockName(String tenant) {
        return SnapshotLock.name(tenant);
    }

    private Uni<Void> replace(SqlConnection conn, String tenant) {
        // the watermark, version and clock are read first: every answer computed after sees at least that much data
        return conn.preparedQuery("SELECT w.watermark, w.version, clock_timestamp() FROM (SELECT $1::text AS "
                + "tenant_id) k LEFT JOIN analytics.projection_watermarks w USING (tenant_id)")
                .execute(Tuple.of(tenant)).chain(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime watermark = r.getOffsetDateTime(0);
                    Long version = r.getLong(1);
                    OffsetDateTime started = r.getOffsetDateTime(2);
                    List<String> names = new ArrayList<>();
                    List<String> bodies = new ArrayList<>();
                    // one answer after another: a refresh is background work and must not take every core
                    return Multi.createFrom().iterable(sources).onItem().transformToMultiAndConcatenate(source -> Multi
                            .createFrom().iterable(source.snapshotNames()).onItem().transformToUniAndConcatenate(
                                    name -> source.snapshot(tenant, name).invoke(data -> {
                                        names.add(name);
                                        bodies.add(write(data));
                                    })))
                            .collect().last()
                            // tables in this transaction, with the answers: one watermark for all of them
                            .chain(() -> Multi.createFrom().iterable(tables).onItem().transformToUniAndConcatenate(
                                    table -> table.replace(conn, tenant).invoke(n -> {
                                        names.add(table.snapshotName());
                                        bodies.add(write(Map.of("rows", n)));
                                    })).collect().last())
                            .chain(() -> conn.preparedQuery("DELETE FROM analytics.answer_snapshots WHERE tenant_id "
                                    + "= $1").execute(Tuple.of(tenant)))
                            .chain(() -> conn.preparedQuery(STORE).execute(Tuple.tuple().addString(tenant)
                                    .addArrayOfString(names.toArray(String[]::new)).addArrayOfString(bodies.toArray(
                                            String[]::new))))
                            .chain(() -> conn.preparedQuery(TAKEN).execute(Tuple.of(tenant, watermark, started,
                                    version)))
                            .replaceWithVoid();
                });
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
