package dev.clv.ingestion.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One open stream: its tenant, filters and the messages waiting for its client. Messages are queued under the
 * tenant's lock, so a stream gets them in the order the tenant's events were read; they are written on the
 * connection's event loop. A client that lets more than {@code max-pending} messages wait is cut off after them
 * (it resumes where it stopped).
 */
final class StreamConnection {
    final String tenant;
    final Slot slot;
    private final String eventType;
    private final String customerId;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private MultiEmitter<? super StreamMessage> emitter;
    /** Under the tenant's lock: what the client had already seen when it resumed, until this replica is past it. */
    private long[] from;
    /** Under the tenant's lock: cut off, nothing more is queued. */
    private boolean ended;

    StreamConnection(String tenant, Slot slot, String eventType, String customerId, int maxPending) {
        this.tenant = tenant;
        this.slot = slot;
        this.eventType = eventType;
        this.customerId = customerId;
        this.maxPending = maxPending;
    }

    void attach(MultiEmitter<? super StreamMessage> emitter) {
        this.emitter = emitter;
    }

    void resumeFrom(long[] seen) {
        this.from = seen;
    }

    /** Whether the client wants the event and has not seen it. */
    private boolean wants(LiveEvent e) {
        return (customerId == null || customerId.equals(e.customerId))
                && (from == null || e.offset >= StreamIds.at(from, e.partition))
                && (eventType == null || eventType.equals(e.eventType()))
                && e.data() != null;
    }

    /** Queues an event the client wants and has not seen; false if the client is too slow to take it. */
    boolean offer(LiveEvent e) {
        if (ended || !wants(e)) {
            return true;
        }
        return send(StreamMessage.event(e, idAt(e.next, e.id)));
    }

    /** Queues a buffered event for a resume: the buffer bounds these, so they do not count as waiting too long. */
    void replay(LiveEvent e) {
        if (!ended && wants(e)) {
            pending.incrementAndGet();
            emitter.emit(StreamMessage.event(e, idAt(e.next, e.id)));
        }
    }

    /**
     * The id of a message sent when this replica had read up to {@code next}: {@code id} itself, unless the client
     * resumed from a point this replica has not reached everywhere yet (another replica served it before), whose
     * offsets it keeps where they are later.
     */
    String idAt(long[] next, String id) {
        if (from == null) {
            return id;
        }
        if (StreamIds.covers(next, from)) {
            from = null;
            return id;
        }
        return StreamIds.encode(StreamIds.max(next, from));
    }

    /**
     * Queues a message; false when this message would make more than {@code max-pending} wait: the stream is then
     * ended after what it queued, and nothing more is queued.
     */
    boolean send(StreamMessage message) {
        if (ended) {
            return true;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            ended = true;
            emitter.complete();
            return false;
        }
        emitter.emit(message);
        return true;
    }

    /** Sends a message whatever waits already (a reset, a few at most). */
    void sendNow(StreamMessage message) {
        if (!ended) {
            pending.incrementAndGet();
            emitter.emit(message);
        }
    }

    /** A message left the queue for the client. */
    void taken() {
        pending.decrementAndGet();
    }

    /** Ends the stream from this side (shutdown). */
    void end() {
        ended = true;
        emitter.complete();
    }

    /** True the first time only. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    /** A stream's place in the per-tenant and overall counts; given back once, however the stream ends. */
    static final class Slot {
        private final AtomicInteger tenantCount;
        private final AtomicInteger total;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(AtomicInteger tenantCount, AtomicInteger total) {
            this.tenantCount = tenantCount;
            this.total = total;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                tenantCount.decrementAndGet();
                total.decrementAndGet();
            }
        }
    }
}
