package dev.clv.analytics.query.snapshot;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Materialises every {@link SnapshotSource} for each tenant whose data moved since its last snapshots (or whose
 * snapshots are from an earlier UTC day, as 'today' moved), all replaced in one transaction. Such answers read every
 * customer, so they are recomputed at most once per interval in the background instead of per request, and say how
 * old they are. A tenant whose snapshots take long waits at least twenty times that (the quiet factor) before the next, so they never
 * cost more than a twentieth of a core per tenant. Replicas take a tenant in turn (an advisory lock).
 */
@ApplicationScoped
public class AnswerSnapshots {
    private static final Logger LOG = Logger.getLogger(AnswerSnapshots.class);
    private static final String DUE = """
            SELECT w.tenant_id FROM analytics.projection_watermarks w
            LEFT JOIN analytics.snapshot_runs s USING (tenant_id)
            WHERE s.tenant_id IS NULL OR ((w.watermark IS DISTINCT FROM s.watermark OR w.updated_at > s.taken_at
                OR (s.taken_at AT TIME ZONE 'UTC')::date < (clock_timestamp() AT TIME ZONE 'UTC')::date)
              AND clock_timestamp() >= s.taken_at + s.took * $1)
            ORDER BY w.tenant_id
            """;
    private static final String READ = """
            SELECT a.body, s.watermark FROM analytics.answer_snapshots a JOIN analytics.snapshot_runs s USING (tenant_id)
            WHERE a.tenant_id = $1 AND a.answer = $2
            """;
    private static final String STORE = """
            INSERT INTO analytics.answer_snapshots SELECT $1, * FROM unnest($2::text[], $3::text[])
            """;
    private static final String TAKEN = """
            INSERT INTO analytics.snapshot_runs AS s VALUES ($1, $2, $3, clock_timestamp() - $3)
            ON CONFLICT (tenant_id) DO UPDATE SET watermark = excluded.watermark, taken_at = excluded.taken_at,
              took = excluded.took
            """;
    private final Pool pool;
    private final List<SnapshotSource> sources;
    private final ObjectMapper json;

    private final AnalyticsRoles roles;
    private final int quietFactor;
    private final FailureBackoff failures = new FailureBackoff(Duration.ofMinutes(1), Duration.ofHours(1));

    public AnswerSnapshots(Pool pool, Instance<SnapshotSource> sources, ObjectMapper json, AnalyticsRoles roles,
            @ConfigProperty(name = "analytics.snapshots.quiet-factor", defaultValue = "20") int quietFactor) {
        this.pool = pool;
        this.roles = roles;
        this.quietFactor = quietFactor;
        this.sources = sources.stream().toList();
        // money must come back as the exact decimal it was, never a binary float
        this.json = json.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    @Scheduled(every = "${analytics.snapshots.refresh-every}", delayed = "${analytics.snapshots.refresh-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshDue() {
        if (!roles.query()) {
            // snapshots are answers: the query instances keep them fresh, each tenant by one at a time
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(DUE).execute(Tuple.of(quietFactor)).onItem()
                .transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(row -> row.getString(0)).select().where(failures::mayTry)
                .onItem().transformToUniAndConcatenate(this::refreshOne).collect().last()
                .replaceWithVoid().onFailure().invoke(e -> LOG.warnf("Looking for due snapshots failed: %s", e));
    }

    // one tenant's failure (a statement timing out on a huge tenant, say) neither stops the others' refresh nor is
    // tried again every interval: that tenant waits longer after each failure
    private Uni<Void> refreshOne(String tenant) {
        return refresh(tenant).invoke(() -> failures.succeeded(tenant)).onFailure().invoke(e -> {
            LOG.warnf("Refreshing the answer snapshots of tenant %s failed (%s); next try in %s", tenant, e,
                    failures.failed(tenant));
        }).onFailure().recoverWithNull();
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

    /** Replaces the tenant's snapshots, unless another replica is doing it right now. */
    public Uni<Void> refresh(String tenant) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of("answer-snapshots:" + tenant)).chain(locked -> locked.iterator().next()
                        .getBoolean(0) ? replace(conn, tenant) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> replace(SqlConnection conn, String tenant) {
        // the watermark and clock are read first: every answer computed after sees at least that much data
        return conn.preparedQuery("SELECT (SELECT watermark FROM analytics.projection_watermarks WHERE tenant_id = "
                + "$1), clock_timestamp()").execute(Tuple.of(tenant)).chain(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime watermark = r.getOffsetDateTime(0);
                    OffsetDateTime started = r.getOffsetDateTime(1);
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
                            .chain(() -> conn.preparedQuery("DELETE FROM analytics.answer_snapshots WHERE tenant_id "
                                    + "= $1").execute(Tuple.of(tenant)))
                            .chain(() -> conn.preparedQuery(STORE).execute(Tuple.tuple().addString(tenant)
                                    .addArrayOfString(names.toArray(String[]::new)).addArrayOfString(bodies.toArray(
                                            String[]::new))))
                            .chain(() -> conn.preparedQuery(TAKEN).execute(Tuple.of(tenant, watermark, started)))
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
