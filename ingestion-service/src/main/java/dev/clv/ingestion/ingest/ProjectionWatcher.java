package dev.clv.ingestion.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.clv.ingestion.config.IngestionConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Tells when rows are queryable: the analytics projector commits a partition's offset only after the rows below
 * it are committed to its database, so committed offsets past ours mean our rows can be read.
 */
@ApplicationScoped
public class ProjectionWatcher {
    private final Admin admin;
    private final IngestionConfig.Wait config;

    public ProjectionWatcher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestionConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        this.admin = Admin.create(props);
        this.config = config.await();
    }

    /** Waits until the projector has passed {@code lastOffsets}; false when the configured bound ran out first. */
    public boolean awaitProjected(Map<TopicPartition, Long> lastOffsets) throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (passed(lastOffsets)) {
                return true;
            }
            Thread.sleep(config.pollInterval().toMillis());
        }
        return passed(lastOffsets);
    }

    /** Whether the projector has passed {@code lastOffsets} right now. */
    public boolean isProjected(Map<TopicPartition, Long> lastOffsets) throws InterruptedException {
        return passed(lastOffsets);
    }

    /** A compact, URL-safe handle for a set of offsets, so a client can ask later whether its rows are readable. */
    public static String token(Map<TopicPartition, Long> lastOffsets) {
        String text = lastOffsets.entrySet().stream()
                .map(e -> e.getKey().topic() + ":" + e.getKey().partition() + ":" + e.getValue())
                .collect(java.util.stream.Collectors.joining(";"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The offsets behind a {@link #token}; empty for a token that is not one. */
    public static Optional<Map<TopicPartition, Long>> parseToken(String token) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            for (String part : text.split(";")) {
                String[] f = part.split(":");
                if (f.length != 3) {
                    return Optional.empty();
                }
                offsets.put(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
            }
            return Optional.of(offsets);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean passed(Map<TopicPartition, Long> lastOffsets) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
        return lastOffsets.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return c != null && c.offset() > e.getValue();
        });
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
