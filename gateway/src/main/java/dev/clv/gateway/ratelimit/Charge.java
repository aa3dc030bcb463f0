package dev.clv.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted call's reservation, settled exactly once to what the call finally cost. */
public final class Charge {
    private final RateLimiter limiter;
    private final RateDecision decision;
    private final Meter meter;
    private final Meter.Estimate estimate;
    private final AtomicBoolean settled = new AtomicBoolean();

    Charge(RateLimiter limiter, RateDecision decision, Meter meter, Meter.Estimate estimate) {
        this.limiter = limiter;
        this.decision = decision;
        this.meter = meter;
        this.estimate = estimate;
    }

    public RateDecision decision() {
        return decision;
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
