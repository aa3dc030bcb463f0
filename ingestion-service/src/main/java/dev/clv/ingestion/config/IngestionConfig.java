package dev.clv.ingestion.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the write API; tenants' time zones and currencies are in contracts' {@code TenantsConfig}. */
@ConfigMapping(prefix = "ingestion")
public interface IngestionConfig {

    /** Most rows one request may carry. */
    @WithDefault("100000")
    int maxRows();

    /** Request bodies held at once across all writes; beyond it writes are refused with 503 + Retry-After. */
    @WithDefault("64M")
    MemorySize maxInFlightBytes();

    /** Largest single row, in bytes of its JSON text. */
    @WithDefault("64K")
    MemorySize maxRowSize();

    /** Deepest nesting of objects and arrays within one row. */
    @WithDefault("8")
    int maxDepth();

    /** Most events one {@code /v1/events/batch} request may carry. */
    @WithDefault("1000")
    int maxBatchEvents();

    /** How many row errors an answer lists; the rest are only counted (all are kept in quarantine). */
    @WithDefault("20")
    int maxReportedErrors();

    /** How long a request may wait for Kafka to acknowledge its rows before it answers 503. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Timestamps later than now plus this are rejected as impossible. */
    @WithDefault("PT24H")
    Duration maxFuture();

    Wait await();

    Idempotency idempotency();

    /** Idempotency-Key: how long answers are kept, and when an unfinished claim counts as abandoned. */
    interface Idempotency {
        @WithDefault("24h")
        Duration retention();

        @WithDefault("2m")
        Duration abandonAfter();
    }

    /** {@code wait=true}: rows are queryable once the analytics consumer group has committed past them. */
    interface Wait {
        @WithDefault("analytics-projector")
        String consumerGroup();

        @WithDefault("10s")
        Duration timeout();

        /** How often one shared question to Kafka serves every waiting request. */
        @WithDefault("50ms")
        Duration pollInterval();
    }
}
