package dev.clv.analytics.projection.privacy;

import dev.clv.contracts.privacy.CustomerHash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.analytics.shared.SnapshotLock;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erases customers of a tenant in one transaction: their rows in every per-customer table, the tenant's answer
 * snapshots (recomputed without them), and an erasure guard each. Tenant-level rollups keep their sums: they were
 * added once per row and name no customer, so nothing is subtracted from them (docs/privacy.md), except the product
 * buyer links and the buyer days and months, which count customers (as the buyers read from the customers' own rows
 * did).
 */
@ApplicationScoped
public class CustomerErasure {
    /** Every table holding rows of one customer (keyed by tenant and customer); one statement empties them. */
    static final List<String> TABLES = List.of("customer_days", "customer_months", "customer_categories",
            "customer_product_months", "customer_scores", "customer_segments", "customer_metrics", "transactions",
            "interactions", "events", "customers");
    private static final String ERASE = TABLES.stream()
            .map(t -> t + " AS (DELETE FROM analytics." + t
                    + " WHERE tenant_id = $1 AND customer_id = ANY($2) RETURNING 1)")
            .collect(Collectors.joining(", ", "WITH ", " SELECT "))
            + TABLES.stream().map(t -> "(SELECT count(*) FROM " + t + ") AS " + t).collect(Collectors.joining(", "));
    // the customers' purchase-month links leave the product buyer counts with their rows
    private static final String SPANS = """
            WITH gone AS (
              SELECT tenant_id, product_id, month, span_prev, span_next, span_single, count(*) AS n
              FROM analytics.customer_product_months
              WHERE tenant_id = $1 AND customer_id = ANY($2) AND span_prev IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
            )
            UPDATE analytics.product_buyer_spans s SET customers = s.customers - g.n FROM gone g
            WHERE s.tenant_id = g.tenant_id AND s.product_id = g.product_id AND s.month = g.month
              AND s.prev_month = g.span_prev AND s.next_month = g.span_next AND s.single = g.span_single
            """;
    // the customers' buyer days and months (and their links to the period before) leave the tenant's buyer counts
    private static final String BUYER_DAYS = buyers("buyer_days", "customer_days", "day", "1 day");
    private static final String BUYER_MONTHS = buyers("buyer_months", "customer_months", "month", "1 month");
    // snapshots can embed customers (top lists, profiles): dropped, and the tenant is due for a refresh at once
    private static final String SNAPSHOTS = """
            WITH answers AS (DELETE FROM analytics.answer_snapshots WHERE tenant_id = $1 RETURNING 1),
              runs AS (DELETE FROM analytics.snapshot_runs WHERE tenant_id = $1),
              rfm AS (DELETE FROM analytics.rfm_snapshots WHERE tenant_id = $1),
              moved AS (UPDATE analytics.projection_watermarks SET version = version + 1 WHERE tenant_id = $1)
            SELECT count(*) FROM answers
            """;
    // the time is taken last, after every batch in flight committed: records produced up to then are the erased
    private static final String GUARDS = """
            INSERT INTO analytics.erased_customers AS g
            SELECT $1, h, clock_timestamp() FROM unnest($2::text[]) AS h ORDER BY h
            ON CONFLICT (tenant_id, customer_hash) DO UPDATE SET erased_at = excluded.erased_at
            """;
    private final Pool pool;

    public CustomerErasure(@ReactiveDataSource("projection") Pool pool) {
        this.pool = pool;
    }

    /** Rows erased per table; a request already carried out answers what it did then and erases nothing more. */
    public Uni<Map<String, Long>> erase(UUID request, String tenant, List<String> customers) {
        String[] ids = customers.stream().distinct().sorted().toArray(String[]::new);
        String[] hashes = customers.stream().map(c -> CustomerHash.of(tenant, c)).distinct().sorted()
                .toArray(String[]::new);
        return pool.withTransaction(conn -> locked(conn, tenant)
                .chain(() -> conn.preparedQuery("SELECT counts FROM analytics.privacy_erasures WHERE request_id = $1")
                        .execute(Tuple.of(request)))
                .chain(done -> done.size() > 0
                        ? Uni.createFrom().item(counts((JsonObject) done.iterator().next().getValue(0)))
                        : erase(conn, request, tenant, ids, hashes)));
    }

    // the snapshot lock first (a refresh may hold it a while, blocking nothing else meanwhile), then the tenant's
    // erasure stripe: it waits for the projection batches in flight and holds new ones back until the commit
    private static Uni<Void> locked(SqlConnection conn, String tenant) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(SnapshotLock.name(tenant)))
                .chain(() -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('analytics-erasure'), "
                        + "hashtext($1) & 63)").execute(Tuple.of(tenant)))
                .replaceWithVoid();
    }

    private static Uni<Map<String, Long>> erase(SqlConnection conn, UUID request, String tenant, String[] ids,
            String[] hashes) {
        Map<String, Long> counts = new TreeMap<>();
        return conn.preparedQuery(SPANS).execute(Tuple.tuple().addString(tenant).addArrayOfString(ids))
                .chain(() -> conn.preparedQuery(BUYER_DAYS).execute(Tuple.tuple().addString(tenant)
                        .addArrayOfString(ids)))
                .chain(() -> conn.preparedQuery(BUYER_MONTHS).execute(Tuple.tuple().addString(tenant)
                        .addArrayOfString(ids)))
                .chain(() -> conn.preparedQuery(ERASE).execute(Tuple.tuple().addString(tenant).addArrayOfString(ids)))
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    TABLES.forEach(t -> counts.put(t, r.getLong(t)));
                })
                .chain(() -> conn.preparedQuery(SNAPSHOTS).execute(Tuple.of(tenant)))
                .invoke(rows -> counts.put("answer_snapshots", rows.iterator().next().getLong(0)))
                .chain(() -> conn.preparedQuery(GUARDS).execute(Tuple.tuple().addString(tenant)
                        .addArrayOfString(hashes)))
                .invoke(rows -> counts.put("erasure_guards", (long) rows.rowCount()))
                .chain(() -> conn.preparedQuery("INSERT INTO analytics.privacy_erasures VALUES ($1, $2, $3, now())")
                        .execute(Tuple.of(request, tenant, new JsonObject(new HashMap<>(counts)))))
                .replaceWith(counts);
    }

    private static String buyers(String table, String rollup, String column, String step) {
        return """
                WITH gone AS (
                  SELECT c.tenant_id, c.%3$s AS period, count(*) AS buyers, count(*) FILTER (WHERE EXISTS (
                      SELECT 1 FROM analytics.%2$s p WHERE p.tenant_id = c.tenant_id AND p.customer_id = c.customer_id
                        AND p.%3$s = (c.%3$s - interval '%4$s')::date AND p.purchases > 0)) AS retained
                  FROM analytics.%2$s c
                  WHERE c.tenant_id = $1 AND c.customer_id = ANY($2) AND c.purchases > 0 GROUP BY 1, 2
                )
                UPDATE analytics.%1$s b SET buyers = b.buyers - g.buyers, retained = b.retained - g.retained
                FROM gone g WHERE b.tenant_id = g.tenant_id AND b.%3$s = g.period
                """.formatted(table, rollup, column, step);
    }

    private static Map<String, Long> counts(JsonObject stored) {
        Map<String, Long> counts = new TreeMap<>();
        stored.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return counts;
    }
}
