package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.FreePorts;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no broker to talk to, a write is a 503 that accounts for every row and leaves no claim behind. */
@QuarkusTest
@TestProfile(KafkaDownTest.NoBroker.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
class KafkaDownTest {

    /** Points the service at a port where no broker listens. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "localhost:" + FreePorts.next(),
                    "ingestion.publish-timeout", "2s");
        }
    }

    @Test
    void aWriteKafkaCannotTakeIs503WithAnExactAccount() throws Exception {
        String c = UUID.randomUUID().toString();
        // 40 rows Kafka cannot take: detected once per row, they would take at least 40 × the 2 s publish timeout
        StringBuilder body = new StringBuilder(("{\"transaction_id\":\"down-1-%1$s\",\"customer_id\":\"%1$s\","
                + "\"transaction_date\":\"2024-01-01\",\"amount\":1}\n{\"transaction_id\":\"down-2-%1$s\","
                + "\"customer_id\":\"%1$s\",\"transaction_date\":\"not a date\",\"amount\":1}\n").formatted(c));
        List<Integer> failed = new ArrayList<>(List.of(1));
        for (int row = 3; row <= 41; row++) {
            body.append(("{\"transaction_id\":\"down-%2$d-%1$s\",\"customer_id\":\"%1$s\","
                    + "\"transaction_date\":\"2024-01-01\",\"amount\":2}\n").formatted(c, row));
            failed.add(row);
        }
        long started = System.nanoTime();
        given().auth().oauth2(OidcResource.token("down", "events:write")).contentType("application/x-ndjson")
                .body(body.toString().getBytes()).post("/v0/events?name=transactions")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("successful_rows", equalTo(0)).body("quarantined_rows", equalTo(1))
                .body("failed_rows", equalTo(failed))
                // the seed 002 envelope rides along with the account
                .body("success", equalTo(false)).body("error_type", equalTo("ServiceUnavailable"))
                .body("error_details.status_code", equalTo(503));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        // a wide margin below 80 s: a loaded machine slows the call, it cannot make 40 timeouts fit
        assertEquals(true, seconds < 60, "a dead broker is detected once, not once per row (" + seconds + " s)");

        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM ingestion.seen_rows "
                        + "WHERE tenant_id = 'down' AND row_id LIKE 'down-%-" + c + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "refused rows must not be remembered as seen");
        }
    }
}
