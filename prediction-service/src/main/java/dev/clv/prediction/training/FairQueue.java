package dev.clv.prediction.training;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Work queued per tenant and handed out round-robin over the tenants, so that one tenant queueing many jobs delays
 * another's next job by at most one of its own, not by all of them; each tenant may have a bounded number waiting.
 */
final class FairQueue {
    private final int perTenant;
    // insertion order is the round: a tenant served goes to the back
    private final Map<String, Deque<Runnable>> waiting = new LinkedHashMap<>();

    FairQueue(int perTenant) {
        this.perTenant = perTenant;
    }

    /** Queues {@code work} for {@code tenant}; false, queueing nothing, when the tenant already has its share. */
    synchronized boolean offer(String tenant, Runnable work) {
        Deque<Runnable> mine = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        if (mine.size() >= perTenant) {
            return false;
        }
        mine.add(work);
        return true;
    }

    /** The next work: the first of the tenant whose turn it is, or null when nothing waits. */
    synchronized Runnable next() {
        Iterator<Map.Entry<String, Deque<Runnable>>> it = waiting.entrySet().iterator();
        if (!it.hasNext()) {
            return null;
        }
        Map.Entry<String, Deque<Runnable>> turn = it.next();
        it.remove();
        Runnable work = turn.getValue().poll();
        if (!turn.getValue().isEmpty()) {
            waiting.put(turn.getKey(), turn.getValue());
        }
        return work;
    }
}
