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
}
