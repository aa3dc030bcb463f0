package dev.clv.segmentation.segment.evaluation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The scheduled re-evaluation of segments whose answer moves with time alone: {@code segmentation.sweep.*}. Only
 * {@link SegmentSweeper}'s {@code @Scheduled} expression reads the value; the mapping declares the key, its type and
 * its default.
 */
@ConfigMapping(prefix = "segmentation.sweep")
public interface SweepConfig {
    /** How often; a customer can stay in a time-relative segment this long after its criteria stop holding. */
    @WithDefault("5m")
    Duration interval();
}
