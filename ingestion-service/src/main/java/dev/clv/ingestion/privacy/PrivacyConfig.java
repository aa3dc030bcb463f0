package dev.clv.ingestion.privacy;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the privacy requests this service orchestrates and of its own part (prefix {@code clv.privacy}). */
@ConfigMapping(prefix = "clv.privacy")
public interface PrivacyConfig {
    /** The services that each carry out every request; a request is completed once all of them completed it. */
    @WithDefault("ingestion,analytics,segmentation,prediction")
    List<String> services();

    /** A request Kafka has not acknowledged this long after it was stored is published again by the sweep. */
    @WithDefault("10s")
    Duration republishAfter();

    /** How often the sweep looks for such requests. */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * How long a replica trusts "this tenant suppresses no one" without asking the database: a suppression carried
     * out by another replica takes effect here within it (one carried out here, at once).
     */
    @WithDefault("5s")
    Duration suppressionCacheFor();
}
