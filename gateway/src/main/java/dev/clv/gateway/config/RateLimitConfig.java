package dev.clv.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** Per-tenant quotas: tiers of calls and events per window, how a tier is chosen, and how rows are estimated. */
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** The quota window; usage resets at each multiple of it since the epoch. */
    @WithDefault("1h")
    Duration window();

    /** How often each replica adds its local counts to the shared ones and reads the others' back. */
    @WithDefault("250ms")
    Duration syncEvery();

    /** Token claim naming the caller's tier; when absent, {@link #tenantTiers()} and then the default decide. */
    @WithDefault("tier")
    String tierClaim();

    @WithDefault("free")
    String defaultTier();

    /** Tenant to tier, for tenants whose tokens carry no tier claim. */
    Map<String, String> tenantTiers();

    /**
     * The fewest bytes a row can take: a write of known length reserves its length divided by this, so the
     * estimate is never below the rows of any data source's accepted rows (the shortest is about 19 bytes).
     */
    @WithDefault("16")
    int bytesPerRow();

    /** The most rows one write may reserve: the ingestion service's per-request row limit. */
    @WithDefault("100000")
    long maxRowsPerWrite();

    /** Rows charged per customer of {@code POST /v1/sample-data} (the generator makes about 6.3 on average). */
    @WithDefault("7")
    long sampleRowsPerCustomer();

    /**
     * Calls a tenant may make per minute on top of its window's quota (seed 002's {@code RATE_LIMIT_PER_MINUTE}),
     * whatever the route; none when absent. A tier's own {@code calls-per-minute} overrides it.
     */
    Optional<Long> callsPerMinute();

    /** Tier name to its quotas. */
    Map<String, Tier> tiers();

    /** Quotas per window: API calls, and events (rows written, generated as sample data, or batch-scored). */
    interface Tier {
        long calls();

        long events();

        /** This tier's calls per minute, instead of {@link RateLimitConfig#callsPerMinute()}. */
        Optional<Long> callsPerMinute();
    }
}
