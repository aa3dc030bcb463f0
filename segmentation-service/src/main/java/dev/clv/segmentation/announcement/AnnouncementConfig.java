package dev.clv.segmentation.announcement;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The relay that publishes customers' current segments on {@code segment-memberships.v1}: {@code segmentation.announcements.*}. */
@ConfigMapping(prefix = "segmentation.announcements")
public interface AnnouncementConfig {
    /** How often the relay looks for queued customers; a full batch is followed at once by the next. */
    @WithDefault("1s")
    Duration interval();

    /** Customers claimed, read and published at a time. */
    @WithDefault("500")
    int batchSize();

    /**
     * How long a claimed batch is the claiming relay's; if it dies before deleting the rows, they are due again after
     * this. Longer than the producer's delivery timeout (30 s), so that a slow ack does not send a batch twice.
     */
    @WithDefault("60s")
    Duration lease();
}
