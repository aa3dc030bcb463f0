package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A row the read model refused after we accepted it (its dead letter, as the analytics projection writes it) is
 * listed for its tenant only, frees its dedup claim so a corrected resend is accepted, and can be replayed or
 * discarded.
 */
@QuarkusTest
@WithPlatformInfrastructure
class DeadLettersTest {
    @Test
    void aDeadLetterIsVisibleToItsTenantFreesItsClaimAndReplaysOnce() throws Exception {
        String tenant = "dlq-" + UUID.randomUUID();
        String admin = OidcResource.token(tenant, "admin");
        String row = "{\"transaction_id\":\"t1\",\"customer_id\":\"c\",\"transaction_date\":\"2024-01-01\","
                + "\"amount\":1}";
        given().auth().oauth2(admin).contentType("application/json").body(row).post("/v0/events?name=transactions")
                .then().statusCode(202).body("successful_rows", equalTo(1));
        given().auth().oauth2(admin).contentType("application/json").body(row).post("/v0/events?name=transactions")
                .then().body("duplicate_rows", equalTo(1));
        // what reached the topic, as the projection would dead-letter it (its partition and offset as headers)
        byte[] record = TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "c"), 1).get(0).toString()
                .getBytes(StandardCharsets.UTF_8);
        deadLetter(tenant, record, 7_000_001L);
        deadLetter(tenant, record, 7_000_001L); // redelivered: stored once

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/v1/admin/dead-letters").then().extract().path("data.size()").equals(1));
        given().auth().oauth2(admin).get("/v1/admin/dead-letters").then().statusCode(200)
                .body("data[0].data_source", equalTo("transactions")).body("data[0].row_id", equalTo("t1"))
                .body("data[0].reason", equalTo("the database refused a value of this row (SQLSTATE 22021)"));
        given().auth().oauth2(OidcResource.token("other-" + tenant, "admin")).get("/v1/admin/dead-letters").then()
                .statusCode(200).body("data", hasSize(0));
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).get("/v1/admin/dead-letters").then()
                .statusCode(403);

        // the claim is free again: a corrected resend is a new row, not a duplicate
        given().auth().oauth2(admin).contentType("application/json").body(row.replace("\"amount\":1",
                "\"amount\":2")).post("/v0/events?name=transactions").then().body("successful_rows", equalTo(1));
        String id = given().auth().oauth2(admin).get("/v1/admin/dead-letters").then().extract().path("data[0].id");
        given().auth().oauth2(admin).post("/v1/admin/dead-letters/" + id + "/replay").then().statusCode(409);
        given().auth().oauth2(OidcResource.token("other-" + tenant, "admin")).delete("/v1/admin/dead-letters/" + id)
                .then().statusCode(404);
        given().auth().oauth2(admin).delete("/v1/admin/dead-letters/" + id).then().statusCode(204);

        // a letter whose row was not sent again replays: claimed again, and on the topic once more
        String other = "{\"transaction_id\":\"t2\",\"customer_id\":\"c2\",\"transaction_date\":\"2024-01-01\","
                + "\"amount\":3}";
        given().auth().oauth2(admin).contentType("application/json").body(other)
                .post("/v0/events?name=transactions").then().body("successful_rows", equalTo(1));
        byte[] second = TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "c2"), 1).get(0).toString()
                .getBytes(StandardCharsets.UTF_8);
        deadLetter(tenant + "\u001fc2", second, 7_000_002L);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/v1/admin/dead-letters").then().extract().path("data.size()").equals(1));
        String secondId = given().auth().oauth2(admin).get("/v1/admin/dead-letters").then().extract()
                .path("data[0].id");
        given().auth().oauth2(admin).post("/v1/admin/dead-letters/" + secondId + "/replay").then().statusCode(202);
        assertEquals(2, TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "c2"), 2).size());
        given().auth().oauth2(admin).contentType("application/json").body(other)
                .post("/v0/events?name=transactions").then().body("duplicate_rows", equalTo(1));
        given().auth().oauth2(admin).get("/v1/admin/dead-letters").then().body("data", hasSize(0));
    }

    @Test
    void lettersTheReaderCannotParseOrStoreDoNotStopIt() throws Exception {
        String tenant = "dlq-odd-" + UUID.randomUUID();
        String admin = OidcResource.token(tenant, "admin");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            // a header that is not a number, and a key PostgreSQL cannot store (a NUL): neither may stall the reader
            ProducerRecord<String, byte[]> odd = new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS,
                    Topics.key(tenant, "odd"), "{}".getBytes(StandardCharsets.UTF_8));
            odd.headers().add("dlq-topic", Topics.TRANSACTIONS.getBytes()).add("dlq-partition", "two".getBytes())
                    .add("dlq-offset", "x".getBytes());
            producer.send(odd).get();
            producer.send(new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS, Topics.key(tenant, "n\u0000l"),
                    "{}".getBytes(StandardCharsets.UTF_8))).get();
        }
        deadLetter(tenant, "{\"transaction_id\":\"after\"}".getBytes(StandardCharsets.UTF_8), 9_000_001L);
        // by hand: the odd one is kept (under fallback coordinates), the NUL one skipped, the last one kept
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(admin)
                .get("/v1/admin/dead-letters").then().extract().path("data.size()").equals(2));
    }

    private static void deadLetter(String keyOrTenant, byte[] record, long offset) throws Exception {
        String key = keyOrTenant.contains("\u001f") ? keyOrTenant : Topics.key(keyOrTenant, "c");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS, key, record);
            letter.headers().add("dlq-reason", "the database refused a value of this row (SQLSTATE 22021)"
                    .getBytes(StandardCharsets.UTF_8)).add("dlq-topic", Topics.TRANSACTIONS.getBytes())
                    .add("dlq-partition", "0".getBytes()).add("dlq-offset", Long.toString(offset).getBytes());
            producer.send(letter).get();
        }
    }

}
