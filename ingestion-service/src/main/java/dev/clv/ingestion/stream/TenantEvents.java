package dev.clv.ingestion.stream;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One tenant's share of the stream on this replica: its recent events (a bounded buffer for resumes, oldest first,
 * in the order this replica read them), its open streams, what the buffer dropped, and the customers erased or
 * suppressed lately. Every method runs under the object's lock, which {@link EventStreams} holds.
 */
final class TenantEvents {
    final String tenant;
    /** Iterated while a message is sent to each stream; a stream may leave meanwhile. */
    final CopyOnWriteArrayList<StreamConnection> connections = new CopyOnWriteArrayList<>();
    private final ArrayDeque<LiveEvent> buffer = new ArrayDeque<>();
    private long bytes;
    /** Per partition, the highest offset of an event of this tenant the buffer let go of (-1: none). */
    private long[] evictedUpTo = new long[0];
    /** Customer id to the time (epoch ms) of their erase or suppression: their events taken by Kafka before it go. */
    private final Map<String, Long> forgotten = new HashMap<>();

    TenantEvents(String tenant) {
        this.tenant = tenant;
    }

    /** Whether the event is of a customer erased or suppressed after Kafka took it. */
    boolean forgets(String customerId, long timestamp) {
        Long at = forgotten.get(customerId);
        return at != null && timestamp <= at;
    }

    void add(LiveEvent e, Limits limits) {
        buffer.addLast(e);
        bytes += e.bytes();
        while (buffer.size() > limits.events() || bytes > limits.bytes()) {
            evict();
        }
    }

    /** Lets go of the events (and erasures) older than the buffer keeps. */
    void trim(long oldest) {
        while (!buffer.isEmpty() && buffer.peekFirst().timestamp < oldest) {
            evict();
        }
        // an erasure is kept as long as an event Kafka took before it could still be read and buffered
        forgotten.values().removeIf(at -> at < oldest - 60_000);
    }

    private void evict() {
        LiveEvent e = buffer.pollFirst();
        bytes -= e.bytes();
        if (e.partition >= evictedUpTo.length) {
            int from = evictedUpTo.length;
            evictedUpTo = Arrays.copyOf(evictedUpTo, e.partition + 1);
            Arrays.fill(evictedUpTo, from, evictedUpTo.length, -1);
        }
        evictedUpTo[e.partition] = Math.max(evictedUpTo[e.partition], e.offset);
    }

    /** Takes the customers' events out of the buffer and drops those read later that Kafka took before {@code at}. */
    int forget(Collection<String> customerIds, long at) {
        for (String c : customerIds) {
            forgotten.merge(c, at, Math::max);
        }
        int before = buffer.size();
        buffer.removeIf(e -> {
            boolean gone = forgets(e.customerId, e.timestamp);
            if (gone) {
                bytes -= e.bytes();
            }
            return gone;
        });
        return before - buffer.size();
    }

    /**
     * Whether events a client that has seen everything below {@code from} should get may be missing here: this
     * replica started reading a partition after that point, or the buffer let go of an event of the tenant at or
     * past it.
     */
    boolean misses(long[] from, long[] coveredFrom) {
        for (int p = 0; p < coveredFrom.length; p++) {
            if (StreamIds.at(from, p) < coveredFrom[p]) {
                return true;
            }
        }
        for (int p = 0; p < evictedUpTo.length; p++) {
            if (evictedUpTo[p] >= StreamIds.at(from, p)) {
                return true;
            }
        }
        return false;
    }

    Iterable<LiveEvent> buffered() {
        return buffer;
    }

    int size() {
        return buffer.size();
    }

    /** What a tenant's buffer may hold. */
    record Limits(int events, long bytes) {
    }
}
