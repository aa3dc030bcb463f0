package dev.clv.contracts.kafka;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of every Kafka producer a service builds (prefix {@code clv.kafka.producer}). The defaults are the
 * platform's durability rule: a record counts as written only once every in-sync replica has it, and a retried
 * send never writes it twice.
 */
@ConfigMapping(prefix = "clv.kafka.producer")
public interface ProducerSettings {
    /** Brokers; services set it to their {@code kafka.bootstrap.servers}. */
    @WithDefault("localhost:9092")
    String bootstrapServers();

    @WithDefault("all")
    String acks();

    @WithDefault("true")
    boolean idempotence();

    @WithDefault("lz4")
    String compression();

    /** How long a record may wait for others to share its request. */
    @WithDefault("5ms")
    Duration linger();

    /** Bytes per partition batch. */
    @WithDefault("262144")
    int batchSize();

    /** The largest request (and so the largest record) the producer sends; brokers must accept at least this. */
    @WithDefault("1048576")
    int maxRequestSize();

    /** How long a send may take in all, retries included, before it fails. */
    @WithDefault("30s")
    Duration deliveryTimeout();

    /** Any other producer property, passed as it is (e.g. {@code security.protocol}). */
    Map<String, String> extra();
}
