package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithPlatformInfrastructure
class IdempotencyKeyTest {

    private static ValidatableResponse send(String key, String body) {
        return given().auth().oauth2(OidcResource.token("idem", "events:write")).header("Idempotency-Key", key)
                .contentType("application/x-ndjson").body(body.getBytes()).post("/v0/events?name=transactions")
                .then();
    }

    private static String row(String id) {
        return "{\"transaction_id\":\"" + id + "\",\"customer_id\":\"" + id
                + "\",\"transaction_date\":\"2024-01-01\",\"amount\":1}";
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheOriginalAnswer() {
        String id = UUID.randomUUID().toString();
        String key = "k-" + id;
        send(key, row(id)).statusCode(202).body("successful_rows", equalTo(1)).body("duplicate_rows", equalTo(0));
        // without the key the retry would say duplicate_rows 1; with it, the first answer comes back unchanged
        send(key, row(id)).statusCode(202).header("Idempotent-Replayed", "true")
                .body("successful_rows", equalTo(1)).body("duplicate_rows", equalTo(0));
        assertEquals(1, TopicReader.read(Topics.TRANSACTIONS, Topics.key("idem", id), 1).size());
    }

    @Test
    void theSameKeyOnAnotherBodyIs422() {
        String id = UUID.randomUUID().toString();
        send("k-" + id, row(id)).statusCode(202);
        send("k-" + id, row(id + "-other")).statusCode(422).contentType("application/problem+json");
    }

    @Test
    void aKeyInFlightForTheSameRequestIs409() throws Exception {
        String id = UUID.randomUUID().toString();
        String key = "k-" + id;
        send(key, row(id)).statusCode(202);
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            var update = db.prepareStatement("UPDATE ingestion.idempotency_keys SET state = 'in_flight' "
                    + "WHERE tenant_id = 'idem' AND idem_key = ?");
            update.setString(1, key);
            update.executeUpdate();
        }
        send(key, row(id)).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aFailedRequestGivesItsKeyBack() {
        String key = "k-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.token("idem", "events:write")).header("Idempotency-Key", key)
                .contentType("application/json").body("[{\"transaction_id\":".getBytes())
                .post("/v0/events?name=transactions").then().statusCode(400);
        send(key, row(UUID.randomUUID().toString())).statusCode(202).body("successful_rows", equalTo(1));
    }
}
