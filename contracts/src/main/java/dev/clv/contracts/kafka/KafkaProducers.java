package dev.clv.contracts.kafka;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.tracing.TraceContextInterceptor;

/** Builds the services' Kafka producers, all from {@link ProducerSettings}; the caller closes what it gets. */
@ApplicationScoped
public class KafkaProducers {
    private final ProducerSettings settings;
    private final KafkaSecurity security;

    public KafkaProducers(ProducerSettings settings, KafkaSecurity security) {
        this.settings = settings;
        this.security = security;
    }

    /** A producer of string keys and byte values, named {@code clientId} in the broker's logs and metrics. */
    public KafkaProducer<String, byte[]> create(String clientId) {
        return new KafkaProducer<>(properties(clientId), new StringSerializer(), new ByteArraySerializer());
    }

    /** The exact properties {@link #create} uses, so tests can hold the durability promise to them. */
    public Map<String, Object> properties(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, settings.acks());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, Boolean.toString(settings.idempotence()));
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        int lingerMs = (int) settings.linger().toMillis();
        int deliveryMs = (int) settings.deliveryTimeout().toMillis();
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxRequestSize());
        // Kafka insists on delivery >= linger + request timeout: the whole send must fit the configured bound
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15000, deliveryMs - lingerMs));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(10000, deliveryMs));
        // every record carries its sender's trace context (contracts' tracing: RecordTraces)
        props.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, TraceContextInterceptor.class.getName());
        props.putAll(security.properties());
        props.putAll(settings.extra());
        return props;
    }
}
