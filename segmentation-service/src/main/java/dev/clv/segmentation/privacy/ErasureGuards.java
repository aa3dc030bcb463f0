package dev.clv.segmentation.privacy;

import dev.clv.contracts.privacy.CustomerHash;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.CustomerKey;
import dev.clv.segmentation.kafka.SkippedRecords;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The erasure guards ({@code erased_customers}): writers of customer rows from Kafka ask them, so that a record about
 * an erased customer produced at or before the erase (a replay, a redelivery, a record in flight) is not stored again.
 */
@ApplicationScoped
public class ErasureGuards {
    // writers share this per-tenant key and an erase takes it alone, so no erase commits between a writer's look at
    // the guards and its own commit (the look would miss the guard, and the write bring the customer back)
    private static final String SHARE = "SELECT pg_advisory_xact_lock_shared(hashtextextended(t, 8)) "
            + "FROM unnest($1::text[]) AS t";
    private static final String FIND = "SELECT tenant_id, customer_hash, erased_at FROM segmentation.erased_customers "
            + "WHERE tenant_id = ANY($1) AND customer_hash = ANY($2)";
    private final Pool pool;
    private final SkippedRecords skipped;

    public ErasureGuards(Pool pool, SkippedRecords skipped) {
        this.pool = pool;
        this.skipped = skipped;
    }

    /** What a guard keeps instead of the id: contracts' {@link CustomerHash}, the same in every service. */
    public static String hash(String tenant, String customer) {
        return CustomerHash.of(tenant, customer);
    }

    /** Takes the tenant's erase key alone, in the erasing transaction: writers of its customers wait for the commit. */
    static Uni<Void> lockForErase(SqlConnection db, String tenant) {
        return db.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 8))").execute(Tuple.of(tenant))
                .replaceWithVoid();
    }

    /**
     * Runs {@code write} in a transaction that no erase of these tenants interleaves with, handing it which customers
     * to keep: those with no guard, or whose record ({@code recorded}: each customer's newest record time) is newer
     * than their erase. One look-up per call, by primary key; customers left out are counted as skipped records.
     */
    public Uni<Void> write(String topic, Map<CustomerKey, Instant> recorded,
            BiFunction<SqlConnection, Predicate<CustomerKey>, Uni<Void>> write) {
        Map<Guard, CustomerKey> byGuard = new HashMap<>();
        recorded.keySet().forEach(k -> byGuard.put(new Guard(k.tenant(), hash(k.tenant(), k.customerId())), k));
        String[] tenants = byGuard.keySet().stream().map(Guard::tenant).distinct().toArray(String[]::new);
        String[] hashes = byGuard.keySet().stream().map(Guard::hash).distinct().toArray(String[]::new);
        return pool.withTransaction(db -> db.preparedQuery(SHARE).execute(Tuple.tuple().addArrayOfString(tenants))
                .chain(() -> db.preparedQuery(FIND).execute(Tuple.tuple()
                        .addArrayOfString(tenants).addArrayOfString(hashes)))
                .chain(rows -> {
                    Set<CustomerKey> erased = new HashSet<>();
                    for (Row r : rows) {
                        CustomerKey key = byGuard.get(new Guard(r.getString("tenant_id"), r.getString(
                                "customer_hash")));
                        OffsetDateTime at = r.getOffsetDateTime("erased_at");
                        if (key != null && !recorded.get(key).isAfter(at.toInstant())) {
                            erased.add(key);
                        }
                    }
                    return write.apply(db, key -> !erased.contains(key)).invoke(() -> count(topic, erased));
                }));
    }

    private record Guard(String tenant, String hash) {
    }

    private void count(String topic, Set<CustomerKey> erased) {
        Map<String, Integer> perTenant = new TreeMap<>();
        erased.forEach(k -> perTenant.merge(k.tenant(), 1, Integer::sum));
        perTenant.forEach((tenant, n) -> skipped.skipErased(topic, tenant, n));
    }
}
