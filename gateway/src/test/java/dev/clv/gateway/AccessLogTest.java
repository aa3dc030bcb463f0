package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

import dev.clv.testsupport.OidcResource;

@QuarkusTest
@WithGatewayInfrastructure
class AccessLogTest {
    private static final Path LOG = Path.of("target/access.log");

    @Test
    void eachRequestIsOneJsonLineWithItsClientAndStatusButNeverItsCredential() throws Exception {
        String token = OidcResource.token("acme", "admin");
        String key = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "logged", "scopes", List.of("analytics:read"))).post("/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        given().header("X-API-Key", key).header("X-Request-Id", "log-key-1").get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200);
        given().auth().oauth2(token).header("X-Request-Id", "log-token-1").get("/v1/nothing").then().statusCode(404);

        JsonObject viaKey = line("log-key-1");
        assertEquals("acme", viaKey.getString("tenant"));
        assertEquals(200, viaKey.getInteger("status"));
        assertEquals("/v0/pipes", viaKey.getString("route"));
        assertEquals("analytics", viaKey.getString("upstream"));
        assertEquals(true, viaKey.getString("client").startsWith("key:"));
        assertEquals(32, viaKey.getString("trace_id").length());
        assertEquals(true, viaKey.getDouble("latency_ms") >= 0);
        assertEquals(404, line("log-token-1").getInteger("status"));

        String all = Files.readString(LOG);
        assertFalse(all.contains(key), "an API key was logged");
        assertFalse(all.contains(token.substring(token.lastIndexOf('.') + 1)), "a token was logged");
    }

    private static JsonObject line(String requestId) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(LOG).stream()
                .filter(l -> l.contains("\"request_id\":\"" + requestId + "\"")).findFirst()
                .map(JsonObject::new).orElse(null), found -> found != null);
    }
}
