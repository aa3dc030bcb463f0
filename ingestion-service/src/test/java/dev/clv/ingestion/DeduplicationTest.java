package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.ingestion.ingest.EventPublisher;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class DeduplicationTest {
    @Inject
    EventPublisher publisher;

    private static String row(String id, String customer) {
        return "{\"transaction_id\":\"" + id + "\",\"customer_id\":\"" + customer
                + "\",\"transaction_date\":\"2024-01-01\",\"amount\":1}\n";
    }

    private static io.restassured.response.ValidatableResponse send(String tenant, String body) {
        return given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                .body(body.getBytes()).post("/v0/events?name=transactions").then();
    }

    @Test
    void aRowSentAgainIsReportedAsDuplicateAndPublishedOnce() {
        String c = UUID.randomUUID().toString();
        send("dedup", row("t1-" + c, c) + row("t2-" + c, c) + row("t1-" + c, c)).statusCode(202)
                .body("successful_rows", equalTo(2)).body("duplicate_rows", equalTo(1));
        send("dedup", row("t2-" + c, c) + row("t3-" + c, c)).statusCode(202)
                .body("successful_rows", equalTo(1)).body("duplicate_rows", equalTo(1));
        assertEquals(3, TopicReader.read(Topics.TRANSACTIONS, Topics.key("dedup", c), 3).size());
    }

    @Test
    void theSameIdInAnotherTenantIsNotADuplicate() {
        String c = UUID.randomUUID().toString();
        send("dedup-a", row("same-" + c, c)).body("successful_rows", equalTo(1));
        send("dedup-b", row("same-" + c, c)).body("successful_rows", equalTo(1)).body("duplicate_rows", equalTo(0));
    }

    @Test
    void concurrentRequestsWithTheSameRowsPublishEachRowOnce() throws Exception {
        String c = UUID.randomUUID().toString();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append(row("race-" + i + "-" + c, c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Callable<Integer> call = () -> send("dedup", body.toString()).statusCode(202).extract()
                    .path("successful_rows");
            answers.add(pool.submit(call));
        }
        int accepted = 0;
        for (Future<Integer> answer : answers) {
            accepted += answer.get();
        }
        pool.shutdown();
        assertEquals(50, accepted, "the four requests together accept each row exactly once");
        assertEquals(50, TopicReader.read(Topics.TRANSACTIONS, Topics.key("dedup", c), 50).size());
    }

    @Test
    void theProducerWaitsForEveryInSyncReplicaAndIsIdempotent() {
        assertEquals("all", publisher.settings().get("acks"));
        assertEquals("true", publisher.settings().get("enable.idempotence"));
    }
}
