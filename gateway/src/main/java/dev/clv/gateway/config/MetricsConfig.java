package dev.clv.gateway.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** The per-tenant route metrics behind {@code GET /admin/metrics}, kept in memory by each replica. */
public interface MetricsConfig {

    /** Most tenants whose traffic a replica keeps; the least recently active go first (bounds memory). */
    @WithDefault("1000")
    int maxTenants();

    /** A tenant with no traffic for this long is forgotten, and its counts start again at its next call. */
    @WithDefault("24h")
    Duration forgetAfter();
}
