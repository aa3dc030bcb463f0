package dev.clv.ingestion.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.config.IngestionConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Hands accepted rows to Kafka and returns only once the broker acknowledged every one of them (acks=all,
 * idempotent producer), so a 2xx always means durable.
 */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final IngestionConfig config;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestionConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.publishTimeout().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15000, (int) config.publishTimeout().toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends all records and waits for every acknowledgement; any failure answers 503 for the whole request. */
    public List<RecordMetadata> publishAll(List<ProducerRecord<String, byte[]>> records) {
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        ack.complete(metadata);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
                acks.add(ack);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.publishTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw unavailable();
        }
        return acks.stream().map(CompletableFuture::join).toList();
    }

    private static ProblemException unavailable() {
        return ProblemException.unavailable("Kafka did not acknowledge the rows; none of this request is confirmed "
                + "and it is safe to retry.", 5);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
