package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

@QuarkusTest
@WithGatewayInfrastructure
class ProxyRoutesTest {

    @Test
    void aValidCallIsStreamedUpstreamWithItsTokenAndBody() {
        String token = OidcResource.token("acme", "events:write");
        given().auth().oauth2(token).contentType("application/x-ndjson")
                .body("{\"a\":1}\n{\"a\":2}\n".getBytes())
                .post("/v0/events?name=transactions&wait=true")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/v0/events?name=transactions&wait=true"))
                .body("body", equalTo("{\"a\":1}\n{\"a\":2}\n"))
                .body("headers.authorization", equalTo("Bearer " + token));
    }

    @Test
    void identityHeadersSentByTheClientNeverReachUpstream() {
        given().auth().oauth2(OidcResource.token("acme", "analytics:read"))
                .header("X-Tenant-Id", "victim").header("X-User-Id", "root")
                .get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200)
                .body("headers.x-tenant-id", nullValue()).body("headers.x-user-id", nullValue());
    }

    @Test
    void aRequestIdIsKeptWhenValidAndMadeWhenNot() {
        String token = OidcResource.token("acme", "analytics:read");
        given().auth().oauth2(token).header("X-Request-Id", "abc-123").get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200).header("X-Request-Id", "abc-123")
                .body("headers.x-request-id", equalTo("abc-123"));
        given().auth().oauth2(token).header("X-Request-Id", "bad id with spaces\"").get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void noTokenIs401Problem() {
        given().get("/v0/pipes/customer_ltv.json").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    @Test
    void aTamperedTokenIs401Problem() {
        String token = OidcResource.token("acme", "analytics:read");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().auth().oauth2(tampered).get("/v0/pipes/customer_ltv.json").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aMissingScopeIs403ProblemNamingIt() {
        given().auth().oauth2(OidcResource.token("acme", "analytics:read")).body("{}")
                .post("/v0/events?name=customers").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("events:write"));
        // the specific route wins over its /v1/customers prefix
        given().auth().oauth2(OidcResource.token("acme", "analytics:read")).get("/v1/customers/c1/segments")
                .then().statusCode(403).body("detail", containsString("segments:read"));
    }

    @Test
    void aNonCanonicalPathIsRefusedBeforeAnyRouteIsChosen() throws Exception {
        String token = OidcResource.token("acme", "admin");
        for (String path : new String[]{"/v1/segments/../customers", "/v1/segments/%2e%2e/customers",
                "/v0/./pipes/customer_ltv.json"}) {
            String statusLine = rawGet(path, token);
            assertTrue(statusLine.startsWith("HTTP/1.1 400"), path + " answered " + statusLine);
        }
    }

    // HTTP clients normalize dot segments before sending; a raw request line is what a hostile client sends
    private static String rawGet(String path, String token) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void anUnknownRouteIs404Problem() {
        given().auth().oauth2(OidcResource.token("acme", "admin")).get("/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnreachableUpstreamIs502NamingItUntilItsCircuitOpensThen503WithRetryAfter() {
        String token = OidcResource.token("acme", "predictions:read");
        List<Integer> statuses = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 8 && !statuses.contains(503); i++) {
            last = given().auth().oauth2(token).get("/v1/models");
            statuses.add(last.statusCode());
            assertEquals("application/problem+json", last.contentType());
            assertTrue(last.jsonPath().getString("detail").contains("prediction"), last.body().asString());
        }
        // five consecutive failures open the circuit; the sixth call is not even tried
        assertEquals(List.of(502, 502, 502, 502, 502, 503), statuses);
        assertEquals("10", last.header("Retry-After"));
        // other upstreams keep their own circuits
        given().auth().oauth2(OidcResource.token("acme", "analytics:read")).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200);
    }

    // over HTTP/2 a body already read cannot be resumed: releasing it threw, and the client waited for ever
    @Test
    void aPostOverHttp2WhoseUpstreamHangsUpIsAnsweredNotLeftHanging() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        String base = "http://localhost:" + RestAssured.port;
        String token = OidcResource.token("acme", "events:write");
        // the first exchange upgrades the connection to h2c; the POST then travels as an HTTP/2 stream
        http2.send(HttpRequest.newBuilder(URI.create(base + "/v1/nothing-here")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> answer = http2
                .send(HttpRequest.newBuilder(URI.create(base + "/v0/events?name=t&echo_close=true"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}\n"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, answer.version());
        assertEquals(502, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("ingestion"), answer.body());
    }

    @Test
    void aValidTraceparentIsPassedOnAndAMissingOneIsStarted() {
        String token = OidcResource.token("acme", "analytics:read");
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth().oauth2(token).header("traceparent", incoming).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200).body("headers.traceparent", equalTo(incoming));
        for (String bad : new String[]{null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "garbage"}) {
            var request = given().auth().oauth2(token);
            if (bad != null) {
                request.header("traceparent", bad);
            }
            request.get("/v0/pipes/customer_ltv.json").then().statusCode(200)
                    .body("headers.traceparent", matchesPattern("00-(?!0{32})[0-9a-f]{32}-[0-9a-f]{16}-01"));
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeAnythingGoesUpstream() throws Exception {
        String token = OidcResource.token("acme", "events:write");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("POST /v0/events?name=customers HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: 20000000\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(statusLine.startsWith("HTTP/1.1 413"), statusLine);
        }
    }

    @Test
    void corsPreflightAnswersOnlyTheConfiguredOrigin() {
        given().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .options("/v0/events").then().header("Access-Control-Allow-Origin", "https://app.example");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/v0/events").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
