package dev.clv.contracts.kafka;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings shared by every consumer a service runs through {@link KafkaConsumers} (prefix {@code clv.kafka.consumer}). */
@ConfigMapping(prefix = "clv.kafka.consumer")
public interface ConsumerSettings {
    /** Brokers; services set it to their {@code kafka.bootstrap.servers}. */
    @WithDefault("localhost:9092")
    String bootstrapServers();

    /** How long a poll waits for records; offsets are committed between polls, so a short wait keeps them fresh. */
    @WithDefault("100ms")
    Duration pollTimeout();

    /** The first wait before a failed member starts again; it doubles up to {@link #restartBackoffMax()}. */
    @WithDefault("500ms")
    Duration restartBackoff();

    @WithDefault("30s")
    Duration restartBackoffMax();

    /** A member restarting for longer than this makes the service not ready. */
    @WithDefault("60s")
    Duration unreadyAfter();

    /**
     * How long the group waits for a silent member before giving its partitions to the others: a member killed
     * with SIGKILL never says goodbye, and Kafka's default (45 s) left a restarted projector idle that long.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Any other consumer property, passed as it is (e.g. {@code security.protocol}). */
    Map<String, String> extra();
}
