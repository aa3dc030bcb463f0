package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
}
