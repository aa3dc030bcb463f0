package dev.clv.analytics.projection.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.projection.ProjectionBatch;
import dev.clv.analytics.projection.RawRecordReader;
import dev.clv.analytics.projection.privacy.ErasureGuards;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.contracts.event.TransactionEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

/**
 * Applies one consumed batch in one database transaction, one array-bound statement per data source, after the
 * erasure guards dropped its records about erased customers (in the same transaction: see {@link ErasureGuards}).
 */
@ApplicationScoped
public class ProjectionRepository {
    // where a cohort delta starts in a row the transactions statement returns
    private static final int TRANSACTION_COHORT_COLUMNS = 10;
    private static final Consumer<RowSet<Row>> NO_ROWS = rows -> {
    };
    private final Pool pool;
    private final ErasureGuards guards;
    // each statement's time, so that a slow batch says which of its statements took it
    private final Map<String, Timer> timers = new HashMap<>();

    public ProjectionRepository(@ReactiveDataSource("projection") Pool pool, ErasureGuards guards,
            MeterRegistry registry) {
        this.pool = pool;
        this.guards = guards;
        ProjectionStatements.NAMES.forEach((sql, name) -> timers.put(sql, Timer.builder("projection.statement")
                .description("One statement of a batch's transaction").tag("statement", name).register(registry)));
    }

    /** Projects the records the guards admit; answers the batch they made (its touched customers...). */
    public Uni<ProjectionBatch> apply(List<RawRecordReader.Read> records) {
        return pool.withTransaction(conn -> guards.admit(conn, records).map(ProjectionBatch::of)
                .call(batch -> apply(conn, batch)));
    }

    private Uni<Void> apply(SqlConnection conn, ProjectionBatch batch) {
        HotRollups hot = new HotRollups();
        CohortDeltas cohorts = new CohortDeltas();
        return query(conn, ProjectionStatements.CUSTOMERS, batch.customers.values(), this::customers,
                rows -> rows.forEach(r -> cohorts.add(r, 0)))
                .chain(() -> query(conn, ProjectionStatements.TRANSACTIONS, batch.transactions, this::transactions,
                        rows -> {
                            hot.addSales(rows);
                            rows.forEach(r -> cohorts.add(r, TRANSACTION_COHORT_COLUMNS));
                        }))
                .chain(() -> query(conn, ProjectionStatements.INTERACTIONS, batch.interactions, this::interactions,
                        hot::addActivity))
                .chain(() -> run(conn, ProjectionStatements.PRODUCTS, batch.products.values(), this::products))
                .chain(() -> query(conn, ProjectionStatements.EVENTS, batch.events, this::events, hot::addActivity))
                .chain(() -> query(conn, ProjectionStatements.SCORES, batch.scores.values(), this::scores,
                        rows -> rows.forEach(r -> cohorts.add(r, 0))))
                .chain(() -> run(conn, ProjectionStatements.MEMBERSHIPS, batch.memberships.values(),
                        this::memberships))
                // shared rows last, each in key order: locked for moments, and never in two orders at once
                .chain(() -> run(conn, ProjectionStatements.HOT_SALES, hot.quarters(), HotRollups::quarterArgs))
                .chain(() -> run(conn, ProjectionStatements.HOT_PRODUCTS, hot.products(), HotRollups::productArgs))
                .chain(() -> run(conn, ProjectionStatements.HOT_PRODUCT_MONTHS, hot.productMonths(),
                        HotRollups::productMonthArgs))
                .chain(() -> run(conn, ProjectionStatements.HOT_BUYER_DAYS, hot.buyerDays(), HotRollups::buyerArgs))
                .chain(() -> run(conn, ProjectionStatements.HOT_BUYER_MONTHS, hot.buyerMonths(),
                        HotRollups::buyerArgs))
                .chain(() -> run(conn, ProjectionStatements.PRODUCT_SPANS, batch.transactions.stream().filter(
                        t -> t.productId() != null && !t.isRefund()).toList(), this::productPairs))
                .chain(() -> run(conn, ProjectionStatements.HOT_ACTIVITY, hot.activity(), HotRollups::activityArgs))
                .chain(() -> cohorts.hasSizes()
                        ? execute(conn, ProjectionStatements.HOT_COHORT_SIZES, cohorts.sizeArgs(), NO_ROWS)
                        : Uni.createFrom().voidItem())
                .chain(() -> cohorts.hasMonths()
                        ? execute(conn, ProjectionStatements.HOT_COHORT_MONTHS, cohorts.monthArgs(), NO_ROWS)
                        : Uni.createFrom().voidItem())
                .chain(() -> cohorts.hasScores()
                        ? execute(conn, ProjectionStatements.HOT_COHORT_SCORES, cohorts.scoreArgs(), NO_ROWS)
                        : Uni.createFrom().voidItem())
                .chain(() -> run(conn, ProjectionStatements.WATERMARKS, batch.watermarks().entrySet(),
                        this::watermarks))
                .chain(() -> run(conn, ProjectionStatements.SCORED, batch.scoredTenants(), tenants -> Tuple.tuple()
                        .addArrayOfString(tenants.toArray(String[]::new))));
    }

    private Uni<Void> execute(SqlConnection conn, String sql, Tuple args, Consumer<RowSet<Row>> result) {
        long started = System.nanoTime();
        return conn.preparedQuery(sql).execute(args).invoke(result)
                .invoke(() -> timers.get(sql).record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .replaceWithVoid();
    }

    private <T, C extends Collection<T>> Uni<Void> run(SqlConnection conn, String sql, C rows,
            Function<C, Tuple> args) {
        return query(conn, sql, rows, args, NO_ROWS);
    }

    private <T, C extends Collection<T>> Uni<Void> query(SqlConnection conn, String sql, C rows,
            Function<C, Tuple> args,
            Consumer<RowSet<Row>> result) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : execute(conn, sql, args.apply(rows), result);
    }

    private Tuple customers(Collection<CustomerEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, CustomerEvent::tenantId))
                .addArrayOfString(strings(rows, CustomerEvent::customerId))
                .addArrayOfOffsetDateTime(times(rows, CustomerEvent::registrationDate))
                .addArrayOfString(strings(rows, CustomerEvent::country))
                .addArrayOfString(strings(rows, CustomerEvent::city))
                .addArrayOfInteger(rows.stream().map(CustomerEvent::age).toArray(Integer[]::new))
                .addArrayOfString(strings(rows, CustomerEvent::gender))
                .addArrayOfString(strings(rows, CustomerEvent::acquisitionSource))
                .addArrayOfString(strings(rows, CustomerEvent::segment))
                .addArrayOfBoolean(rows.stream().map(CustomerEvent::isActive).toArray(Boolean[]::new))
                .addArrayOfString(strings(rows, CustomerEvent::email))
                .addArrayOfString(strings(rows, CustomerEvent::name))
                .addArrayOfString(strings(rows, CustomerEvent::loyaltyTier))
                .addArrayOfString(strings(rows, c -> json(c.attributes())))
                .addArrayOfOffsetDateTime(times(rows, CustomerEvent::ingestedAt))
                // a patch's field names, comma-separated (names hold no comma); null for a whole profile
                .addArrayOfString(strings(rows, c -> c.isPatch() ? String.join(",", c.patchedFields()) : null));
    }

    private Tuple transactions(Collection<TransactionEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, TransactionEvent::tenantId))
                .addArrayOfString(strings(rows, TransactionEvent::transactionId))
                .addArrayOfString(strings(rows, TransactionEvent::customerId))
                .addArrayOfOffsetDateTime(times(rows, TransactionEvent::transactionDate))
                // Numeric wraps the BigDecimal itself: no amount ever passes through a binary float
                .addValue(rows.stream().map(t -> Numeric.create(t.amount())).toArray(Numeric[]::new))
                .addArrayOfString(strings(rows, TransactionEvent::currency))
                .addArrayOfString(strings(rows, TransactionEvent::productId))
                .addArrayOfString(strings(rows, TransactionEvent::productCategory))
                .addArrayOfString(strings(rows, TransactionEvent::transactionType))
                .addArrayOfString(strings(rows, TransactionEvent::paymentMethod))
                .addArrayOfBoolean(rows.stream().map(TransactionEvent::isRefund).toArray(Boolean[]::new))
                .addArrayOfString(strings(rows, TransactionEvent::channel))
                .addArrayOfOffsetDateTime(times(rows, TransactionEvent::ingestedAt));
    }

    // the (tenant, product, customer) of each purchase of a product: whose purchase-month chains may have changed
    private Tuple productPairs(Collection<TransactionEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, TransactionEvent::tenantId))
                .addArrayOfString(strings(rows, TransactionEvent::productId))
                .addArrayOfString(strings(rows, TransactionEvent::customerId));
    }

    private Tuple interactions(Collection<InteractionEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, InteractionEvent::tenantId))
                .addArrayOfString(strings(rows, InteractionEvent::interactionId))
                .addArrayOfString(strings(rows, InteractionEvent::customerId))
                .addArrayOfOffsetDateTime(times(rows, InteractionEvent::interactionDate))
                .addArrayOfString(strings(rows, InteractionEvent::interactionType))
                .addArrayOfString(strings(rows, InteractionEvent::channel))
                .addArrayOfInteger(rows.stream().map(InteractionEvent::durationSeconds).toArray(Integer[]::new))
                .addArrayOfInteger(rows.stream().map(InteractionEvent::satisfactionScore).toArray(Integer[]::new))
                .addArrayOfString(strings(rows, i -> json(i.attributes())))
                .addArrayOfOffsetDateTime(times(rows, InteractionEvent::ingestedAt));
    }

    private Tuple products(Collection<ProductEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, ProductEvent::tenantId))
                .addArrayOfString(strings(rows, ProductEvent::productId))
                .addArrayOfString(strings(rows, ProductEvent::name))
                .addArrayOfString(strings(rows, ProductEvent::category))
                .addValue(rows.stream().map(p -> numeric(p.price())).toArray(Numeric[]::new))
                .addValue(rows.stream().map(p -> numeric(p.cost())).toArray(Numeric[]::new))
                .addArrayOfString(strings(rows, ProductEvent::currency))
                .addArrayOfOffsetDateTime(times(rows, ProductEvent::launchedAt))
                .addArrayOfString(strings(rows, ProductEvent::status))
                .addArrayOfString(strings(rows, p -> json(p.attributes())))
                .addArrayOfOffsetDateTime(times(rows, ProductEvent::ingestedAt));
    }

    private Tuple events(Collection<BehaviouralEvent> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, BehaviouralEvent::tenantId))
                .addArrayOfString(strings(rows, BehaviouralEvent::eventId))
                .addArrayOfString(strings(rows, BehaviouralEvent::customerId))
                .addArrayOfString(strings(rows, BehaviouralEvent::eventType))
                .addArrayOfOffsetDateTime(times(rows, BehaviouralEvent::timestamp))
                .addArrayOfString(strings(rows, BehaviouralEvent::sessionId))
                .addArrayOfString(strings(rows, e -> json(e.properties())))
                .addArrayOfOffsetDateTime(times(rows, BehaviouralEvent::ingestedAt));
    }

    private Tuple scores(Collection<CustomerScore> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, CustomerScore::tenantId))
                .addArrayOfString(strings(rows, CustomerScore::customerId))
                .addArrayOfString(strings(rows, CustomerScore::modelId))
                .addArrayOfInteger(rows.stream().map(CustomerScore::modelVersion).toArray(Integer[]::new))
                .addValue(rows.stream().map(s -> numeric(s.predictedClv())).toArray(Numeric[]::new))
                .addArrayOfDouble(rows.stream().map(CustomerScore::pAlive).toArray(Double[]::new))
                .addArrayOfDouble(rows.stream().map(CustomerScore::expectedPurchases).toArray(Double[]::new))
                .addArrayOfInteger(rows.stream().map(CustomerScore::horizonMonths).toArray(Integer[]::new))
                .addArrayOfOffsetDateTime(times(rows, CustomerScore::scoredAt));
    }

    // each list as a JSON array: PostgreSQL arrays of arrays must be rectangular, lists of segments are not
    private Tuple memberships(Collection<SegmentMemberships> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, SegmentMemberships::tenantId))
                .addArrayOfString(strings(rows, SegmentMemberships::customerId))
                .addArrayOfString(strings(rows, m -> new String(EventJson.write(m.segmentIds()),
                        StandardCharsets.UTF_8)))
                .addArrayOfOffsetDateTime(times(rows, SegmentMemberships::changedAt));
    }

    private Tuple watermarks(Collection<Map.Entry<String, Instant>> rows) {
        return Tuple.tuple().addArrayOfString(strings(rows, Map.Entry::getKey))
                .addArrayOfOffsetDateTime(times(rows, Map.Entry::getValue));
    }

    private static <T> String[] strings(Collection<T> rows, Function<T, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    private static <T> OffsetDateTime[] times(Collection<T> rows, Function<T, Instant> field) {
        return rows.stream().map(field).map(i -> i == null ? null : i.atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
    }

    private static Numeric numeric(java.math.BigDecimal value) {
        return value == null ? null : Numeric.create(value);
    }

    private static String json(Map<String, Object> value) {
        return value == null ? null : new String(EventJson.write(value), StandardCharsets.UTF_8);
    }

}
