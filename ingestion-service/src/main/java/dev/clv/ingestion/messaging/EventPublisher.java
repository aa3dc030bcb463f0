package dev.clv.ingestion.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.ingestion.config.IngestionConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

/**
 * Hands accepted rows to Kafka and returns only once the broker acknowledged every one of them (acks=all,
 * idempotent producer), so a 2xx always means durable.
 */
@Startup
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final IngestionConfig config;
    private final Map<String, Object> settings;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestionConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        int lingerMs = 5;
        int deliveryMs = (int) config.publishTimeout().toMillis();
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Kafka insists on delivery >= linger + request timeout; the whole publish must fit the configured bound
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15000, deliveryMs - lingerMs));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10000, deliveryMs));
        this.settings = Map.copyOf(props.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue())));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
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
