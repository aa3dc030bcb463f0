package dev.clv.ingestion.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the write API. */
@ConfigMapping(prefix = "ingestion")
public interface IngestionConfig {

    /** Most rows one request may carry. */
    @WithDefault("100000")
    int maxRows();

    /** How many row errors an answer lists; the rest are only counted (all are kept in quarantine). */
    @WithDefault("20")
    int maxReportedErrors();

    /** How long a request may wait for Kafka to acknowledge its rows before it answers 503. */
    @WithDefault("30s")
    Duration publishTimeout();

    Wait await();

    /** {@code wait=true}: rows are queryable once the analytics consumer group has committed past them. */
    interface Wait {
        @WithDefault("analytics-projector")
        String consumerGroup();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("20ms")
        Duration pollInterval();
    }
}
