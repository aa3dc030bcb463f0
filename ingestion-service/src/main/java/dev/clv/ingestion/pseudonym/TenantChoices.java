package dev.clv.ingestion.pseudonym;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The fields each tenant chose, as the write path reads them: from memory, asked of the database at most once per
 * {@code clv.pseudonymisation.cache-for} per tenant (an answer of "none" is remembered too). A change made through
 * this replica replaces its entry at once; one made through another replica is read here when the entry expires.
 */
@ApplicationScoped
public class TenantChoices {
    private static final int MAX_REMEMBERED = 10_000;
    private final PseudonymStore store;
    private final long trustNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    private record Entry(ChosenFields fields, long until) {
    }

    public TenantChoices(PseudonymStore store, PseudonymConfig config) {
        this.store = store;
        this.trustNanos = config.cacheFor().toNanos();
    }

    /** The tenant's fields now. Blocking when the entry expired: one query by primary key. */
    ChosenFields of(String tenant) {
        Entry entry = entries.get(tenant);
        if (entry != null && entry.until() - System.nanoTime() > 0) {
            return entry.fields();
        }
        long seen = changes.get();
        ChosenFields read = store.find(tenant).map(s -> ChosenFields.of(s.fields())).orElse(ChosenFields.NONE);
        if (entries.size() > MAX_REMEMBERED) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> e.until() - now <= 0);
        }
        // not over a change made here meanwhile: this read may predate its commit
        entries.compute(tenant, (t, old) -> changes.get() == seen ? fresh(read) : old);
        return read;
    }

    /** The tenant's choice changed here (called once committed): it applies to every write from now on. */
    void changed(String tenant, ChosenFields fields) {
        entries.compute(tenant, (t, old) -> {
            changes.incrementAndGet();
            return fresh(fields);
        });
    }

    private Entry fresh(ChosenFields fields) {
        return new Entry(fields, System.nanoTime() + trustNanos);
    }
}
