package dev.clv.analytics.projection.privacy;

import dev.clv.contracts.privacy.CustomerHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps erased customers out of the projection: the first statement of every projection transaction. It waits for
 * an erase of the batch's tenants that is under way (a lock shared by batches, see V14) and then drops each record
 * about an erased customer that was produced at or before the erase; records produced after it are new data. Only
 * the customers of tenants that have any guard are hashed. A tenant's guards come back with the locks when it has no
 * more of them than the batch has customers of it (the usual case: erasures are rare); otherwise its customers are
 * looked up by hash, in one more statement.
 */
@ApplicationScoped
public class ErasureGuards {
    /** What the guards need of a record: whose it is (no customer: nobody's) and when it was produced. */
    public interface Guarded {
        String tenant();

        String customerId();

        /** The record's Kafka timestamp, in milliseconds. */
        long producedAt();
    }

    private static final Logger LOG = Logger.getLogger(ErasureGuards.class);
    private static final String GUARDS = "SELECT * FROM analytics.erasure_guards_for($1, $2)";
    private static final String LOOKUP = """
            SELECT customer_hash, erased_at FROM analytics.erased_customers
            WHERE tenant_id = ANY($1) AND customer_hash = ANY($2)
            """;
    private final Timer screening;
    private final Counter skipped;

    public ErasureGuards(MeterRegistry registry) {
        this.screening = Timer.builder("projection.batch.guard")
                .description("A batch's erasure-guard step: locks and lookups").register(registry);
        this.skipped = Counter.builder("projection.erased_records_skipped")
                .description("Records about erased customers produced before their erase").register(registry);
    }

    /** The records to project, in order, within the transaction of {@code conn}. */
    public <T extends Guarded> Uni<List<T>> admit(SqlConnection conn, List<T> records) {
        Map<String, Set<String>> customers = new TreeMap<>();
        for (T r : records) {
            Set<String> ids = customers.computeIfAbsent(r.tenant(), t -> new HashSet<>());
            if (r.customerId() != null) {
                ids.add(r.customerId());
            }
        }
        if (customers.isEmpty()) {
            return Uni.createFrom().item(records);
        }
        long started = System.nanoTime();
        return conn.preparedQuery(GUARDS).execute(Tuple.tuple()
                .addArrayOfString(customers.keySet().toArray(String[]::new))
                .addArrayOfInteger(customers.values().stream().map(Set::size).toArray(Integer[]::new)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(records);
                    }
                    Set<String> guarded = new HashSet<>();
                    Map<String, Instant> erased = new HashMap<>();
                    Set<String> many = new TreeSet<>();
                    for (Row row : rows) {
                        guarded.add(row.getString(0));
                        if (row.getString(1) == null) {
                            many.add(row.getString(0));
                        } else {
                            erased.put(row.getString(1), row.getOffsetDateTime(2).toInstant());
                        }
                    }
                    customers.keySet().retainAll(guarded);
                    return screen(conn, records, customers, erased, many);
                }).invoke(() -> screening.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    }

    // the customers of the tenants with guards are hashed; those of tenants with many guards looked up by hash
    private <T extends Guarded> Uni<List<T>> screen(SqlConnection conn, List<T> records,
            Map<String, Set<String>> customers, Map<String, Instant> erased, Set<String> many) {
        Map<String, String> hashes = new HashMap<>();
        List<String> toLookUp = new ArrayList<>();
        for (Map.Entry<String, Set<String>> tenant : customers.entrySet()) {
            boolean listed = !many.contains(tenant.getKey());
            for (String customer : tenant.getValue()) {
                String hash = CustomerHash.of(tenant.getKey(), customer);
                hashes.put(key(tenant.getKey(), customer), hash);
                if (!listed) {
                    toLookUp.add(hash);
                }
            }
        }
        Uni<Void> looked = toLookUp.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(LOOKUP)
                        .execute(Tuple.tuple().addArrayOfString(many.toArray(String[]::new))
                                .addArrayOfString(toLookUp.toArray(String[]::new)))
                        .invoke(rows -> rows
                                .forEach(r -> erased.put(r.getString(0), r.getOffsetDateTime(1).toInstant())))
                        .replaceWithVoid();
        return looked.map(done -> {
            List<T> kept = new ArrayList<>(records.size());
            for (T r : records) {
                String hash = r.customerId() == null ? null : hashes.get(key(r.tenant(), r.customerId()));
                Instant erasedAt = hash == null ? null : erased.get(hash);
                // a record without a timestamp (-1) cannot show it is newer: treated as older
                if (erasedAt != null && !Instant.ofEpochMilli(r.producedAt()).isAfter(erasedAt)) {
                    skipped.increment();
                } else {
                    kept.add(r);
                }
            }
            if (kept.size() < records.size()) {
                LOG.debugf("Skipped %d records about erased customers", records.size() - kept.size());
            }
            return kept;
        });
    }

    private static String key(String tenant, String customer) {
        return tenant + '\u0000' + customer;
    }
}
