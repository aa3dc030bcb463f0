package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class TrackResourceTest {
    private static final String TOKEN = OidcResource.token("track", "events:write");

    private static String event(String id, String customer) {
        return "{\"event_id\":\"" + id + "\",\"customer_id\":\"" + customer
                + "\",\"event_type\":\"add_to_cart\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"session_id\":\"s1\"}";
    }

    @Test
    void oneEventIsTrackedOnceEvenWhenSentTwice() {
        String c = UUID.randomUUID().toString();
        given().auth().oauth2(TOKEN).contentType("application/json").body(event("e1-" + c, c)).post("/v1/events")
                .then().statusCode(202).body("successful_rows", equalTo(1));
        given().auth().oauth2(TOKEN).contentType("application/json").body(event("e1-" + c, c)).post("/v1/events")
                .then().statusCode(202).body("successful_rows", equalTo(0)).body("duplicate_rows", equalTo(1));
        assertEquals(1, TopicReader.read(Topics.EVENTS, Topics.key("track", c), 1).size());
    }

    @Test
    void aBatchAnswersPerRowAndHasALimit() {
        String c = UUID.randomUUID().toString();
        given().auth().oauth2(TOKEN).contentType("application/json")
                .body("[" + event("b1-" + c, c) + ",{\"customer_id\":\"" + c + "\"}," + event("b2-" + c, c) + "]")
                .post("/v1/events/batch").then().statusCode(202).body("successful_rows", equalTo(2))
                .body("quarantined_rows", equalTo(1)).body("errors[0].row", equalTo(2))
                .body("errors[0].field", equalTo("event_type"));
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.append(event("x" + i, c)).append('\n');
        }
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").body(tooMany.toString().getBytes())
                .post("/v1/events/batch").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void aGzipBodyIsAccepted() throws Exception {
        String c = UUID.randomUUID().toString();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write((event("g1-" + c, c) + "\n" + event("g2-" + c, c)).getBytes(StandardCharsets.UTF_8));
        }
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").header("Content-Encoding", "gzip")
                .body(zipped.toByteArray()).post("/v0/events?name=events").then().statusCode(202)
                .body("successful_rows", equalTo(2));
    }

    @Test
    void anEventWithoutATimestampHappenedWhenItWasReceivedAndTheAnswerSaysSo() {
        String c = UUID.randomUUID().toString();
        // seed 003's documented call, as it is
        String seed = """
                {
                    "customer_id": "%s",
                    "event_type": "page_view",
                    "properties": {
                      "page_title": "Product Page",
                      "product_id": "product_456"
                    }
                  }""".formatted(c);
        java.time.Instant before = java.time.Instant.now();
        io.restassured.path.json.JsonPath answer = given().auth().oauth2(TOKEN).contentType("application/json")
                .body(seed).post("/v1/events").then().statusCode(202).body("successful_rows", equalTo(1))
                .body("defaults[0].field", equalTo("timestamp")).body("defaults[0].rows", equalTo(List.of(1)))
                .extract().jsonPath();
        java.time.Instant after = java.time.Instant.now();
        java.time.Instant given = java.time.Instant.parse(answer.getString("defaults[0].value"));
        assertEquals(false, given.isBefore(before) || given.isAfter(after), given + " within the request");
        com.fasterxml.jackson.databind.JsonNode stored = TopicReader.read(Topics.EVENTS, Topics.key("track", c), 1)
                .get(0);
        assertEquals(given, java.time.Instant.parse(stored.get("timestamp").asText()));
        assertEquals("Product Page", stored.at("/properties/page_title").asText());

        // a batch names only the rows stored with the default: not one that had a timestamp, was rejected, or was
        // already stored
        given().auth().oauth2(TOKEN).contentType("application/x-ndjson").body((event("d1-" + c, c) + "\n"
                + "{\"event_id\":\"d2-" + c + "\",\"customer_id\":\"" + c + "\",\"event_type\":\"x\"}\n"
                + "{\"customer_id\":\"" + c + "\"}\n"
                + "{\"event_id\":\"d2-" + c + "\",\"customer_id\":\"" + c + "\",\"event_type\":\"x\"}\n"
                + "{\"event_id\":\"d5-" + c + "\",\"customer_id\":\"" + c + "\",\"event_type\":\"x\","
                + "\"timestamp\":null}").getBytes()).post("/v1/events/batch").then().statusCode(202)
                .body("successful_rows", equalTo(3)).body("duplicate_rows", equalTo(1))
                .body("quarantined_rows", equalTo(1)).body("defaults", org.hamcrest.Matchers.hasSize(1))
                .body("defaults[0].rows", equalTo(List.of(2, 5)));

        // the Tinybird-compatible API keeps requiring it
        given().auth().oauth2(TOKEN).contentType("application/json")
                .body("{\"customer_id\":\"" + c + "\",\"event_type\":\"x\"}").post("/v0/events?name=events").then()
                .statusCode(202).body("successful_rows", equalTo(0)).body("errors[0].field", equalTo("timestamp"))
                .body("errors[0].reason", equalTo("required")).body("$", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("defaults")));
    }

    @Test
    void aReplayedTrackingRowWithoutTimestampHappenedWhenItFirstArrived() {
        String tenant = "track-q-" + UUID.randomUUID();
        String token = OidcResource.token(tenant, "events:write");
        String c = UUID.randomUUID().toString();
        given().auth().oauth2(token).contentType("application/json").body("{\"customer_id\":\"" + c + "\"}")
                .post("/v1/events").then().statusCode(202).body("quarantined_rows", equalTo(1))
                .body("errors[0].field", equalTo("event_type"));
        io.restassured.path.json.JsonPath kept = given().auth().oauth2(token).get("/v1/quarantine?name=events")
                .then().statusCode(200).body("data[0].timestamp_defaults", equalTo(true))
                .body("data[0].patch", equalTo(false)).extract().jsonPath();
        java.time.Instant received = java.time.OffsetDateTime.parse(kept.getString("data[0].received_at"))
                .toInstant();
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"event_id\":\"r-" + c + "\",\"customer_id\":\"" + c + "\",\"event_type\":\"signup\"}")
                .post("/v1/quarantine/" + kept.getString("data[0].id") + "/replay").then().statusCode(200)
                .body("successful_rows", equalTo(1)).body("defaults[0].rows", equalTo(List.of(1)));
        com.fasterxml.jackson.databind.JsonNode stored = TopicReader.read(Topics.EVENTS, Topics.key(tenant, c), 1)
                .get(0);
        assertEquals(received, java.time.Instant.parse(stored.get("timestamp").asText()));
    }
}
