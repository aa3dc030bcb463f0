package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** {@code GET /} and {@code GET /health} at the gateway's root, without credentials and with them. */
@QuarkusTest
@WithGatewayInfrastructure
class PlatformStatusTest {

    @Test
    void theRootListsThePublicRoutesWithTheirScopesAndWhereTheDocsAre() {
        JsonPath index = given().get("/").then().statusCode(200).contentType("application/json").extract()
                .jsonPath();
        assertTrue(index.getString("name").contains("CLV"));
        assertTrue(!index.getString("version").isBlank());
        assertTrue(index.getString("docs").equals("/docs") && index.getString("openapi").equals("/openapi"));
        List<Map<String, Object>> endpoints = index.getList("endpoints");
        assertTrue(endpoints.contains(Map.of("methods", List.of("GET"), "path", "/v0/pipes", "scope",
                "analytics:read")), endpoints.toString());
        assertTrue(endpoints.contains(Map.of("methods", List.of("GET"), "path", "/admin/metrics", "scope", "admin")));
        assertTrue(index.getList("aliases.rewrite").contains("/v1/models/{1}/train"));
    }

    @Test
    void healthReportsEveryPartWithoutCredentialsAndAsksEachAtMostOncePerInterval() {
        // the prediction upstream has no listener: the platform is degraded, not down (a round of probes made
        // while another test had it listening is reused for up to 5 s)
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> "degraded".equals(given().get("/health").jsonPath().getString("status")));
        given().get("/health").then().statusCode(200).body("status", equalTo("degraded"))
                .body("components.gateway.status", equalTo("up"))
                .body("components.ingestion.status", equalTo("up"))
                .body("components.segmentation.status", equalTo("up"))
                .body("components.prediction.status", equalTo("unreachable"))
                .body("components.postgresql.status", equalTo("up"))
                .body("components.keycloak.status", equalTo("up"))
                .body("components.kafka.status", equalTo("up"))
                .body("components.kafka.source", equalTo("ingestion readiness"))
                .body("components.projection.consumers.analytics-projector-0", equalTo("RUNNING"))
                .body("active_models", nullValue()).body("tenant", nullValue());

        EchoUpstream.Echo segmentation = EchoUpstream.segmentation();
        int before = segmentation.readinessProbes.get();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().get("/health").then().statusCode(200);
        }
        int rounds = segmentation.readinessProbes.get() - before;
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        // one round per 5 s, and at most one more when a cached round ran out just then
        assertTrue(rounds <= seconds / 5 + 1, rounds + " rounds of probes for 20 calls in " + seconds + " s");
    }

    @Test
    void withATokenHealthNamesTheTenantsActiveModels() {
        EchoUpstream.Echo prediction = EchoUpstream.openPrediction();
        try {
            prediction.canned.put("/v1/models", """
                    [{"id":"m-2","type":"bg_nbd","version":2,"status":"active","activated_at":"2024-06-01T00:00:00Z"},
                     {"id":"m-1","type":"bg_nbd","version":1,"status":"retired"}]""");
            String token = OidcResource.token("status-tenant", "predictions:read");
            // the probes are reused for 5 s: wait for a round that finds the prediction service
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "healthy".equals(given().get("/health").jsonPath().getString("status")));
            given().auth().oauth2(token).get("/health").then().statusCode(200)
                    .body("tenant", equalTo("status-tenant"))
                    .body("active_models.bg_nbd.id", equalTo("m-2"))
                    .body("active_models.bg_nbd.version", equalTo(2))
                    .body("active_models.xgboost", nullValue());
            given().auth().oauth2(OidcResource.token("status-reader", "analytics:read")).get("/health").then()
                    .statusCode(200).body("tenant", equalTo("status-reader"))
                    .body("active_models", startsWith("not shown"));
        } finally {
            prediction.canned.clear();
            EchoUpstream.closePrediction();
        }
    }
}
