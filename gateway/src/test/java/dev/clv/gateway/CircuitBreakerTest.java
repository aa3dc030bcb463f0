package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
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
import java.util.function.Function;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The segmentation upstream's circuit over real HTTP (the test profile gives upstreams 5 s to answer, the circuit
 * opens after 5 faults for 10 s and then lets 3 trial calls through): only the upstream's own faults count.
 */
@QuarkusTest
@WithGatewayInfrastructure
class CircuitBreakerTest {
    private static final String TOKEN = OidcResource.token("circuits", "segments:read", "segments:write");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void clientsThatLeaveMidRequestNeitherOpenTheCircuitNorLeaveUpstreamExchangesBehind() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.segmentation();
        int received = upstream.received.get();
        int cancelled = upstream.cancelled.get();
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // waiting for an answer the upstream holds for 60 s
            clients.add(send("GET /v1/segments?echo_hold_ms=60000 HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + "Bearer " + TOKEN + "\r\n\r\n"));
        }
        for (int i = 0; i < 8; i++) {
            // half-way through sending a body
            clients.add(send("POST /v1/segments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"name\":\"half"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> upstream.received.get() - received == 16);
        long left = System.nanoTime();
        for (Socket client : clients) {
            client.close();
        }
        // every upstream exchange is cancelled with its client, well before the 5 s the upstream has to answer
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> upstream.cancelled.get() - cancelled == 16);
        long took = (System.nanoTime() - left) / 1_000_000;
        assertTrue(took < 4_000, "the upstream exchanges ended " + took + " ms after their clients left");

        // sixteen cancellations, more than three times the five faults that open a circuit: still closed
        given().auth().oauth2(TOKEN).get("/v1/segments").then().statusCode(200);
        assertEquals(Map.of(200, 8), statuses(8, i -> get("/v1/segments")));
    }

    @Test
    void anUpstreamThatStopsAnsweringOpensItsCircuitAndTrialCallsLetTrafficBackIn() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.segmentation();
        // five calls the upstream never answers: five 504s after the 5 s it has to answer
        assertEquals(Map.of(504, 5), statuses(5, i -> get("/v1/segments?echo_hold_ms=60000")));
        long opened = System.nanoTime();
        var paused = given().auth().oauth2(TOKEN).get("/v1/segments");
        assertEquals(503, paused.statusCode());
        assertEquals("10", paused.header("Retry-After"));
        assertTrue(paused.jsonPath().getString("detail").contains("segmentation"), paused.asString());

        // after the open period, of eight calls made together only the three trial calls reach the upstream
        Thread.sleep(Math.max(0, 10_500 - (System.nanoTime() - opened) / 1_000_000));
        int before = upstream.received.get();
        List<HttpResponse<String>> trial = all(8, i -> get("/v1/segments?echo_hold_ms=1500"));
        assertEquals(Map.of(200, 3, 503, 5), count(trial));
        assertEquals(3, upstream.received.get() - before);
        trial.stream().filter(r -> r.statusCode() == 503).forEach(r -> {
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
            assertTrue(r.body().contains("trial calls"), r.body());
        });
        // all three succeeded: the circuit is closed, and everything goes through again
        assertEquals(Map.of(200, 8), statuses(8, i -> get("/v1/segments")));
    }

    @Test
    void aClientThatUploadsSlowlyIsNotASlowUpstream() throws Exception {
        String body = "{\"name\":\"slow\",\"rule\":{}}";
        try (Socket client = send("POST /v1/segments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")) {
            OutputStream out = client.getOutputStream();
            // the body takes 7 s to arrive, longer than the 5 s the upstream has to answer once it has it all
            for (int i = 0; i < body.length(); i += 4) {
                out.write(body.substring(i, Math.min(body.length(), i + 4)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(7_000 / (body.length() / 4 + 1));
            }
            String status = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", status);
        }
    }

    @Test
    void aClientWhoseBodyStopsArrivingGets408AndIsNoUpstreamFault() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.segmentation();
        int cancelled = upstream.cancelled.get();
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // more than the five faults that would open the circuit
            clients.add(send("POST /v1/segments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":\"stalled"));
        }
        for (Socket client : clients) {
            // nothing more comes for longer than the 5 s an upstream has to answer
            client.setSoTimeout(15_000);
            String status = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 408 Request Timeout", status);
            client.close();
        }
        // the upstream exchanges were cancelled, not left waiting for the rest of the body
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.cancelled.get() - cancelled == 6);
        assertEquals(Map.of(200, 3), statuses(3, i -> get("/v1/segments")));
    }

    private static Socket send(String head) throws Exception {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    private static CompletableFuture<HttpResponse<String>> get(String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<HttpResponse<String>> all(int n,
            Function<Integer, CompletableFuture<HttpResponse<String>>> call) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(call.apply(i));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static Map<Integer, Integer> statuses(int n,
            Function<Integer, CompletableFuture<HttpResponse<String>>> call) {
        return count(all(n, call));
    }

    private static Map<Integer, Integer> count(List<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode,
                Collectors.summingInt(r -> 1)));
    }
}
