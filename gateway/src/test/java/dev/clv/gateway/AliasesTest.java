package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The older systems' paths over real HTTP: the upstream is asked for the canonical path (query kept), the caller
 * needs the canonical route's scope and pays its meter, and the access log names both paths.
 */
@QuarkusTest
@WithGatewayInfrastructure
class AliasesTest {
    private static final String READER = OidcResource.token("aliases", "analytics:read");

    @Test
    void c360PathsReachTheirV1AnswersWithTheQueryKept() {
        given().auth().oauth2(READER).header("X-Request-Id", "alias-c360-1")
                .get("/marketing/churn-risk-customers?min_lifetime_value=5000&limit=10")
                .then().statusCode(200)
                .body("uri", equalTo("/v1/marketing/churn-risk-customers?min_lifetime_value=5000&limit=10"));
        given().auth().oauth2(READER).get("/analytics/customer-profiles?customer_status=Active&min_health_score=4.0")
                .then().statusCode(200)
                .body("uri", equalTo("/v1/analytics/customer-profiles?customer_status=Active&min_health_score=4.0"));
        given().auth().oauth2(READER).get("/customer-success/support-insights").then().statusCode(200)
                .body("uri", equalTo("/v1/customer-success/support-insights"));
        // the old API had no writes there, and neither has its alias
        given().auth().oauth2(READER).delete("/marketing/churn-risk-customers").then().statusCode(404)
                .contentType("application/problem+json");

        JsonObject line = line("alias-c360-1");
        assertEquals("/marketing/churn-risk-customers", line.getString("path"));
        assertEquals("/v1/marketing/churn-risk-customers", line.getString("upstream_path"));
        assertEquals("/v1/marketing", line.getString("route"));
    }

    @Test
    void theCustomerAnalyticsBaseCarriesEveryV1RouteWithThatRoutesScope() {
        given().auth().oauth2(READER).get("/customer-analytics/v1/customers?limit=10").then().statusCode(200)
                .body("uri", equalTo("/v1/customers?limit=10"));
        // the scope asked for is the canonical route's: a write needs events:write, whatever path it came by
        given().auth().oauth2(READER).contentType("application/json").body("{\"customer_id\":\"c1\"}")
                .post("/customer-analytics/v1/events").then().statusCode(403)
                .body("detail", containsString("'events:write'"));
        given().auth().oauth2(READER).get("/customer-analytics/v1/customers/c1/segments").then().statusCode(403)
                .body("detail", containsString("'segments:read'"));
        String writer = OidcResource.token("aliases", "events:write");
        given().auth().oauth2(writer).contentType("application/json").body("{\"customer_id\":\"c1\"}\n")
                .post("/customer-analytics/v1/events").then().statusCode(200)
                .body("uri", equalTo("/v1/events"))
                .header("RateLimit-Policy", containsString("\"events\""));
        // the gateway's own routes answer only at their own paths
        given().auth().oauth2(OidcResource.token("aliases", "admin")).get("/customer-analytics/v1/api-keys")
                .then().statusCode(404);
    }

    @Test
    void predictorPathsReachThePredictionServiceWithTheirMeters() {
        String token = OidcResource.issuer().forged("aliases-" + System.nanoTime(),
                claims -> claims.setClaim("tier", "small"), jws -> {
                }, "models:write", "predictions:read");
        try {
            EchoUpstream.openPrediction();
            awaitPredictionCircuit();
            given().auth().oauth2(token).header("X-Request-Id", "alias-train-1")
                    .contentType("application/json").body("{\"calibration_end\":\"2024-01-01\"}")
                    .post("/train/xgboost?n_samples=1000").then().statusCode(200)
                    .body("uri", equalTo("/v1/models/xgboost/train?n_samples=1000"));
            given().auth().oauth2(token).post("/generate-sample-data?n_customers=100").then().statusCode(200)
                    .body("uri", equalTo("/v1/sample-data?n_customers=100"))
                    // the sample-data meter: 100 customers at 7 rows each, from the small tier's 1000 events
                    .header("RateLimit", containsString("\"events\";r=300"));
            given().auth().oauth2(token).contentType("application/x-ndjson")
                    .body("{\"customer_id\":\"a\"}\n{\"customer_id\":\"b\"}\n".getBytes()).post("/predict/batch")
                    .then().statusCode(200).body("uri", equalTo("/v1/predict/batch"))
                    .header("RateLimit-Policy", containsString("\"events\""));
            given().auth().oauth2(token).contentType("application/json").body("{\"customer_id\":\"a\"}")
                    .post("/predict?model_type=xgboost").then().statusCode(200)
                    .body("uri", equalTo("/v1/predict?model_type=xgboost"));
            JsonObject line = line("alias-train-1");
            assertEquals("/train/xgboost", line.getString("path"));
            assertEquals("/v1/models/xgboost/train", line.getString("upstream_path"));
        } finally {
            EchoUpstream.closePrediction();
        }
        // a token without models:write cannot train by the old path either
        given().auth().oauth2(READER).post("/train/bg_nbd").then().statusCode(403)
                .body("detail", containsString("'models:write'"));
    }

    /** The prediction circuit may still be open from a test that found nobody listening: let it close again. */
    static void awaitPredictionCircuit() {
        String reader = OidcResource.token("circuit-probe", "predictions:read");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth().oauth2(reader).get("/v1/models").statusCode() == 200);
    }

    static JsonObject line(String requestId) {
        Path log = Path.of("target/access.log");
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"request_id\":\"" + requestId + "\"")).findFirst()
                .map(JsonObject::new).orElse(null), found -> found != null);
    }
}
