package dev.clv.contracts.privacy;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The retention purge's settings in every service (prefix {@code clv.retention}); how long data is kept is the
 * tenants' policies' ({@link RetentionPolicy}), not these.
 */
@ConfigMapping(prefix = "clv.retention")
public interface RetentionSettings {
    /** Whether this process purges at all. */
    @WithDefault("true")
    boolean enabled();

    /** How often the purge runs (its {@code @Scheduled} reads this key). */
    @WithDefault("1h")
    Duration purgeEvery();

    /** How often ingestion publishes every stored policy again (only ingestion reads it). */
    @WithDefault("10m")
    Duration republishEvery();

    /** Rows removed per statement. */
    @WithDefault("5000")
    int batchSize();

    /**
     * How long after it arrived a raw row may still be replayed from Kafka (the topics' retention, 7 days, and a
     * day of margin): younger raw rows are never purged, so a replayed record still finds its row and counts once.
     */
    @WithDefault("8d")
    Duration replayWindow();
}
