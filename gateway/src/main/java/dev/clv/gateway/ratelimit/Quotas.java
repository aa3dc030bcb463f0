package dev.clv.gateway.ratelimit;

import java.util.Optional;

import dev.clv.gateway.config.RateLimitConfig;

/**
 * What each policy allows a tier, and over what window: {@code calls} and {@code events} per configured window
 * (an hour), and the optional {@code calls-minute}, a tier's own per-minute limit or else the platform's.
 */
final class Quotas {
    static final String PER_MINUTE = "calls-minute";
    private static final long MINUTE = 60_000;

    private final RateLimitConfig config;

    Quotas(RateLimitConfig config) {
        this.config = config;
    }

    long quota(String tier, String policy) {
        return switch (policy) {
            case "events" -> tier(tier).events();
            case PER_MINUTE -> perMinute(tier).orElse(Long.MAX_VALUE);
            default -> tier(tier).calls();
        };
    }

    /** The tier's calls per minute; empty when neither it nor the platform sets a limit. */
    Optional<Long> perMinute(String tier) {
        return tier(tier).callsPerMinute().or(config::callsPerMinute);
    }

    long windowMillis(String policy) {
        return policy.equals(PER_MINUTE) ? MINUTE : config.window().toMillis();
    }

    private RateLimitConfig.Tier tier(String name) {
        RateLimitConfig.Tier quotas = config.tiers().get(name);
        return quotas != null ? quotas : config.tiers().get(config.defaultTier());
    }
}
