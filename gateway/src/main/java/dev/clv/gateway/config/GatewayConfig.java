package dev.clv.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's upstreams, proxy limits, rate-limit tiers, API-key tokens, health probes and route metrics. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Upstream name to base URL, e.g. {@code ingestion -> http://localhost:8081}. */
    Map<String, String> upstreams();

    /**
     * The web console's base URL ({@code CONSOLE_URL}); when set, {@code /app} and everything under it pass through
     * to it without a credential check, as the console logs its users in itself. Unset: {@code /app} is not served.
     */
    Optional<String> consoleUrl();

    /**
     * How long an upstream may take, once it has the whole request, to send the head of its answer before a 504.
     * The body that follows is not timed (a stream may be quiet between its events).
     */
    @WithDefault("30s")
    Duration upstreamTimeout();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Client-sent headers that claim an identity; removed before any request goes upstream. */
    @WithDefault("X-Tenant-Id,X-User-Id,X-Client-Id,X-Scopes,X-Forwarded-User,X-Auth-Request-User,X-API-Key")
    List<String> strippedHeaders();

    /** Largest request body a client may declare; larger ones get 413 before anything goes upstream. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /**
     * Consecutive upstream faults (no connection, no answer in time, connection closed before an answer) that open
     * an upstream's circuit, and how long it stays open. A client that leaves or is slow is never such a fault.
     */
    @WithDefault("5")
    int breakerFailures();

    @WithDefault("10s")
    Duration breakerOpenFor();

    /** Trial calls an upstream gets after its open period; all must succeed before its circuit closes. */
    @WithDefault("3")
    int breakerTrialCalls();

    RateLimitConfig rateLimits();

    /** Streaming routes: how many streams a tenant, and a replica, may have open at once. */
    StreamsConfig streams();

    ApiKeyConfig apiKeys();

    /** {@code GET /health}: how long the upstream probes are reused, and how long one may take. */
    HealthConfig health();

    /** {@code GET /admin/metrics}: how many tenants' traffic a replica keeps apart. */
    MetricsConfig metrics();
}
