package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Server-sent events through the streaming route {@code GET /v1/events/stream} to the echo upstream's event stream,
 * with upstreams given 2 s to answer, a gateway that closes connections idle for 5 s, and at most 2 streams per
 * tenant and 4 in all. Every exchange is read off its own socket as it arrives, so the time each event reaches the
 * client is known.
 */
@QuarkusTest
@WithGatewayInfrastructure
@TestProfile(StreamingRoutesTest.Streaming.class)
class StreamingRoutesTest {
    private static final Path ACCESS_LOG = Path.of("target/access.log");

    public static class Streaming implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream-timeout", "2s", "quarkus.http.idle-timeout", "5s",
                    "gateway.streams.max-per-tenant", "2", "gateway.streams.max-total", "4");
        }
    }

    @Test
    void aStreamLongerThanTheUpstreamTimeoutArrivesWholeAndEachEventAsItIsSent() throws Exception {
        String requestId = "stream-" + UUID.randomUUID();
        String token = OidcResource.token("stream-whole", "analytics:read");
        // 25 events, one every 200 ms: the stream lasts 5 s, more than twice the 2 s an upstream has to answer
        try (Sse sse = Sse.open("/v1/events/stream?event_type=purchase&echo_sse_events=25&echo_sse_every_ms=200",
                token, "X-Request-Id: " + requestId)) {
            assertEquals(200, sse.status);
            assertTrue(sse.header("content-type").startsWith("text/event-stream"), sse.headers.toString());
            assertEquals("chunked", sse.header("transfer-encoding"));
            assertNull(sse.header("content-length"));
            assertEquals("no", sse.header("x-accel-buffering"));
            assertEquals(requestId, sse.header("x-request-id"));

            assertFalse(sse.read(1));
            long first = sse.events.get(0).atMillis();
            assertTrue(first < 1_000, "the first event arrived after " + first + " ms");
            // counted once, when it ends: nothing is logged while it runs
            assertFalse(Files.exists(ACCESS_LOG) && Files.readString(ACCESS_LOG).contains(requestId),
                    "a stream was logged before it ended");

            assertTrue(sse.read(Integer.MAX_VALUE), "the stream ended");
            assertEquals(ids(1, 25), sse.ids());
            long twelfth = sse.events.get(11).atMillis();
            long last = sse.events.get(24).atMillis();
            assertTrue(twelfth - first >= 1_500 && last - twelfth >= 1_500 && last >= 4_500,
                    "events were sent 200 ms apart and arrived at " + sse.arrivals());
        }
        JsonObject line = accessLine(requestId);
        assertEquals(200, line.getInteger("status"));
        assertEquals("/v1/events/stream", line.getString("route"));
        assertEquals("ingestion", line.getString("upstream"));
        assertEquals(true, line.getBoolean("streaming"));
        assertEquals(true, line.getBoolean("completed"));
        assertTrue(line.getDouble("latency_ms") >= 4_500, line.encode());
        assertTrue(line.getLong("bytes_sent") > 25 * "id: 1\nevent: customer_event\n".length(), line.encode());
        Thread.sleep(300);
        assertEquals(1, Files.readAllLines(ACCESS_LOG).stream().filter(l -> l.contains(requestId)).count());
    }

    @Test
    void aQuietStreamOutlivesTheUpstreamTimeoutAndTheGatewaysIdleTimeout() throws Exception {
        String token = OidcResource.token("stream-quiet", "analytics:read");
        // an event every 3 s, more than the 2 s an upstream has to answer; 6 s in all, more than the 5 s after which
        // the gateway closes a connection where nothing moves (heartbeats are what keep a quiet stream moving)
        try (Sse sse = Sse.open("/v1/events/stream?echo_sse_events=2&echo_sse_every_ms=3000", token)) {
            assertEquals(200, sse.status);
            assertTrue(sse.read(Integer.MAX_VALUE), "the stream ended");
            assertEquals(ids(1, 2), sse.ids());
            assertTrue(sse.events.get(1).atMillis() >= 5_500, sse.arrivals().toString());
        }
    }

    @Test
    void anUpstreamThatSendsNoHeadInTimeIsA504() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.shared();
        int cut = upstream.streamsCut.get();
        String token = OidcResource.token("stream-late", "analytics:read");
        try (Sse sse = Sse.open("/v1/events/stream?echo_sse_head_ms=4000", token)) {
            long took = (System.nanoTime() - sse.sent) / 1_000_000;
            assertEquals(504, sse.status);
            assertTrue(took >= 1_900 && took < 3_800, "answered after " + took + " ms");
            assertTrue(sse.body().contains("ingestion"), sse.body());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.streamsCut.get() > cut);
    }

    @Test
    void lastEventIdReachesTheUpstreamAndTheStreamResumesAfterIt() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.shared();
        String token = OidcResource.token("stream-resume", "analytics:read");
        try (Sse sse = Sse.open("/v1/events/stream?echo_sse_events=3&echo_sse_every_ms=50", token,
                "Last-Event-ID: 41")) {
            assertEquals(200, sse.status);
            assertTrue(sse.read(Integer.MAX_VALUE));
            assertEquals(ids(42, 44), sse.ids());
        }
        assertEquals("41", upstream.lastEventIds.get(upstream.lastEventIds.size() - 1));
    }

    @Test
    void aClientThatLeavesClosesItsUpstreamStreamFreesItsSlotAndOpensNoCircuit() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.shared();
        String token = OidcResource.token("stream-leaving", "analytics:read", "events:write");
        String leftId = null;
        // six clients leave mid-stream, one after another: more than the tenant's 2 slots, and more than the 5
        // faults that would open the ingestion upstream's circuit
        for (int i = 0; i < 6; i++) {
            int cut = upstream.streamsCut.get();
            leftId = "stream-left-" + UUID.randomUUID();
            try (Sse sse = Sse.open("/v1/events/stream?echo_sse_events=150&echo_sse_every_ms=200", token,
                    "X-Request-Id: " + leftId)) {
                assertEquals(200, sse.status, "stream " + i);
                assertFalse(sse.read(1));
            }
            long left = System.nanoTime();
            // the upstream's stream is closed with its client's, not left running for its 30 s
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.streamsCut.get() > cut);
            long took = (System.nanoTime() - left) / 1_000_000;
            assertTrue(took < 2_000, "the upstream stream was closed " + took + " ms after its client left");
        }
        // six more leave before the upstream has even sent its head
        for (int i = 0; i < 6; i++) {
            int cut = upstream.streamsCut.get();
            int received = upstream.received.get();
            try (Sse sse = Sse.send("/v1/events/stream?echo_sse_head_ms=1500", token)) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.received.get() > received);
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.streamsCut.get() > cut);
        }
        JsonObject line = accessLine(leftId);
        assertEquals(200, line.getInteger("status"));
        assertEquals(false, line.getBoolean("completed"));

        // the circuit is closed, and the tenant's slots are free again
        try (Sse sse = Sse.open("/v1/events/stream?echo_sse_events=2&echo_sse_every_ms=50", token)) {
            assertEquals(200, sse.status);
            assertTrue(sse.read(Integer.MAX_VALUE));
            assertEquals(ids(1, 2), sse.ids());
        }
        try (Sse plain = Sse.send("/v1/quarantine", token)) {
            plain.readHead();
            assertEquals(200, plain.status);
        }
    }

    @Test
    void anUpstreamThatBreaksOffAStreamBreaksOffTheClientsWhichIsStillLoggedAndGivesItsSlotBack() throws Exception {
        String token = OidcResource.token("stream-broken", "analytics:read");
        // one more stream than the tenant's two slots, one after another
        for (int i = 0; i < 3; i++) {
            String requestId = "stream-broken-" + UUID.randomUUID();
            try (Sse sse = Sse.open("/v1/events/stream?echo_sse_events=10&echo_sse_every_ms=50&echo_sse_break_after=3",
                    token, "X-Request-Id: " + requestId)) {
                assertEquals(200, sse.status, "stream " + i);
                // never a clean end: the client must know to resume
                assertThrows(IOException.class, () -> sse.read(Integer.MAX_VALUE));
                assertEquals(ids(1, 3), sse.ids());
            }
            JsonObject line = accessLine(requestId);
            assertEquals(200, line.getInteger("status"));
            assertEquals(false, line.getBoolean("completed"));
        }
    }

    @Test
    void aTenantMayHoldTwoStreamsAndTheGatewayFour() throws Exception {
        EchoUpstream.Echo upstream = EchoUpstream.shared();
        String a = OidcResource.token("stream-cap-a", "analytics:read");
        String b = OidcResource.token("stream-cap-b", "analytics:read");
        String c = OidcResource.token("stream-cap-c", "analytics:read");
        String path = "/v1/events/stream?echo_sse_events=100&echo_sse_every_ms=200";
        List<Sse> open = new ArrayList<>();
        try {
            open.add(opened(path, a));
            open.add(opened(path, a));
            try (Sse third = Sse.open(path, a)) {
                assertEquals(429, third.status);
                assertEquals("10", third.header("retry-after"));
                assertTrue(third.header("content-type").startsWith("application/problem+json"));
                assertTrue(third.body().contains("2 streams"), third.body());
            }
            // another tenant has its own two
            open.add(opened(path, b));
            open.add(opened(path, b));
            // and then the gateway carries all it may
            try (Sse fifth = Sse.open(path, c)) {
                assertEquals(503, fifth.status);
                assertEquals("10", fifth.header("retry-after"));
                assertTrue(fifth.body().contains("4 streams"), fifth.body());
            }
            // a stream that ends gives its slot back
            open.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Sse again = Sse.open(path, a);
                if (again.status == 200) {
                    open.add(again);
                    return true;
                }
                again.close();
                return false;
            });
        } finally {
            for (Sse sse : open) {
                sse.close();
            }
        }
        // an HTTP/1.0 client cannot take a stream: the proxy would have to hold the whole of it
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET /v1/events/stream HTTP/1.0\r\nAuthorization: Bearer " + a
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.0 400", status);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> upstream.streamsOpen.get() == 0);
    }

    /** A stream that has begun: answered 200 and its first event received. */
    private static Sse opened(String path, String token) throws IOException {
        Sse sse = Sse.open(path, token);
        assertEquals(200, sse.status, path);
        assertFalse(sse.read(1));
        return sse;
    }

    private static List<Long> ids(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        return ids;
    }

    private static JsonObject accessLine(String requestId) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(ACCESS_LOG).stream()
                .filter(l -> l.contains("\"request_id\":\"" + requestId + "\"")).findFirst()
                .map(JsonObject::new).orElse(null), found -> found != null);
    }

    /** One event as the client got it: its id and when it arrived, in nanoseconds of {@link System#nanoTime}. */
    record Event(long id, long arrived, long sent) {
        long atMillis() {
            return (arrived - sent) / 1_000_000;
        }
    }

    /**
     * One HTTP/1.1 exchange on a socket of its own: the answer's head, then either its body (a problem, by its
     * length) or its chunks, parsed as server-sent events and timed as they arrive. Closing it is the client leaving.
     */
    static final class Sse implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final long sent;
        final Map<String, String> headers = new HashMap<>();
        final List<Event> events = new ArrayList<>();
        int status;
        private final StringBuilder pending = new StringBuilder();
        private Long eventId;
        private String body;

        private Sse(Socket socket, long sent) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.sent = sent;
        }

        /** Sends the request and reads the answer's head. */
        static Sse open(String path, String token, String... headers) throws IOException {
            Sse sse = send(path, token, headers);
            sse.readHead();
            return sse;
        }

        /** Sends the request only. */
        static Sse send(String path, String token, String... headers) throws IOException {
            Socket socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            long sent = System.nanoTime();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new Sse(socket, sent);
        }

        void readHead() throws IOException {
            status = Integer.parseInt(line().split(" ")[1]);
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1)
                        .trim());
            }
        }

        String header(String name) {
            return headers.get(name);
        }

        /** The body of an answer sent with its length. */
        String body() throws IOException {
            String length = header("content-length");
            if (body == null) {
                body = length == null
                        ? ""
                        : new String(in.readNBytes(Integer.parseInt(length)),
                                StandardCharsets.UTF_8);
            }
            return body;
        }

        /** Reads chunks until {@code count} more events have come (false) or the stream has ended (true). */
        boolean read(int count) throws IOException {
            int target = count == Integer.MAX_VALUE ? Integer.MAX_VALUE : events.size() + count;
            while (events.size() < target) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    line(); // the empty trailer
                    return true;
                }
                byte[] chunk = in.readNBytes(size);
                long arrived = System.nanoTime();
                line(); // the chunk's CRLF
                feed(new String(chunk, StandardCharsets.UTF_8), arrived);
            }
            return false;
        }

        List<Long> ids() {
            return events.stream().map(Event::id).toList();
        }

        List<Long> arrivals() {
            return events.stream().map(Event::atMillis).toList();
        }

        private void feed(String text, long arrived) {
            pending.append(text);
            for (int end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
                String line = pending.substring(0, end);
                pending.delete(0, end + 1);
                if (line.isEmpty()) {
                    if (eventId != null) {
                        events.add(new Event(eventId, arrived, sent));
                    }
                    eventId = null;
                } else if (line.startsWith("id:")) {
                    eventId = Long.parseLong(line.substring(3).trim());
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed mid-line");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
