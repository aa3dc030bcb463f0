package dev.clv.contracts.kafka;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.smallrye.common.annotation.Identifier;

/**
 * The TLS and SASL settings every Kafka client of a service shares, taken from Quarkus' own Kafka configuration
 * (its {@code kafka.*} properties and {@code KAFKA_*} environment variables, e.g. {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_JAAS_CONFIG}): its {@code security.*}, {@code sasl.*} and {@code ssl.*} entries. The same
 * settings reach Quarkus' Kafka health check, so one set of variables configures every client of the process.
 */
@ApplicationScoped
public class KafkaSecurity {
    private final Map<String, Object> properties;

    public KafkaSecurity(@Identifier("default-kafka-broker") Instance<Map<String, Object>> quarkusKafka) {
        Map<String, Object> out = new TreeMap<>();
        // a process without Quarkus' Kafka extension (the gateway) has no such configuration, and no Kafka client
        if (quarkusKafka.isResolvable()) {
            quarkusKafka.get().forEach((key, value) -> {
                if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    out.put(key, value);
                }
            });
        }
        this.properties = Map.copyOf(out);
    }

    /** The client properties to add to every producer, consumer and admin client; empty for a plaintext broker. */
    public Map<String, Object> properties() {
        return properties;
    }
}
