package dev.clv.gateway.audit;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Makes every lost audit entry seen: counted in {@code audit.dropped}, and logged as an error. */
final class AuditDrops {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    private final Counter dropped;
    private final AtomicLong lastLogged = new AtomicLong();

    AuditDrops(MeterRegistry registry) {
        this.dropped = Counter.builder("audit.dropped").description("Audit entries lost (queue full, refused, "
                + "or still queued when the replica stopped); any is an incident").register(registry);
    }

    /** An entry the full queue could not take. */
    void queueFull(AuditEntry entry, int queued) {
        dropped.increment();
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        // at most one line a second: a full queue under load would otherwise bury the log it must stand out in
        if (now - last >= 1000 && lastLogged.compareAndSet(last, now)) {
            LOG.errorf("AUDIT ENTRY DROPPED: the audit queue (%d) is full, the database is too slow or away; "
                    + "%.0f dropped so far (audit.dropped). Lost: %s %s of tenant %s, request %s", queued,
                    dropped.count(), entry.action(), entry.target(), entry.tenant(), entry.requestId());
        }
    }

    /** An entry holding a value the database refuses. */
    void refused(AuditEntry entry, Exception e) {
        dropped.increment();
        LOG.errorf("AUDIT ENTRY DROPPED: the database refuses it (%s): %s %s of tenant %s, request %s",
                e.getMessage(), entry.action(), entry.target(), entry.tenant(), entry.requestId());
    }

    /** Entries still queued when the replica stopped. */
    void unwritten(int count) {
        if (count > 0) {
            dropped.increment(count);
            LOG.errorf("AUDIT ENTRIES DROPPED: %d entries could not be written before shutdown", count);
        }
    }
}
