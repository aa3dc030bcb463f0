package dev.clv.analytics.query.snapshot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per tenant, when a failed background job may be tried again: the wait doubles from a first to a longest. */
final class FailureBackoff {
    private record Failing(int times, long notBefore) {
    }

    private final Duration first;
    private final Duration longest;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    FailureBackoff(Duration first, Duration longest) {
        this.first = first;
        this.longest = longest;
    }

    boolean mayTry(String tenant) {
        Failing f = failing.get(tenant);
        return f == null || System.nanoTime() - f.notBefore() >= 0;
    }

    void succeeded(String tenant) {
        failing.remove(tenant);
    }

    /** Records a failure; answers how long the tenant now waits. */
    Duration failed(String tenant) {
        Failing f = failing.compute(tenant, (t, was) -> {
            int times = was == null ? 1 : was.times() + 1;
            long wait = Math.min(first.toNanos() << Math.min(times - 1, 20), longest.toNanos());
            return new Failing(times, System.nanoTime() + wait);
        });
        return Duration.ofNanos(Math.min(first.toNanos() << Math.min(f.times() - 1, 20), longest.toNanos()));
    }
}
