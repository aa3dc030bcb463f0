package dev.clv.analytics.privacy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.PrivacyExportPart;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.KafkaResource;

/** The privacy tests' Kafka side: records sent as the services send them, results and export parts read back. */
final class PrivacyKafka {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private PrivacyKafka() {
    }

    /** Sends each record and waits for its acknowledgement; answers where each landed (and its timestamp). */
    @SafeVarargs
    static List<RecordMetadata> send(ProducerRecord<String, byte[]>... records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            List<RecordMetadata> out = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                out.add(producer.send(r).get());
            }
            return out;
        }
    }

    /** A privacy request as the orchestrator publishes it: keyed by its tenant. */
    static ProducerRecord<String, byte[]> request(PrivacyRequest request) {
        return new ProducerRecord<>(Topics.PRIVACY_REQUESTS, request.tenantId(), EventJson.write(request));
    }

    /** Waits until the projector committed past {@code sent}: the record was read and its batch done. */
    static void awaitProjected(RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()))) {
            Awaitility.await().atMost(PATIENCE).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("analytics-projector")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    /** The analytics results of a request, once there are at least {@code count}. */
    static List<PrivacyResult> results(UUID request, int count) {
        return read(Topics.PRIVACY_RESULTS, PrivacyResult.class,
                r -> r.requestId().equals(request) && "analytics".equals(r.service()), count);
    }

    /** The analytics export parts of a request, once there are at least {@code count}. */
    static List<PrivacyExportPart> parts(UUID request, int count) {
        return read(Topics.PRIVACY_EXPORTS, PrivacyExportPart.class,
                p -> p.requestId().equals(request) && "analytics".equals(p.service()), count);
    }

    private static <T> List<T> read(String topic, Class<T> type, Predicate<T> wanted, int count) {
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "group.id", "privacy-test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    T value = EventJson.read(r.value(), type);
                    if (wanted.test(value)) {
                        found.add(value);
                    }
                }
            }
        }
        if (found.size() < count) {
            throw new AssertionError("only " + found.size() + " of " + count + " records on " + topic);
        }
        return found;
    }
}
