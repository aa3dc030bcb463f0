package dev.clv.analytics.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;

/**
 * What the projection writes to Kafka (dead letters, profile changes). The projector waits for every ack
 * before its offsets are committed, so a crash repeats a publication but never loses one.
 */
@ApplicationScoped
public class ProjectionPublisher {
    private final KafkaProducer<String, byte[]> producer;

    public ProjectionPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes when every record is acknowledged; fails if any is not. */
    public CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            });
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
