package dev.clv.gateway.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.clv.gateway.config.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Takes entries off the request path: {@link #offer} only puts an entry in a bounded queue (never blocks, never
 * touches the database), and one writer thread per replica writes what is queued every {@code flush-every}, in
 * batches of at most {@code batch-size}. A batch the database refuses is kept and tried again, in order. When the
 * queue is full (the database slow or away for long) an entry is dropped, counted in {@code audit.dropped} and logged
 * as an error: holding requests instead would let an audit outage stop the platform. What is queued at shutdown is
 * written before the replica stops, for at most {@code drain-on-shutdown}.
 */
@ApplicationScoped
public class AuditWriter {
    private static final Logger LOG = Logger.getLogger(AuditWriter.class);

    private final AuditStore store;
    private final AuditConfig config;
    private final ArrayBlockingQueue<AuditEntry> queue;
    private final List<AuditEntry> pending = new ArrayList<>();
    private final AuditDrops drops;
    private final Counter written;
    private ScheduledExecutorService thread;

    public AuditWriter(AuditStore store, AuditConfig config, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueSize());
        this.drops = new AuditDrops(registry);
        this.written = Counter.builder("audit.written").description("Audit entries written").register(registry);
        registry.gauge("audit.queued", queue, ArrayBlockingQueue::size);
    }

    void start(@Observes StartupEvent event) {
        long every = config.flushEvery().toMillis();
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "audit-writer"));
        thread.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    /** Queues an entry for writing; safe on the event loop. */
    public void offer(AuditEntry entry) {
        if (queue.offer(entry)) {
            return;
        }
        drops.queueFull(entry, queue.size());
    }

    /** Writes everything queued; false when the database refused a batch (it is kept for the next try). */
    public synchronized boolean flush() {
        while (true) {
            if (pending.isEmpty() && queue.drainTo(pending, config.batchSize()) == 0) {
                return true;
            }
            try {
                store.append(pending);
                written.increment(pending.size());
            } catch (SQLException | RuntimeException e) {
                if (!refusesData(e)) {
                    LOG.warnf("audit batch of %d not written yet, kept for the next try (%d more queued): %s",
                            pending.size(), queue.size(), e.toString());
                    return false;
                }
                if (!writeOneByOne()) {
                    return false;
                }
            }
            pending.clear();
        }
    }

    /**
     * A batch holding a value the database refuses (SQLSTATE class 22) would be tried again for ever and hold up
     * every later entry: its entries are written one by one, and only the refused ones are dropped, loudly.
     */
    private boolean writeOneByOne() {
        for (Iterator<AuditEntry> it = pending.iterator(); it.hasNext();) {
            AuditEntry entry = it.next();
            try {
                store.append(List.of(entry));
                written.increment();
            } catch (SQLException | RuntimeException e) {
                if (!refusesData(e)) {
                    return false;
                }
                drops.refused(entry, e);
            }
            it.remove();
        }
        return true;
    }

    private static boolean refusesData(Exception e) {
        return e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22");
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
    }

    /** Writes what is queued, trying again until it is written or {@code drain-on-shutdown} has passed. */
    public synchronized void drain() {
        long deadline = System.currentTimeMillis() + config.drainOnShutdown().toMillis();
        while (!flush() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(config.flushEvery().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drops.unwritten(pending.size() + queue.size());
    }
}
