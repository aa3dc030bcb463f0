package dev.clv.ingestion.messaging;

import java.util.Map;
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
