package dev.clv.gateway.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.config.RateLimitConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Fixed-window quotas per client, decided in memory on the hot path and shared between replicas through
 * PostgreSQL: every sync interval each replica adds what it counted and reads back everyone's totals. Replicas
 * can therefore overshoot a quota by at most what they admit during one sync interval (documented in the README).
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final RateLimitConfig config;
    private final RateUsageRepository repository;
    private final ConcurrentHashMap<RateKey, RateCounter> counters = new ConcurrentHashMap<>();
    private final long windowMillis;
    private volatile long lastForget;

    public RateLimiter(GatewayConfig config, RateUsageRepository repository) {
        this.config = config.rateLimits();
        this.repository = repository;
        this.windowMillis = this.config.window().toMillis();
    }

    /** Whether the client may make this call; a {@code calls} admission counts it at once. */
    public RateDecision admit(String client, String tier, String policy) {
        long now = System.currentTimeMillis();
        long windowStart = now - now % windowMillis;
        RateKey key = new RateKey(client, policy, Instant.ofEpochMilli(windowStart));
        RateCounter counter = counters.computeIfAbsent(key, RateCounter::new);
        counter.touchedAt = now;
        long quota = quota(tier, policy);
        boolean allowed = counter.used() < quota;
        if (allowed && policy.equals("calls")) {
            counter.pending.incrementAndGet();
        }
        long reset = Math.max(1, (windowStart + windowMillis - now + 999) / 1000);
        return new RateDecision(allowed, policy, quota, windowMillis / 1000, reset, counter);
    }

    /** Charges rows an ingestion route received to the admission that let them in. */
    public void charge(RateDecision decision, long rows) {
        if (rows > 0) {
            decision.counter().pending.addAndGet(rows);
        }
    }

    private long quota(String tier, String policy) {
        RateLimitConfig.Tier quotas = config.tiers().get(tier);
        if (quotas == null) {
            quotas = config.tiers().get(config.defaultTier());
        }
        return policy.equals("events") ? quotas.events() : quotas.calls();
    }

    /** Adds this replica's counts to the shared table and takes every replica's totals back. */
    @Scheduled(every = "${gateway.rate-limits.sync-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sync() {
        long now = System.currentTimeMillis();
        long currentWindow = now - now % windowMillis;
        List<RateKey> keys = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        List<RateCounter> sent = new ArrayList<>();
        long activeSince = now - 4 * config.syncEvery().toMillis();
        for (RateCounter counter : counters.values()) {
            if (counter.key.windowStart().toEpochMilli() < currentWindow && counter.pending.get() == 0) {
                counters.remove(counter.key);
            } else if (counter.pending.get() > 0 || counter.touchedAt >= activeSince) {
                long delta = counter.pending.getAndSet(0);
                counter.inFlight = delta;
                keys.add(counter.key);
                deltas.add(delta);
                sent.add(counter);
            }
        }
        Uni<Void> forget = Uni.createFrom().voidItem();
        if (now - lastForget > windowMillis) {
            lastForget = now;
            forget = repository.forgetBefore(Instant.ofEpochMilli(currentWindow - windowMillis));
        }
        if (keys.isEmpty()) {
            return forget;
        }
        return forget.chain(() -> repository.add(keys, deltas)).map(totals -> {
            for (RateCounter counter : sent) {
                counter.shared = totals.getOrDefault(counter.key, counter.shared + counter.inFlight);
                counter.inFlight = 0;
            }
            return (Void) null;
        }).onFailure().recoverWithItem(failure -> {
            // keep counting locally: limits stay enforced per replica until the shared table answers again
            LOG.warnf("rate-limit sync failed, keeping %d counters local: %s", sent.size(), failure.toString());
            for (RateCounter counter : sent) {
                counter.pending.addAndGet(counter.inFlight);
                counter.inFlight = 0;
            }
            return null;
        });
    }
}
