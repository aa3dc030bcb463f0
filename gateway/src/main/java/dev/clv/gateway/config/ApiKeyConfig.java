package dev.clv.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * How API-key calls reach the services: the gateway signs a short-lived token for the key, and the services
 * trust that issuer's public key as a second token issuer.
 */
public interface ApiKeyConfig {

    /** The {@code iss} of tokens the gateway signs; services resolve the verification key by it. */
    @WithDefault("clv-gateway")
    String issuer();

    @WithDefault("clv-platform")
    String audience();

    /** PKCS#8 RSA private key, base64; every replica must share it. A key is generated when absent (dev/test). */
    Optional<String> signingKey();

    @WithDefault("5m")
    Duration tokenLifetime();

    /** How long a replica trusts a key it looked up; a revocation on another replica takes effect within it. */
    @WithDefault("10s")
    Duration cacheFor();

    /** Most lookup answers (known, unknown or revoked keys) a replica remembers; the least used go first. */
    @WithDefault("10000")
    int cacheSize();

    /**
     * How often at most a replica reads the keys made since its last read. A key it does not know waits for the
     * next such read instead of costing a lookup of its own, so a flood of made-up keys costs one query per interval.
     */
    @WithDefault("500ms")
    Duration newKeysEvery();
}
