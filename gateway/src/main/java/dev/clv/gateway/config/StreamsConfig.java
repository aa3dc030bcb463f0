package dev.clv.gateway.config;

import io.smallrye.config.WithDefault;

/**
 * The long-lived answers of streaming routes ({@code streaming: true} in routes.yaml, e.g. server-sent events), counted
 * by each replica in memory: a stream holds an upstream connection for as long as its client stays.
 */
public interface StreamsConfig {

    /** Streams one tenant may have open through a replica at once; one more is a 429. 0: no limit. */
    @WithDefault("20")
    int maxPerTenant();

    /**
     * Streams a replica carries at once, all tenants together (at least 1); one more is a 503. Streams have their
     * own pool of upstream connections of this size, so they never take the connections of ordinary calls.
     */
    @WithDefault("500")
    int maxTotal();
}
