package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every way a problem is written (a REST mapper, the Vert.x failure handler below authentication, the router's
 * 404 and 405) answers RFC 9457 members and the seed 002 error envelope in one body.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ErrorEnvelopeTest {
    private static final List<String> MEMBERS = List.of("type", "title", "status", "detail", "instance", "errors",
            "success", "error_type", "error_message", "timestamp", "error_details");

    private static void assertEnvelope(Response response, int status, String errorType, String instance) {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        assertEquals(status, response.jsonPath().getInt("status"));
        assertEquals("about:blank", response.path("type"));
        assertEquals(instance, response.path("instance"));
        assertEquals(Boolean.FALSE, response.path("success"));
        assertEquals(errorType, response.path("error_type"));
        assertEquals((String) response.path("detail"), response.path("error_message"));
        assertEquals(status, response.jsonPath().getInt("error_details.status_code"));
        Instant at = Instant.parse(response.path("timestamp"));
        assertTrue(Duration.between(at, Instant.now()).abs().toSeconds() < 60, "timestamp " + at + " is now");
        // the members in RFC 9457's order first, then the envelope's
        List<String> names = new ArrayList<>(response.jsonPath().<String, Object>getMap("$").keySet());
        assertEquals(MEMBERS.stream().filter(names::contains).toList(), names);
    }

    @Test
    void aRestProblemCarriesBothShapes() {
        Response response = given().auth().oauth2(OidcResource.token("env", "events:write"))
                .contentType("application/json").body("{}").post("/v0/events?name=orders");
        assertEnvelope(response, 400, "BadRequest", "/v0/events");
        assertEquals("name", response.path("errors[0].field"));
    }

    @Test
    void aTokenRefusedBeforeAnyResourceCarriesBothShapes() {
        Response response = given().contentType("application/json").body("{}").post("/v0/events?name=customers");
        assertEnvelope(response, 401, "Unauthorized", "/v0/events");
    }

    @Test
    void routerProblemsCarryBothShapes() {
        String token = OidcResource.token("env", "events:write");
        assertEnvelope(given().auth().oauth2(token).get("/v1/not-a-route"), 404, "NotFound", "/v1/not-a-route");
        assertEnvelope(given().auth().oauth2(token).get("/v0/events?name=customers"), 405, "MethodNotAllowed",
                "/v0/events");
    }
}
