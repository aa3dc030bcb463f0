package dev.clv.segmentation.segment.evaluation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Retrying the re-evaluation of customers whose tenant's evaluation failed: {@code segmentation.pending.*}. */
@ConfigMapping(prefix = "segmentation.pending")
public interface PendingConfig {
    /** How often due pending customers are looked for. */
    @WithDefault("5s")
    Duration interval();

    /** The wait after a failed retry; it doubles with every further failure up to {@link #retryBackoffMax()}. */
    @WithDefault("5s")
    Duration retryBackoff();

    @WithDefault("10m")
    Duration retryBackoffMax();

    /** Customers of one tenant retried in one transaction. */
    @WithDefault("5000")
    int batchSize();
}
