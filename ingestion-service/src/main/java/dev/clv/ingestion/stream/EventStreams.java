package dev.clv.ingestion.stream;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.config.IngestionConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The live event stream of this replica: every tenant's recent events as {@link StreamConsumer} reads them from
 * {@code events.v1}, handed to the tenant's open streams as they come and kept for a resume. Also the count of open
 * streams (per tenant and overall) and the heartbeats.
 * <p>
 * Order and exactness: an event is buffered and queued to the tenant's streams under the tenant's lock, together
 * with this replica's read position ({@link StreamIds}); a stream opens (replay included) under the same lock, so it
 * gets every event read after it opened, none twice, in the order they were read.
 */
@ApplicationScoped
public class EventStreams {
    private static final Logger LOG = Logger.getLogger(EventStreams.class);
    private final IngestionConfig.Stream config;
    private final TenantEvents.Limits limits;
    private final ConcurrentHashMap<String, TenantEvents> tenants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> openPerTenant = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final MeterRegistry registry;
    private final Counter sent;
    private final Counter slow;
    /** Replaced whole when partitions are found; written by the consumer's thread only. */
    private volatile Positions positions = new Positions(new AtomicLongArray(0), new long[0]);
    private volatile boolean ready;

    @Inject
    public EventStreams(IngestionConfig ingestion, MeterRegistry registry) {
        this(ingestion.stream(), registry);
    }

    EventStreams(IngestionConfig.Stream config, MeterRegistry registry) {
        this.config = config;
        this.limits = new TenantEvents.Limits(config.bufferEvents(), config.bufferBytes().asLongValue());
        this.registry = registry;
        Gauge.builder("ingestion.stream.connections", open, AtomicInteger::get)
                .description("Live event streams open on this replica").register(registry);
        Gauge.builder("ingestion.stream.buffered_events", tenants, EventStreams::buffered)
                .description("Events kept for resumes, all tenants").register(registry);
        this.sent = Counter.builder("ingestion.stream.events_sent").description("Events written to live streams")
                .register(registry);
        this.slow = Counter.builder("ingestion.stream.slow_clients")
                .description("Streams ended because their client let too many messages wait").register(registry);
    }

    // ---- the HTTP side

    /** A place for one more stream of the tenant, or a problem: not ready (503), too many (429, 503). */
    StreamConnection.Slot acquire(String tenant) {
        if (!ready) {
            refused("starting");
            throw ProblemException.unavailable("The live event stream is starting on this replica; connect again "
                    + "shortly.", 1);
        }
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            refused("replica_limit");
            throw ProblemException.unavailable("This replica serves as many live event streams as it allows ("
                    + config.maxConnections() + "); connect again shortly.", 5);
        }
        AtomicInteger mine = openPerTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (mine.incrementAndGet() > config.maxPerTenant()) {
            mine.decrementAndGet();
            open.decrementAndGet();
            refused("tenant_limit");
            throw new ProblemException(Problem.of(429, "Too Many Requests", "This tenant already has "
                    + config.maxPerTenant() + " live event streams open here; close one before opening another."), 5);
        }
        return new StreamConnection.Slot(mine, open);
    }

    /**
     * The messages of a new stream, from the moment it is subscribed: a {@code reset} if the client's position
     * cannot be resumed exactly, the buffered events it missed, {@code : connected} with the current id, then
     * events as they are read and heartbeats. Written on the caller's event loop.
     */
    Multi<StreamMessage> connect(StreamConnection.Slot slot, String tenant, String eventType, String customerId,
            String lastEventId) {
        boolean resumes = lastEventId != null && !lastEventId.isBlank();
        long[] from = resumes ? StreamIds.parse(lastEventId.strip()) : null;
        StreamConnection conn = new StreamConnection(tenant, slot, eventType, customerId, config.maxPending());
        Multi<StreamMessage> messages = Multi.createFrom().<StreamMessage>emitter(em -> {
            conn.attach(em);
            em.onTermination(() -> close(conn));
            open(conn, from, resumes && from == null);
        }, BackPressureStrategy.BUFFER);
        Context context = Vertx.currentContext();
        if (context != null) {
            messages = messages.emitOn(task -> context.runOnContext(v -> task.run()));
        }
        return messages.onItem().invoke(m -> {
            conn.taken();
            if (m.isEvent()) {
                sent.increment();
            }
        });
    }

    private void open(StreamConnection conn, long[] from, boolean unreadable) {
        TenantEvents t = tenant(conn.tenant);
        synchronized (t) {
            t.trim(oldest());
            Positions at = positions;
            long[] next = at.snapshot();
            if (unreadable) {
                reset(conn, "unknown_id", "Last-Event-ID is not an id of this stream; events from now on follow.");
            } else if (from != null) {
                if (t.misses(from, at.coveredFrom)) {
                    reset(conn, "missed", "Some events after Last-Event-ID are no longer held here and are missing; "
                            + "the ones still held follow.");
                }
                conn.resumeFrom(from);
                for (LiveEvent e : t.buffered()) {
                    conn.replay(e);
                }
            }
            conn.sendNow(StreamMessage.connected(conn.idAt(next, StreamIds.encode(next))));
            t.connections.add(conn);
        }
        LOG.debugf("A live event stream of tenant %s opened (%d here)", conn.tenant, open.get());
    }

    private void reset(StreamConnection conn, String reason, String detail) {
        registry.counter("ingestion.stream.resets", "reason", reason).increment();
        conn.sendNow(StreamMessage.reset(reason, detail));
    }

    /** Forgets a stream that ended (its client left, it was cut off, the process stops); true the first time. */
    private boolean close(StreamConnection conn) {
        if (!conn.close()) {
            return false;
        }
        TenantEvents t = tenants.get(conn.tenant);
        if (t != null) {
            t.connections.remove(conn);
        }
        conn.slot.release();
        LOG.debugf("A live event stream of tenant %s closed (%d here)", conn.tenant, open.get());
        return true;
    }

    private void slowClient(StreamConnection conn) {
        slow.increment();
        LOG.debugf("A live event stream of tenant %s was ended: its client let too many messages wait", conn.tenant);
        close(conn);
    }

    /** A heartbeat with the current id on every stream, and the buffers' age limit applied. */
    @Scheduled(every = "${ingestion.stream.heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        long oldest = oldest();
        for (TenantEvents t : tenants.values()) {
            synchronized (t) {
                t.trim(oldest);
                if (t.connections.isEmpty()) {
                    continue;
                }
                long[] next = positions.snapshot();
                String id = StreamIds.encode(next);
                for (StreamConnection conn : t.connections) {
                    if (!conn.send(StreamMessage.heartbeat(conn.idAt(next, id)))) {
                        slowClient(conn);
                    }
                }
            }
        }
    }

    // ---- the Kafka side (StreamConsumer's thread)

    /** Whether new streams are served: the consumer has read what was on the topics when it started. */
    boolean ready() {
        return ready;
    }

    void markReady() {
        if (!ready) {
            ready = true;
            long[] from = positions.coveredFrom;
            LOG.infof("The live event stream is ready (events.v1 read from %s)", from.length == 0
                    ? "its first record: it has no partitions yet"
                    : StreamIds.encode(from));
        }
    }

    /** This replica's read position in a partition, or -1 if it has not found it yet. */
    long position(int partition) {
        Positions at = positions;
        return partition < at.next.length() ? at.next.get(partition) : -1;
    }

    /** Partitions of {@code events.v1} found, each with the offset reading starts at; known ones are kept. */
    void partitionsFound(Map<Integer, Long> startAt) {
        Positions at = positions;
        int size = Math.max(at.next.length(), startAt.keySet().stream().mapToInt(p -> p + 1).max().orElse(0));
        if (size == at.next.length()) {
            return;
        }
        AtomicLongArray next = new AtomicLongArray(size);
        long[] covered = Arrays.copyOf(at.coveredFrom, size);
        for (int p = 0; p < size; p++) {
            long start = p < at.next.length() ? at.next.get(p) : startAt.getOrDefault(p, 0L);
            next.set(p, start);
            if (p >= at.next.length()) {
                covered[p] = start;
            }
        }
        positions = new Positions(next, covered);
    }

    /** Everything in the partition below {@code next} has been read (and appended). */
    void advance(int partition, long next) {
        Positions at = positions;
        if (partition < at.next.length() && next > at.next.get(partition)) {
            at.next.set(partition, next);
        }
    }

    /**
     * One record of {@code events.v1}, read at {@code partition}/{@code offset}, of the tenant and customer of its key;
     * {@code timestamp} is when Kafka took it. Its value is read only when a stream needs it.
     */
    void append(String tenant, String customerId, int partition, long offset, long timestamp, byte[] value) {
        TenantEvents t = tenant(tenant);
        synchronized (t) {
            advance(partition, offset + 1);
            if (t.forgets(customerId, timestamp)) {
                return;
            }
            long[] next = positions.snapshot();
            LiveEvent e = new LiveEvent(customerId, partition, offset, timestamp, value, next,
                    StreamIds.encode(next));
            t.add(e, limits);
            for (StreamConnection conn : t.connections) {
                if (!conn.offer(e)) {
                    slowClient(conn);
                }
            }
        }
    }

    /**
     * Customers erased or suppressed at {@code at} (epoch ms): their buffered events go, and so do those read later
     * that Kafka took before then; none of them is sent again. Answers how many buffered events went.
     */
    public int forget(String tenant, Collection<String> customerIds, long at) {
        if (customerIds.isEmpty()) {
            return 0;
        }
        TenantEvents t = tenant(tenant);
        synchronized (t) {
            return t.forget(customerIds, at);
        }
    }

    /** Events read later than this (epoch ms of Kafka's timestamp) are too old to keep or send. */
    long oldest() {
        return System.currentTimeMillis() - config.bufferAge().toMillis();
    }

    private TenantEvents tenant(String tenant) {
        return tenants.computeIfAbsent(tenant, TenantEvents::new);
    }

    private void refused(String reason) {
        registry.counter("ingestion.stream.refused", "reason", reason).increment();
    }

    private static double buffered(Map<String, TenantEvents> tenants) {
        long n = 0;
        for (TenantEvents t : tenants.values()) {
            n += t.size(); // a racy read of a gauge: close enough
        }
        return n;
    }

    /** Ends every stream cleanly at shutdown; clients resume on another replica. */
    @PreDestroy
    void endAll() {
        for (TenantEvents t : tenants.values()) {
            synchronized (t) {
                for (StreamConnection conn : t.connections) {
                    conn.end();
                }
            }
        }
    }

    /** Per partition of {@code events.v1}: the next offset to read, and where this replica started reading. */
    private record Positions(AtomicLongArray next, long[] coveredFrom) {
        long[] snapshot() {
            long[] out = new long[next.length()];
            for (int p = 0; p < out.length; p++) {
                out[p] = next.get(p);
            }
            return out;
        }
    }
}
