package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.awaitService;
import static dev.clv.ingestion.PrivacyCalls.count;
import static dev.clv.ingestion.PrivacyCalls.get;
import static dev.clv.ingestion.PrivacyCalls.publish;
import static dev.clv.ingestion.PrivacyCalls.query;
import static dev.clv.ingestion.PrivacyCalls.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.CustomerHash;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ingestion's part of an erase: the customer's quarantined rows and dead letters go, and so do their rows in a
 * stored export and their id in it; another customer's stay. A dead letter of a row ingested before the erase is
 * not stored again, one of a row sent after is. The same request delivered again deletes nothing more (rows that
 * came after the erase are new data) and answers the same counts.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PrivacyEraseTest {
    private static final String QUARANTINED = "SELECT count(*) FROM ingestion.quarantined_rows WHERE tenant_id = ? "
            + "AND customer_id = ?";
    private static final String LETTERS = "SELECT count(*) FROM ingestion.dead_letters WHERE tenant_id = ? AND "
            + "customer_id = ?";

    @Test
    void anEraseDeletesTheCustomersRowsOnceAndKeepsTheOthers() throws Exception {
        String tenant = "erase-" + UUID.randomUUID();
        quarantine(tenant, "ce", "q1");
        quarantine(tenant, "ce", "q2");
        quarantine(tenant, "ck", "q3");
        deadLetter(tenant, "ce", Instant.parse("2024-01-01T00:00:00Z"));
        deadLetter(tenant, "ck", Instant.parse("2024-01-01T00:00:00Z"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM "
                + "ingestion.dead_letters WHERE tenant_id = ?", tenant) == 2);
        // an export made before: ingestion's part stored with the others' rows of both customers
        String export = request(tenant, "export", "ce", "ck");
        awaitService(tenant, export, "ingestion", "completed");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM "
                + "ingestion.privacy_export_parts WHERE request_id = ?::uuid", export) == 1);

        String erase = request(tenant, "erase", "ce");
        awaitService(tenant, erase, "ingestion", "completed");
        get(tenant, "/" + erase).body("services.ingestion.counts.quarantined_rows", equalTo(2))
                .body("services.ingestion.counts.dead_letters", equalTo(1))
                .body("services.ingestion.counts.privacy_export_rows", equalTo(3));
        assertEquals(0, count(QUARANTINED, tenant, "ce"));
        assertEquals(0, count(LETTERS, tenant, "ce"));
        assertEquals(1, count(QUARANTINED, tenant, "ck"));
        assertEquals(1, count(LETTERS, tenant, "ck"));
        assertEquals(0, count("SELECT count(*) FROM ingestion.privacy_export_parts WHERE request_id = ?::uuid AND "
                + "sections::text LIKE '%\"ce\"%'", export));
        assertEquals(2, count("SELECT count(*) FROM ingestion.privacy_export_parts p, jsonb_each(p.sections) s, "
                + "jsonb_array_elements(s.value) r WHERE p.request_id = ?::uuid AND r->>'customer_id' = 'ck'", export));
        assertEquals("{ck}", query("SELECT customer_ids::text FROM ingestion.privacy_requests WHERE id = ?::uuid",
                export));
        assertEquals("{}", query("SELECT customer_ids::text FROM ingestion.privacy_requests WHERE id = ?::uuid",
                erase));
        assertEquals(1, count("SELECT count(*) FROM ingestion.erasure_guards WHERE tenant_id = ? AND "
                + "customer_hash = ?", tenant, CustomerHash.of(tenant, "ce")));

        // a letter of a row ingested before the erase stays away; one of a row sent after it is new data. A row
        // quarantined after the erase is new data too
        deadLetter(tenant, "ce", Instant.parse("2024-01-02T00:00:00Z"));
        deadLetter(tenant, "ce", Instant.now().plusSeconds(60));
        quarantine(tenant, "ce", "q4");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(LETTERS, tenant, "ce") == 1);
        String finishedAt = get(tenant, "/" + erase).extract().path("services.ingestion.finished_at");

        // delivered again (a redelivery after a restart): nothing more is deleted, the same counts are answered
        publish(Topics.PRIVACY_REQUESTS, null, tenant, new PrivacyRequest(UUID.fromString(erase), tenant,
                PrivacyRequest.ERASE, List.of("ce"), Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !finishedAt.equals(get(tenant, "/" + erase)
                .extract().path("services.ingestion.finished_at")));
        get(tenant, "/" + erase).body("services.ingestion.counts.quarantined_rows", equalTo(2))
                .body("services.ingestion.counts.dead_letters", equalTo(1));
        assertEquals(1, count(QUARANTINED, tenant, "ce"));
        assertEquals(1, count(LETTERS, tenant, "ce"));
        assertEquals(1, count(QUARANTINED, tenant, "ck"));
        assertEquals(1, count(LETTERS, tenant, "ck"));
    }

    private static void quarantine(String tenant, String customer, String id) {
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/json")
                .body("{\"transaction_id\":\"" + id + "\",\"customer_id\":\"" + customer + "\","
                        + "\"transaction_date\":\"never\",\"amount\":1}")
                .post("/v0/events?name=transactions").then().statusCode(202).body("quarantined_rows", equalTo(1));
    }

    // as the analytics projection dead-letters a row: on one partition, so letters are read in the order sent
    private static void deadLetter(String tenant, String customer, Instant ingestedAt) throws Exception {
        String record = "{\"tenantId\":\"" + tenant + "\",\"transactionId\":\"" + UUID.randomUUID()
                + "\",\"customerId\":\"" + customer + "\",\"ingestedAt\":\"" + ingestedAt + "\"}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(java.util.Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.ANALYTICS_DEAD_LETTERS, 0,
                    Topics.key(tenant, customer), record.getBytes(StandardCharsets.UTF_8));
            letter.headers().add("dlq-reason", "refused".getBytes()).add("dlq-topic", Topics.TRANSACTIONS.getBytes())
                    .add("dlq-partition", "0".getBytes()).add("dlq-offset", Long.toString(ThreadLocalRandom
                            .current().nextLong(1L << 40, 1L << 50)).getBytes());
            producer.send(letter).get();
        }
    }
}
