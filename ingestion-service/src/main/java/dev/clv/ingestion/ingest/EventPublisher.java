package dev.clv.ingestion.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import dev.clv.contracts.kafka.KafkaProducers;
import dev.clv.ingestion.config.IngestionConfig;
import io.quarkus.runtime.Startup;

/**
 * Hands accepted rows to Kafka and returns only once the broker acknowledged every one of them (acks=all,
 * idempotent producer), so a 2xx always means durable.
 */
@Startup
@ApplicationScoped
public class EventPublisher {
    private static final String CLIENT_ID = "ingestion";
    private final KafkaProducer<String, byte[]> producer;
    private final IngestionConfig config;
    private final Map<String, Object> settings;

    // the delivery timeout is clv.kafka.producer.delivery-timeout, which application.properties takes from
    // ingestion.publish-timeout: Kafka gives up on a record within the same bound a request waits for it
    public EventPublisher(KafkaProducers producers, IngestionConfig config) {
        this.config = config;
        this.settings = Map.copyOf(producers.properties(CLIENT_ID));
        this.producer = producers.create(CLIENT_ID);
    }

    /**
     * Sends all records; the future completes once every one is acknowledged or has failed, with one outcome per
     * record in order (a null metadata marks a failure), so a caller can account for each row exactly.
     */
    public CompletableFuture<List<RecordMetadata>> sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
        boolean brokerUnreachable = false;
        for (ProducerRecord<String, byte[]> record : records) {
            CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
            acks.add(ack);
            if (brokerUnreachable) {
                ack.complete(null);
                continue;
            }
            try {
                producer.send(record, (metadata, error) -> ack.complete(error == null ? metadata : null));
            } catch (KafkaException e) {
                ack.complete(null);
            }
            // a send that failed before returning waited max.block.ms for metadata; the rest would each wait too
            brokerUnreachable = ack.isDone() && ack.getNow(null) == null;
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(config.publishTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .handle((ignored, timeout) -> acks.stream().map(a -> a.getNow(null)).toList());
    }

    /** The producer's effective settings, so a test can hold the "2xx means durable" promise to them. */
    public Map<String, Object> settings() {
        return settings;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
