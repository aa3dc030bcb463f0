package dev.clv.contracts.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The verified-token cache of every service and the gateway (prefix {@code clv.auth.token-cache}). */
@ConfigMapping(prefix = "clv.auth.token-cache")
public interface TokenCacheSettings {
    /** Whether verified bearer tokens are remembered until they expire. */
    @WithDefault("true")
    boolean enabled();

    /** How many tokens at most; the least recently used go first. */
    @WithDefault("10000")
    int maxSize();
}
