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

    Stream stream();

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

    /**
     * The live event stream ({@code GET /v1/events/stream}, docs/writing-data.md "The live event stream"): what each
     * replica keeps per tenant for a resume, how often it says it is alive, and how many streams it serves.
     */
    interface Stream {
        /** A comment line ({@code : heartbeat}, with the stream's current id) is sent this often on every stream. */
        @WithDefault("15s")
        Duration heartbeat();

        /** The most recent events kept per tenant for a resume with {@code Last-Event-ID}. */
        @WithDefault("1000")
        int bufferEvents();

        /** ... and at most about this many bytes of them (records as Kafka holds them) per tenant. */
        @WithDefault("4M")
        MemorySize bufferBytes();

        /**
         * ... for at most this long after they were accepted; an event read later than this (a lagging replica,
         * the replay at start) is neither kept nor sent. Also how far back a replica starts reading at start.
         */
        @WithDefault("5m")
        Duration bufferAge();

        /** Open streams per tenant on one replica; one more is a 429. */
        @WithDefault("20")
        int maxPerTenant();

        /** Open streams on one replica, all tenants together; one more is a 503. */
        @WithDefault("1000")
        int maxConnections();

        /** Messages a stream may have waiting for a slow client before it is ended (the client resumes). */
        @WithDefault("1000")
        int maxPending();

        /** How long one poll of the stream's Kafka consumer waits; bounds the latency an event adds. */
        @WithDefault("100ms")
        Duration pollTimeout();
    }
}
