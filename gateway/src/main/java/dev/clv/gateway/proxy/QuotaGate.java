package dev.clv.gateway.proxy;

import jakarta.enterprise.context.ApplicationScoped;

import dev.clv.contracts.problem.Problem;
import dev.clv.gateway.client.Client;
import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.config.RateLimitConfig;
import dev.clv.gateway.ratelimit.Charge;
import dev.clv.gateway.ratelimit.Meter;
import dev.clv.gateway.ratelimit.RateDecision;
import dev.clv.gateway.ratelimit.RateLimiter;
import io.vertx.ext.web.RoutingContext;

/**
 * Reserves a call's estimated cost from its tenant's quota before it goes anywhere, and tells the client where the
 * quota stands: the {@code RateLimit-Policy} (every policy held, e.g. the hour's calls and the minute's) and
 * {@code RateLimit} (the policy nearest to refusing) headers on every answer, a 429 when the call does not fit.
 */
@ApplicationScoped
public class QuotaGate {
    private static final String CHARGE = "clv.quota.charge";
    private final RateLimiter limiter;
    private final RateLimitConfig config;

    public QuotaGate(RateLimiter limiter, GatewayConfig config) {
        this.limiter = limiter;
        this.config = config.rateLimits();
    }

    /** The call's reservation; a refused one ({@code decision().allowed()} false) reserved nothing. */
    Charge admit(RoutingContext rc, Meter meter, Client client) {
        Meter.Estimate estimate = meter.estimate(rc.request(), config);
        Charge charge = limiter.admit(client.tenant(), client.tier(), meter, estimate);
        if (rc.get(CHARGE) == null) {
            // written when the answer's head goes out, so that it shows the settled cost when the answer settles
            // it, and the last admission's when the call was admitted again
            rc.addHeadersEndHandler(v -> {
                Charge last = rc.get(CHARGE);
                rc.response().putHeader("RateLimit-Policy", String.join(", ", last.decisions().stream()
                        .map(RateDecision::policyHeader).toList()))
                        .putHeader("RateLimit", last.tightest().limitHeader());
            });
        }
        rc.put(CHARGE, charge);
        return charge;
    }

    /**
     * A refusal that {@link Charge#mayBeStale() may be stale} is admitted again once the replicas have synced, and
     * {@code then} gets that second answer; any other charge goes to {@code then} at once.
     */
    void recheckIfStale(RoutingContext rc, Meter meter, Client client, Charge charge,
            java.util.function.Consumer<Charge> then) {
        if (!charge.mayBeStale()) {
            then.accept(charge);
            return;
        }
        rc.vertx().setTimer(limiter.recheckMillis(), timer -> {
            if (!rc.response().closed()) {
                then.accept(admit(rc, meter, client));
            }
        });
    }

    /** The 429 for a refused reservation, with {@code Retry-After} set to the window's end. */
    Problem refusal(RoutingContext rc, Charge charge, Client client) {
        RateDecision d = charge.refusedBy();
        rc.response().putHeader("Retry-After", Long.toString(d.resetSeconds()));
        if (d.policy().equals(RateLimiter.PER_MINUTE)) {
            return Problem.of(429, "Too Many Requests", "The per-minute limit allows " + d.quota() + " calls per "
                    + d.windowSeconds() + " s; it resets in " + d.resetSeconds() + " s.");
        }
        String needs = "";
        if (charge.meter() != Meter.CALLS) {
            needs = "; " + d.remaining() + " remain, and this call needs " + (charge.estimate().known()
                    ? charge.estimate().atLeast() + " (" + basis(charge.meter()) + ")"
                    : "some");
        }
        return Problem.of(429, "Too Many Requests", "The " + client.tier() + " tier allows " + d.quota() + " "
                + d.policy() + " per " + d.windowSeconds() + " s" + needs + "; the quota resets in "
                + d.resetSeconds() + " s.");
    }

    private String basis(Meter meter) {
        return meter == Meter.SAMPLE_DATA
                ? config.sampleRowsPerCustomer() + " rows per customer"
                : "a row per " + config.bytesPerRow() + " bytes of its body, at most " + config.maxRowsPerWrite();
    }
}
