package dev.clv.ingestion.privacy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.privacy.CustomerHash;
import dev.clv.ingestion.ingest.SuppressedCustomers;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which customers of a write are suppressed: one query per request (by hash), and none while the tenant is known
 * to suppress no one. That knowledge is kept {@code clv.privacy.suppression-cache-for} and forgotten at once when
 * this process changes the tenant's suppressions; another replica's change reaches it when it expires.
 */
@ApplicationScoped
public class Suppressions implements SuppressedCustomers {
    private static final String LOOKUP = """
            SELECT EXISTS (SELECT 1 FROM ingestion.suppressed_customers WHERE tenant_id = $1),
              ARRAY(SELECT customer_hash FROM ingestion.suppressed_customers
                WHERE tenant_id = $1 AND customer_hash = ANY($2::text[]))
            """;
    private static final int MAX_REMEMBERED = 10_000;
    private final Pool pool;
    private final long trustNanos;
    private final Map<String, Long> noneUntil = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public Suppressions(Pool pool, PrivacyConfig config) {
        this.pool = pool;
        this.trustNanos = config.suppressionCacheFor().toNanos();
    }

    @Override
    public Set<String> among(String tenant, Stream<String> customerIds) {
        Long until = noneUntil.get(tenant);
        if (until != null && until - System.nanoTime() > 0) {
            return Set.of();
        }
        long seen = changes.get();
        Map<String, String> byHash = new HashMap<>();
        customerIds.distinct().forEach(id -> byHash.put(CustomerHash.of(tenant, id), id));
        if (byHash.isEmpty()) {
            return Set.of(); // a write naming no customer (products)
        }
        Row answer = pool.preparedQuery(LOOKUP).execute(Tuple.of(tenant, byHash.keySet().toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next();
        if (!answer.getBoolean(0)) {
            remember(tenant, seen);
        }
        Set<String> suppressed = new HashSet<>();
        for (String hash : answer.getArrayOfStrings(1)) {
            suppressed.add(byHash.get(hash));
        }
        return suppressed;
    }

    // not when a suppression of this process happened meanwhile: the answer may predate it
    private void remember(String tenant, long seen) {
        if (noneUntil.size() > MAX_REMEMBERED) {
            long now = System.nanoTime();
            noneUntil.values().removeIf(until -> until - now <= 0);
        }
        noneUntil.compute(tenant, (t, old) -> changes.get() == seen ? System.nanoTime() + trustNanos : old);
    }

    /** The tenant's suppressions changed here (called once committed): ask the database again from now on. */
    void changed(String tenant) {
        changes.incrementAndGet();
        noneUntil.remove(tenant);
    }
}
