package dev.clv.analytics.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.clv.contracts.kafka.KafkaProducers;

/**
 * What the projection writes to Kafka (dead letters, profile changes). The projector waits for every ack
 * before its offsets are committed, so a crash repeats a publication but never loses one.
 */
@ApplicationScoped
public class ProjectionPublisher {
    private final KafkaProducer<String, byte[]> producer;

    public ProjectionPublisher(KafkaProducers producers) {
        this.producer = producers.create("analytics-projection");
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
