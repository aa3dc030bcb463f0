package dev.clv.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The prediction service answers every privacy request on privacy-results.v1: it holds nothing per customer. */
@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
class PrivacyPartTest {

    @Test
    void eachRequestCompletesWithNothingErasedOrExportedAndAnUnknownTypeFails() throws Exception {
        String tenant = "privacy-" + UUID.randomUUID();
        List<PrivacyRequest> requests = new ArrayList<>();
        for (String type : List.of(PrivacyRequest.ERASE, PrivacyRequest.EXPORT, PrivacyRequest.SUPPRESS, "forget")) {
            requests.add(new PrivacyRequest(UUID.randomUUID(), tenant, type, List.of("c1", "c2"), Instant.now()));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (PrivacyRequest r : requests) {
                producer.send(new ProducerRecord<>(Topics.PRIVACY_REQUESTS, tenant, EventJson.write(r))).get();
            }
        }
        Map<UUID, PrivacyResult> results = results(tenant, requests.size());
        for (PrivacyRequest r : requests.subList(0, 3)) {
            PrivacyResult result = results.get(r.id());
            assertEquals(PrivacyResult.COMPLETED, result.status(), r.type());
            assertEquals(Map.of("export_parts", 0L), result.counts(), r.type());
        }
        PrivacyResult unknown = results.get(requests.get(3).id());
        assertEquals(PrivacyResult.FAILED, unknown.status());
        assertEquals("unknown request type 'forget'", unknown.detail());
    }

    // the prediction service's results of the tenant's requests, by request, once there are n
    private static Map<UUID, PrivacyResult> results(String tenant, int n) {
        Map<UUID, PrivacyResult> out = new java.util.HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "enable.auto.commit", "false"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consumer
                    .partitionsFor(Topics.PRIVACY_RESULTS, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList(), p -> !p.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    PrivacyResult result = EventJson.read(r.value(), PrivacyResult.class);
                    if (tenant.equals(r.key()) && "prediction".equals(result.service())) {
                        out.put(result.requestId(), result);
                    }
                }
                return out.size() >= n;
            });
        }
        return out;
    }
}
