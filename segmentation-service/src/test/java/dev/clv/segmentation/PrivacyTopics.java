package dev.clv.segmentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

/** Sends privacy requests as the orchestrator does and reads the segmentation service's results and exports back. */
final class PrivacyTopics implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    private final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            KafkaResource.bootstrapServers(), "enable.auto.commit", "false"), new StringDeserializer(),
            new ByteArrayDeserializer());
    private final List<PrivacyResult> results = new ArrayList<>();
    private final List<PrivacyExportPart> parts = new ArrayList<>();

    PrivacyTopics() {
        // the metadata request creates a topic nobody produced to yet (the test broker auto-creates topics)
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.PRIVACY_RESULTS, Topics.PRIVACY_EXPORTS)) {
            partitions.addAll(Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consumer
                    .partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), p -> !p.isEmpty()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Publishes the request keyed by its tenant, as the ingestion service does; waits for the broker's ack. */
    void send(PrivacyRequest request) throws Exception {
        producer.send(new ProducerRecord<>(Topics.PRIVACY_REQUESTS, request.tenantId(), EventJson.write(request)))
                .get();
    }

    /** The segmentation service's results of the request, once there are {@code n} of them. */
    List<PrivacyResult> results(UUID request, int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return results.stream().filter(r -> r.requestId().equals(request)).toList();
        }, found -> found.size() >= n);
    }

    /** The request's export parts from the segmentation service, merged section by section in their order. */
    Map<String, List<Map<String, Object>>> export(UUID request, long count) {
        List<PrivacyExportPart> mine = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return parts.stream().filter(p -> p.requestId().equals(request)).distinct().toList();
        }, found -> found.stream().map(PrivacyExportPart::seq).distinct().count() >= count);
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        mine.stream().sorted(java.util.Comparator.comparingInt(PrivacyExportPart::seq)).forEach(p -> p.sections()
                .forEach((name, rows) -> sections.computeIfAbsent(name, k -> new ArrayList<>()).addAll(rows)));
        return sections;
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.topic().equals(Topics.PRIVACY_RESULTS)) {
                PrivacyResult result = EventJson.read(r.value(), PrivacyResult.class);
                if ("segmentation".equals(result.service())) {
                    results.add(result);
                }
            } else {
                PrivacyExportPart part = EventJson.read(r.value(), PrivacyExportPart.class);
                if ("segmentation".equals(part.service())) {
                    parts.add(part);
                }
            }
        }
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
