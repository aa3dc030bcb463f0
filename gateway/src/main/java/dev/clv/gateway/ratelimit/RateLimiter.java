package dev.clv.gateway.ratelimit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.clv.gateway.config.GatewayConfig;
import dev.clv.gateway.config.RateLimitConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Fixed-window quotas per tenant, decided in memory on the hot path and shared between replicas through
 * PostgreSQL: every sync interval each replica adds what it counted and reads back everyone's totals. Replicas
 * can therefore overshoot a quota by at most what they admit during one sync interval (documented in the README).
 * A call reserves its estimated cost when it is let in, so calls in flight hold their share of the quota, and the
 * reservation is settled to the real cost when the call is over. An optional per-minute limit on calls is held
 * the same way, in one-minute windows, on top of the window's quotas.
 */
@ApplicationScoped
public class RateLimiter {
    /** The optional per-minute limit on calls, held on top of the window's quotas. */
    public static final String PER_MINUTE = Quotas.PER_MINUTE;
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final RateLimitConfig config;
    private final Quotas quotas;
    private final RateUsageRepository repository;
    private final ConcurrentHashMap<RateKey, RateCounter> counters = new ConcurrentHashMap<>();
    private final long windowMillis;
    private volatile long lastForget;

    public RateLimiter(GatewayConfig config, RateUsageRepository repository) {
        this.config = config.rateLimits();
        this.quotas = new Quotas(this.config);
        this.repository = repository;
        this.windowMillis = this.config.window().toMillis();
    }

    /**
     * Whether the tenant may make this call: it may when at least {@code atLeast} remains of its quota, and then
     * up to {@code atMost} of what remains is reserved at once. Every client of a tenant (its tokens and its API
     * keys alike) draws from the one quota; {@code tier} says how large that quota is.
     */
    public RateDecision admit(String tenant, String tier, String policy, long atLeast, long atMost) {
        long now = System.currentTimeMillis();
        long window = quotas.windowMillis(policy);
        long windowStart = now - now % window;
        RateKey key = new RateKey("tenant:" + tenant, policy, Instant.ofEpochMilli(windowStart));
        RateCounter counter = counters.computeIfAbsent(key, RateCounter::new);
        counter.touchedAt = now;
        long quota = quotas.quota(tier, policy);
        long reserved = 0;
        synchronized (counter) {
            long remaining = quota - counter.used();
            if (remaining >= atLeast) {
                reserved = Math.min(atMost, remaining);
                counter.pending += reserved;
            }
        }
        long reset = Math.max(1, (windowStart + window - now + 999) / 1000);
        return new RateDecision(reserved > 0 || atLeast <= 0, policy, quota, window / 1000, reset, reserved,
                counter);
    }

    /** Admits a call that costs one. */
    public RateDecision admit(String tenant, String tier, String policy) {
        return admit(tenant, tier, policy, 1, 1);
    }

    /** Admits a metered call, reserving its estimate; settle the answer's {@link Charge} when the call is over. */
    public Charge admit(String tenant, String tier, Meter meter, Meter.Estimate estimate) {
        RateDecision decision = admit(tenant, tier, meter.policy(), estimate.atLeast(), estimate.atMost());
        RateDecision minute = null;
        if (quotas.perMinute(tier).isPresent()) {
            // only a call that happens counts toward its minute; a refused one only reads where the minute stands
            minute = admit(tenant, tier, PER_MINUTE, decision.allowed() ? 1 : 0, decision.allowed() ? 1 : 0);
            if (decision.allowed() && !minute.allowed()) {
                adjust(decision.counter(), -decision.reserved()); // the call will not happen: nothing is owed
            }
        }
        return new Charge(this, decision, minute, meter, estimate);
    }

    /**
     * How long a refusal that {@link Charge#mayBeStale() may be stale} waits before the call is admitted again: two
     * sync intervals and a margin, by which every replica has synced what it settled before the refusal and this
     * replica has read it back.
     */
    public long recheckMillis() {
        return 2 * config.syncEvery().toMillis() + 100;
    }

    /** Adds {@code delta} (negative: a refund) to what the counter's tenant used. */
    void adjust(RateCounter counter, long delta) {
        if (delta != 0) {
            synchronized (counter) {
                counter.pending += delta;
            }
        }
    }

    /**
     * Syncs every {@code sync-every} on a Vert.x timer, one sync at a time. Not with {@code @Scheduled}: Quarkus'
     * scheduler fires at most once a second, which let two gateways admit a burst 30% over a shared quota (devstack's
     * ReplicasTest) where the documented bound is one 250 ms interval of admissions.
     */
    void startSyncing(@Observes StartupEvent started, Vertx vertx) {
        AtomicBoolean syncing = new AtomicBoolean();
        vertx.setPeriodic(config.syncEvery().toMillis(), timer -> {
            if (syncing.compareAndSet(false, true)) {
                sync().onTermination().invoke(() -> syncing.set(false)).subscribe().with(ignored -> {
                }, failure -> LOG.warnf("rate-limit sync failed: %s", failure.toString()));
            }
        });
    }

    /** Adds this replica's counts to the shared table and takes every replica's totals back. */
    public Uni<Void> sync() {
        long now = System.currentTimeMillis();
        long currentWindow = now - now % windowMillis;
        List<RateKey> keys = new ArrayList<>();
        List<Long> deltas = new ArrayList<>();
        List<RateCounter> sent = new ArrayList<>();
        long activeSince = now - 4 * config.syncEvery().toMillis();
        for (RateCounter counter : counters.values()) {
            long window = quotas.windowMillis(counter.key.policy());
            synchronized (counter) {
                if (counter.key.windowStart().toEpochMilli() < now - now % window && counter.pending == 0) {
                    counters.remove(counter.key);
                } else if (counter.pending != 0 || counter.touchedAt >= activeSince) {
                    counter.inFlight = counter.pending;
                    counter.pending = 0;
                    keys.add(counter.key);
                    deltas.add(counter.inFlight);
                    sent.add(counter);
                }
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
                synchronized (counter) {
                    counter.shared = totals.getOrDefault(counter.key, counter.shared + counter.inFlight);
                    counter.ownShared += counter.inFlight;
                    counter.inFlight = 0;
                }
            }
            return (Void) null;
        }).onFailure().recoverWithItem(failure -> {
            // keep counting locally: limits stay enforced per replica until the shared table answers again
            LOG.warnf("rate-limit sync failed, keeping %d counters local: %s", sent.size(), failure.toString());
            for (RateCounter counter : sent) {
                synchronized (counter) {
                    counter.pending += counter.inFlight;
                    counter.inFlight = 0;
                }
            }
            return null;
        });
    }
}
