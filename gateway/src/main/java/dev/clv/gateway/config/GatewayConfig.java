package dev.clv.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's route table, upstreams, rate-limit tiers and API-key token settings. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Upstream name to base URL, e.g. {@code ingestion -> http://localhost:8081}. */
    Map<String, String> upstreams();

    /** Routes in order; the first whose path and method match a request decides its scope and upstream. */
    List<Route> routes();

    /** How long an upstream may take to answer before the client gets a 504. */
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

    /** Consecutive upstream failures that open an upstream's circuit, and how long it stays open. */
    @WithDefault("5")
    int breakerFailures();

    @WithDefault("10s")
    Duration breakerOpenFor();

    RateLimitConfig rateLimits();

    ApiKeyConfig apiKeys();

    /** One public route: a path prefix whose {@code *} segments match any single segment. */
    interface Route {
        String path();

        /** HTTP methods this entry covers; all when absent. */
        Optional<List<String>> methods();

        String scope();

        String upstream();

        /** What a call costs against the caller's quota: {@code calls} (one per request) or {@code events} (rows). */
        @WithDefault("calls")
        String meter();
    }
}
