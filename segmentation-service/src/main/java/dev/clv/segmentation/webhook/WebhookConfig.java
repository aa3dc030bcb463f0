package dev.clv.segmentation.webhook;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How webhooks are delivered: the {@code segmentation.webhooks.*} settings. */
@ConfigMapping(prefix = "segmentation.webhooks")
public interface WebhookConfig {
    /** Waits between attempts: the n-th failure waits the n-th entry; after the last one the delivery fails. */
    @WithDefault("5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** Each wait is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
    @WithDefault("0.2")
    double jitter();

    /** A Retry-After (on 429 and 503) longer than this is cut to it. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    @WithDefault("15s")
    Duration timeout();

    /**
     * How long past its timeout a claimed attempt stays claimed: a replica that dies mid-attempt leaves the
     * delivery due again after timeout + this.
     */
    @WithDefault("30s")
    Duration leaseMargin();

    /** How often due deliveries are looked for when the last look found less than a full batch. */
    @WithDefault("1s")
    Duration pollInterval();

    @WithDefault("128")
    int batchSize();

    /** Claim-send-record loops per replica; they share the work through SKIP LOCKED. */
    @WithDefault("4")
    int workers();

    /** An endpoint that has failed without a single success for this long is disabled, with the reason. */
    @WithDefault("5d")
    Duration disableAfter();

    /** How long the old secret still signs after a rotation, unless the rotation asks otherwise. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /**
     * Lets webhooks use http and loopback addresses, for local development only (./stack turns it on). Off, an
     * endpoint must be https on a public address.
     */
    @WithDefault("false")
    boolean allowLoopbackHttp();
}
