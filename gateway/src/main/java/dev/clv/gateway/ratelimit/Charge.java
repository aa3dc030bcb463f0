package dev.clv.gateway.ratelimit;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call's admission: its reservation under the window's quota, settled exactly once to what the call finally
 * cost, and where the optional per-minute limit stands (a call there costs one, whatever became of it).
 */
public final class Charge {
    private final RateLimiter limiter;
    private final RateDecision decision;
    private final RateDecision perMinute;
    private final Meter meter;
    private final Meter.Estimate estimate;
    private final AtomicBoolean settled = new AtomicBoolean();

    Charge(RateLimiter limiter, RateDecision decision, RateDecision perMinute, Meter meter, Meter.Estimate estimate) {
        this.limiter = limiter;
        this.decision = decision;
        this.perMinute = perMinute;
        this.meter = meter;
        this.estimate = estimate;
    }

    public RateDecision decision() {
        return decision;
    }

    /** Whether the call may go on: within its window's quota and, when there is one, its minute's. */
    public boolean allowed() {
        return decision.allowed() && (perMinute == null || perMinute.allowed());
    }

    /** The decision that refused the call (the window's first), or null when it was let in. */
    public RateDecision refusedBy() {
        return !decision.allowed() ? decision : perMinute != null && !perMinute.allowed() ? perMinute : null;
    }

    /**
     * Whether the window's quota refused the call on a view that other replicas' counts are part of. Those counts
     * include their calls' reservations (a write reserves a row per 16 bytes, several times its real rows) until
     * their next sync after the settlement, so the refusal may be wrong for up to one sync interval: found by the
     * scale-out drill, where a tenant was refused at 9,000 of 10,000 events. Such a refusal is checked again after
     * {@link RateLimiter#recheckMillis()} before it is answered (its {@code Retry-After} is the window's end).
     */
    public boolean mayBeStale() {
        return !decision.allowed() && decision.counter().othersCounted();
    }

    /** Every policy the call was held to, for {@code RateLimit-Policy}. */
    public List<RateDecision> decisions() {
        return perMinute == null ? List.of(decision) : List.of(decision, perMinute);
    }

    /** The policy nearest to refusing, which {@code RateLimit} reports: the refusing one, else the fewest left. */
    public RateDecision tightest() {
        RateDecision refused = refusedBy();
        return refused != null
                ? refused
                : decisions().stream()
                        .min(Comparator.comparingLong(RateDecision::remaining)
                                .thenComparing(Comparator.comparingLong(RateDecision::resetSeconds).reversed()))
                        .orElseThrow();
    }

    public Meter meter() {
        return meter;
    }

    public Meter.Estimate estimate() {
        return estimate;
    }

    /** Replaces the reservation by the call's cost as {@code outcome} says; later calls change nothing. */
    public void settle(Outcome outcome) {
        if (settled.compareAndSet(false, true)) {
            limiter.adjust(decision.counter(), meter.charge(outcome, decision.reserved()) - decision.reserved());
        }
    }
}
