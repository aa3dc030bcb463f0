package dev.clv.gateway.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.WithDefault;

/** Per-client quotas: tiers of calls and events per window, and how each tenant's tier is chosen. */
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

    /** Tier name to its quotas. */
    Map<String, Tier> tiers();

    /** Quotas per window: API calls, and events (rows sent to ingestion routes). */
    interface Tier {
        long calls();

        long events();
    }
}
