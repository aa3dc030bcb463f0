package dev.clv.gateway.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** The platform status at {@code GET /health}: its probes of the services, PostgreSQL and the OIDC issuer. */
public interface HealthConfig {

    /**
     * How long one round of probes answers every {@code /health} call: however often it is called, each upstream
     * is asked at most once per interval, so the route cannot be used to multiply load on the services.
     */
    @WithDefault("5s")
    Duration cacheFor();

    /** How long one probe may take before its part is reported unreachable. */
    @WithDefault("2s")
    Duration timeout();
}
