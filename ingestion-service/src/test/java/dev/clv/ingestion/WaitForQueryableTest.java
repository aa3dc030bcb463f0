package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * wait=true: requests waiting together share one question to Kafka per poll interval (no thread polls for each),
 * answer 200 once the projector's group has committed past their rows, and a status token serves only its tenant.
 */
@QuarkusTest
@WithPlatformInfrastructure
class WaitForQueryableTest {
    @Inject
    MeterRegistry registry;

    @Test
    void manyWaitingRequestsShareOneQuestionPerInterval() throws Exception {
        String tenant = "wait-" + UUID.randomUUID();
        String token = OidcResource.token(tenant, "events:write");
        double before = polls();
        long started = System.nanoTime();
        List<CompletableFuture<JsonPath>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String row = "{\"transaction_id\":\"w" + i + "\",\"customer_id\":\"c" + i
                    + "\",\"transaction_date\":\"2024-01-01\",\"amount\":1}";
            answers.add(CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                    .contentType("application/json").body(row).post("/v0/events?name=transactions&wait=true")
                    .then().statusCode(202).extract().jsonPath()));
        }
        for (CompletableFuture<JsonPath> a : answers) {
            JsonPath answer = a.get();
            assertEquals(false, answer.getBoolean("queryable"), "nobody projects in this test: the bound runs out");
            assertTrue(answer.getString("status_url").startsWith("/v0/events/status/"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double asked = polls() - before;
        // one question per 50 ms interval at most, shared by all 16 (one each would be 16 times as many)
        assertTrue(asked <= seconds / 0.05 + 2, asked + " questions in " + seconds + " s");

        String statusUrl = answers.get(0).get().getString("status_url");
        given().auth().oauth2(OidcResource.token("other-" + tenant, "events:write")).get(statusUrl).then()
                .statusCode(404);
        given().auth().oauth2(token).get(statusUrl).then().statusCode(200).body("queryable", equalTo(false));
        commitProjectorToTheEnd();
        given().auth().oauth2(token).get(statusUrl).then().statusCode(200).body("queryable", equalTo(true));
        given().auth().oauth2(token).contentType("application/json").body("{\"transaction_id\":\"w-late\","
                + "\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\",\"amount\":1}")
                .post("/v0/events?name=transactions&wait=true").then().statusCode(202)
                .body("queryable", equalTo(false));
    }

    private double polls() {
        return registry.counter("ingestion.wait.polls").count();
    }

    /** Plays the analytics projector: its group commits the end of every transactions partition. */
    private static void commitProjectorToTheEnd() {
        try (KafkaConsumer<String, byte[]> projector = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "group.id", "analytics-projector"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = projector.partitionsFor(Topics.TRANSACTIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            projector.endOffsets(partitions, Duration.ofSeconds(10))
                    .forEach((p, end) -> ends.put(p, new OffsetAndMetadata(end)));
            projector.commitSync(ends);
        }
    }
}
