package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Quotas reserved before a call goes upstream and settled after, per tenant, over real HTTP. The test tier
 * {@code small} allows 5 calls and 1000 events an hour; rows are estimated at one per 16 bytes of body.
 */
@QuarkusTest
@WithGatewayInfrastructure
class QuotaReservationTest {
    private static final Pattern REMAINING = Pattern.compile("\"(\\w+)\";r=(\\d+);t=\\d+");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void parallelBatchesOfOneTenantCannotOvershootItsEventsQuotaByMoreThanOneReservation() {
        String token = token("parallel-" + System.nanoTime(), "events:write");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            body.append("{\"customer_id\":\"c-").append(String.format("%05d", i)).append("\"}\n");
        }
        byte[] batch = body.toString().getBytes(StandardCharsets.UTF_8);
        long reservation = (batch.length + 15) / 16;
        // ten batches of 300 rows at once, each held upstream long enough for all ten to be in flight together
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("/v0/events?name=customers&echo_hold_ms=700"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        long admitted = answers.stream().filter(a -> a.statusCode() == 200).count();
        long refused = answers.stream().filter(a -> a.statusCode() == 429).count();
        assertEquals(10, admitted + refused);
        assertTrue(admitted >= 1, "the first batch fits");
        assertTrue(admitted * 300 <= 1000 + reservation, admitted + " batches of 300 rows got in");
        // a write is let in while anything remains (holding what its size allows of it): the refused ones found
        // nothing left, the admitted ones' reservations having taken it all
        answers.stream().filter(a -> a.statusCode() == 429).forEach(a -> assertTrue(a.body().contains(
                "0 remain"), a.body()));
        // each admitted batch was settled to its 300 rows, and a write the service reports no rows for costs none
        assertEquals(1000 - 300 * admitted, eventsRemaining(token));
        assertEquals(1000 - 300 * admitted, eventsRemaining(token));
    }

    @Test
    void sampleDataIsChargedItsCustomersTimesTheRowsEachMakes() {
        String token = token("sample-" + System.nanoTime(), "models:write");
        try {
            openPrediction();
            Response first = given().auth().oauth2(token).post("/v1/sample-data?n_customers=100");
            assertEquals(200, first.statusCode());
            assertEquals("\"events\";q=1000;w=3600", first.header("RateLimit-Policy"));
            assertEquals(1000 - 100 * 7, remaining(first));
            // 50 customers would make 350 rows; 300 remain
            Response refused = given().auth().oauth2(token).post("/v1/sample-data?n_customers=50");
            assertEquals(429, refused.statusCode());
            assertTrue(refused.jsonPath().getString("detail").contains("300 remain, and this call needs 350"),
                    refused.asString());
            // a call the service fails generated nothing, and costs nothing
            Response failed = given().auth().oauth2(token).post("/v1/sample-data?n_customers=40&echo_status=500");
            assertEquals(500, failed.statusCode());
            assertEquals(300, remaining(failed));
        } finally {
            EchoUpstream.closePrediction();
        }
    }

    @Test
    void batchPredictionsAreChargedTheRowsTheirBodyCarries() {
        String token = token("scored-" + System.nanoTime(), "predictions:read", "events:write");
        try {
            openPrediction();
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < 120; i++) {
                ndjson.append("{\"customer_id\":\"c-").append(i).append("\"}\n").append(i % 10 == 0 ? " \n" : "");
            }
            given().auth().oauth2(token).contentType("application/x-ndjson")
                    .body(ndjson.toString().strip().getBytes(StandardCharsets.UTF_8))
                    .post("/v1/predict/batch").then().statusCode(200);
            assertEquals(1000 - 120, eventsRemaining(token));

            StringBuilder json = new StringBuilder("{\"horizon\":12,\"rows\":[");
            for (int i = 0; i < 80; i++) {
                json.append(i == 0 ? "" : ",").append("{\"features\":{\"recency\":[1,2],\"frequency\":").append(i)
                        .append("}}");
            }
            json.append("],\"time_unit\":[\"weeks\"]}");
            given().auth().oauth2(token).contentType(ContentType.JSON).body(json.toString())
                    .post("/v1/predict/batch").then().statusCode(200);
            assertEquals(1000 - 120 - 80, eventsRemaining(token));

            // a streamed body of unknown length holds what remains while it lasts, then costs its 50 rows
            HttpResponse<String> streamed = HTTP.send(HttpRequest.newBuilder(uri("/v1/predict/batch"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                            "{\"customer_id\":\"x\"}\n".repeat(50).getBytes(StandardCharsets.UTF_8))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, streamed.statusCode());
            assertTrue(streamed.body().contains("\"transfer-encoding\":\"chunked\""), streamed.body());
            assertEquals(1000 - 120 - 80 - 50, eventsRemaining(token));

            // a batch the service refuses scored nothing
            given().auth().oauth2(token).contentType("application/x-ndjson")
                    .body("{\"customer_id\":\"c\"}\n".repeat(30).getBytes(StandardCharsets.UTF_8))
                    .post("/v1/predict/batch?echo_status=409").then().statusCode(409);
            assertEquals(1000 - 120 - 80 - 50, eventsRemaining(token));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            EchoUpstream.closePrediction();
        }
    }

    @Test
    void everyKeyAndTokenOfATenantDrawsFromTheTenantsOneQuota() {
        String tenant = "keys-" + System.nanoTime();
        String admin = token(tenant, "admin");
        Response a = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "a", "scopes", List.of("analytics:read"))).post("/v1/api-keys");
        assertEquals(201, a.statusCode());
        assertEquals(4, remaining(a));
        Response b = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "b", "scopes", List.of("analytics:read"))).post("/v1/api-keys");
        assertEquals(3, remaining(b));
        String keyA = a.jsonPath().getString("key");
        String keyB = b.jsonPath().getString("key");

        assertEquals(2, remaining(given().header("X-API-Key", keyA).get("/v0/pipes/customer_ltv.json")));
        assertEquals(1, remaining(given().header("X-API-Key", keyB).get("/v0/pipes/customer_ltv.json")));
        assertEquals(0, remaining(given().auth().oauth2(token(tenant, "analytics:read"))
                .get("/v0/pipes/customer_ltv.json")));
        given().header("X-API-Key", keyA).get("/v0/pipes/customer_ltv.json").then().statusCode(429);
        given().header("X-API-Key", keyB).get("/v0/pipes/customer_ltv.json").then().statusCode(429);
        // another tenant's quota is its own
        given().auth().oauth2(token(tenant + "-other", "analytics:read")).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200);
    }

    /** A token of the test tier {@code small}. */
    private static String token(String tenant, String... scopes) {
        return OidcResource.issuer().forged(tenant, claims -> claims.setClaim("tier", "small"), jws -> {
        }, scopes);
    }

    /** What remains of the tenant's events, read from a write the service reports no rows for (it costs none). */
    private static long eventsRemaining(String token) {
        Response probe = given().auth().oauth2(token).body("{\"customer_id\":\"probe\"}")
                .post("/v0/events?name=customers&echo_rows=none");
        assertEquals(200, probe.statusCode());
        return remaining(probe);
    }

    private static long remaining(Response response) {
        Matcher m = REMAINING.matcher(String.valueOf(response.header("RateLimit")));
        assertTrue(m.matches(), response.statusCode() + " " + response.header("RateLimit") + " " + response.asString());
        return Long.parseLong(m.group(2));
    }

    private static void openPrediction() {
        EchoUpstream.openPrediction();
        // the prediction circuit may still be open from a test that found nobody listening: let it close again
        String reader = OidcResource.token("circuit-probe", "predictions:read");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth().oauth2(reader).get("/v1/models").statusCode() == 200);
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
