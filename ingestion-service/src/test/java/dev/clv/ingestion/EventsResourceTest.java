package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class EventsResourceTest {

    private static String writer(String tenant) {
        return OidcResource.token(tenant, "events:write");
    }

    @Test
    void acceptedTransactionsReachKafkaWithTheTokensTenant() {
        String customer = "c-" + UUID.randomUUID();
        String body = """
                {"transaction_id":"t1-%1$s","customer_id":"%1$s","transaction_date":"2024-03-01 10:00:00","amount":10.25,"tenant_id":"evil"}
                {"transaction_id":"t2-%1$s","customer_id":"%1$s","transaction_date":"2024-03-02T10:00:00+02:00","amount":"20.50"}
                """
                .formatted(customer);
        given().auth().oauth2(writer("acme")).contentType("application/x-ndjson")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v0/events?name=transactions")
                .then().statusCode(202)
                .body("successful_rows", equalTo(2)).body("quarantined_rows", equalTo(0));

        List<TransactionEvent> seen = readTopic(Topics.TRANSACTIONS, Topics.key("acme", customer), 2);
        assertEquals(2, seen.size());
        assertEquals("acme", seen.get(0).tenantId());
        assertEquals(new BigDecimal("10.25"), seen.get(0).amount());
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), seen.get(0).transactionDate());
        assertEquals(new BigDecimal("20.50"), seen.get(1).amount());
        assertEquals(Instant.parse("2024-03-02T08:00:00Z"), seen.get(1).transactionDate());
    }

    @Test
    void badRowsAreQuarantinedWithTheirFieldAndReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = """
                [{"transaction_id":"ok-%1$s","customer_id":"c1","transaction_date":"2024-01-31","amount":5},
                 {"transaction_id":"bad-%1$s","customer_id":"c1","transaction_date":"2024-02-30","amount":5},
                 {"transaction_id":"neg-%1$s","customer_id":"c1","transaction_date":"2024-01-01","amount":-3},
                 {"customer_id":"c1","transaction_date":"2024-01-01","amount":1}]
                """.formatted(marker);
        given().auth().oauth2(writer("quarantine-" + marker)).contentType("application/json").body(body)
                .post("/v0/events?name=transactions")
                .then().statusCode(202)
                .body("successful_rows", equalTo(1)).body("quarantined_rows", equalTo(3))
                .body("errors[0].row", equalTo(2)).body("errors[0].field", equalTo("transaction_date"))
                .body("errors[1].field", equalTo("amount")).body("errors[2].field", equalTo("transaction_id"));

        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                ResultSet rs = db.createStatement().executeQuery(
                        "SELECT row_number, field FROM ingestion.quarantined_rows WHERE tenant_id = 'quarantine-"
                                + marker + "' ORDER BY row_number")) {
            List<String> kept = new ArrayList<>();
            while (rs.next()) {
                kept.add(rs.getInt(1) + ":" + rs.getString(2));
            }
            assertEquals(List.of("2:transaction_date", "3:amount", "4:transaction_id"), kept);
        }
    }

    @Test
    void aMissingTokenIsAProblem401() {
        given().contentType("application/json").body("{}").post("/v0/events?name=transactions")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aForgedTokenIsAProblem401() {
        String token = writer("acme");
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(forged).contentType("application/json").body("{}")
                .post("/v0/events?name=transactions")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aTokenWithoutTheScopeIsAProblem403() {
        given().auth().oauth2(OidcResource.token("acme", "analytics:read")).contentType("application/json")
                .body("{}").post("/v0/events?name=transactions")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("events:write"));
    }

    @Test
    void aTokenWithoutATenantIsAProblem403() {
        given().auth().oauth2(OidcResource.token(null, "events:write")).contentType("application/json")
                .body("{}").post("/v0/events?name=transactions")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("tenant"));
    }

    @Test
    void anUnknownDataSourceNamesTheParameter() {
        given().auth().oauth2(writer("acme")).contentType("application/json").body("{}")
                .post("/v0/events?name=orders")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void anUnknownPathOrMethodIsAProblemToo() {
        given().auth().oauth2(writer("acme")).get("/v1/not-a-route").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(writer("acme")).get("/v0/events?name=transactions").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), containsString("Kafka")));
    }

    private static List<TransactionEvent> readTopic(String topic, String key, int expected) {
        return TopicReader.read(topic, key, expected).stream()
                .map(node -> EventJson.read(node.toString().getBytes(StandardCharsets.UTF_8), TransactionEvent.class))
                .toList();
    }
}
