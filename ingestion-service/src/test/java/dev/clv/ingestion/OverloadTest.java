package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With a tiny in-flight budget, a write that does not fit is shed with 503 + Retry-After; one that fits passes. */
@QuarkusTest
@TestProfile(OverloadTest.TinyBudget.class)
@WithPlatformInfrastructure
class OverloadTest {

    /** 200 bytes of bodies in flight at most. */
    public static class TinyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingestion.max-in-flight-bytes", "200");
        }
    }

    @Test
    void aWriteOverTheBudgetIsShedAndOneWithinItPasses() {
        String token = OidcResource.token("overload", "events:write");
        given().auth().oauth2(token).contentType("application/x-ndjson")
                .body(("{\"customer_id\":\"" + "c".repeat(300) + "\"}").getBytes())
                .post("/v0/events?name=customers").then().statusCode(503).header("Retry-After", "1")
                .contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/x-ndjson").body("{\"customer_id\":\"c\"}".getBytes())
                .post("/v0/events?name=customers").then().statusCode(202).body("successful_rows", equalTo(1));
    }
}
