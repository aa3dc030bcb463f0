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
     * How long a lane's lease outlasts twice the timeout (no request starts later than the timeout after its message
     * was taken): a replica that dies mid-lane leaves the endpoint's messages due again 2 × timeout + this after the
     * lane's last renewal.
     */
    @WithDefault("30s")
    Duration leaseMargin();

    /** How often due deliveries are looked for when the last look found less than a full batch. */
    @WithDefault("1s")
    Duration pollInterval();

    @WithDefault("128")
    int batchSize();

    /** Lanes a replica runs at once, each one endpoint's; claims wait for a lane to end beyond this. */
    @WithDefault("32")
    int lanes();

    /**
     * How long a lane takes more of its endpoint's messages before it ends and the endpoint queues for a claim again
     * (its turn among the others when every lane is busy).
     */
    @WithDefault("5s")
    Duration laneTime();

    /**
     * Attempts in flight to one endpoint at most, across replicas (one lane at a time): a slow or unreachable
     * endpoint ties up this many, never a whole batch.
     */
    @WithDefault("8")
    int endpointConcurrency();

    /**
     * The most messages of one endpoint a claim (or a lane's next take) takes, and a lane records in one statement:
     * sent a few at a time (endpoint-concurrency) over kept-alive connections.
     */
    @WithDefault("128")
    int laneDepth();

    /** Endpoints one tenant can register; one more is refused (409). */
    @WithDefault("20")
    int endpointsPerTenant();

    /**
     * How long messages are kept for a disabled endpoint (from when they were queued): held until it is enabled,
     * then sent; older ones fail with the reason (they can still be redelivered by hand).
     */
    @WithDefault("7d")
    Duration heldRetention();

    /** The ports a webhook URL may name (none: the scheme's); loopback targets in development take any. */
    @WithDefault("443,8443")
    List<Integer> allowedPorts();

    /** An endpoint that has failed without a single success for this long is disabled, with the reason. */
    @WithDefault("5d")
    Duration disableAfter();

    /** How long the old secret still signs after a rotation, unless the rotation asks otherwise. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /**
     * Keys that encrypt signing secrets at rest (AES-GCM), as {@code id:base64} (16, 24 or 32 bytes), comma-separated.
     * Every key a stored secret names must be listed: add a key, make it active, and drop the old one once the
     * re-encryption has moved every secret to the new one.
     */
    List<String> secretKeys();

    /** The key (its id in {@link #secretKeys()}) new secrets are encrypted with, and older ones re-encrypted to. */
    String activeKeyId();

    /**
     * Lets webhooks use http and loopback addresses, for local development only (./stack turns it on). Off, an
     * endpoint must be https on a public address.
     */
    @WithDefault("false")
    boolean allowLoopbackHttp();
}
