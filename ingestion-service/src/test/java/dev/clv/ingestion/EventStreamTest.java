package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.testsupport.OidcResource;
import io.micrometer.core.instrument.MeterRegistry;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code GET /v1/events/stream} against the real broker: a tracked event reaches a connected client within a
 * second, its tenant's only; the filters match exactly; a resume with Last-Event-ID gives the missed events once
 * and in order (and an erased customer's not at all); heartbeats come (every second in the test profile); the
 * per-tenant limit (3 in the test profile) answers 429 and a client that leaves frees its place; analytics:read is
 * needed.
 */
@QuarkusTest
@WithPlatformInfrastructure
class EventStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/v1/events/stream")
    URI stream;

    @Inject
    MeterRegistry registry;

    private URI stream(String query) {
        return URI.create(stream + (query == null ? "" : "?" + query));
    }

    private static String q(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String reader(String tenant) {
        return OidcResource.token(tenant, "analytics:read");
    }

    private static void track(String tenant, String eventId, String customer, String type) {
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/json")
                .body("{\"event_id\":\"" + eventId + "\",\"customer_id\":\"" + customer + "\",\"event_type\":\""
                        + type + "\",\"session_id\":\"s-1\",\"properties\":{\"amount\":99.90,\"items\":[\"p1\"]}}")
                .post("/v1/events").then().statusCode(202).body("successful_rows", equalTo(1));
    }

    private static JsonNode data(SseStream.Message m) throws Exception {
        return JSON.readTree(m.data());
    }

    private static String eventId(SseStream.Message m) {
        try {
            return data(m).path("event_id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SseStream.Message event(SseStream s, String id) throws InterruptedException {
        return s.until(m -> m.isEvent() && id.equals(eventId(m)), WAIT, "event " + id);
    }

    private static List<String> eventIds(List<SseStream.Message> messages) {
        return messages.stream().filter(SseStream.Message::isEvent).map(EventStreamTest::eventId).toList();
    }

    @Test
    void aTrackedEventReachesAConnectedClientWithinASecondAndOnlyItsTenants() throws Exception {
        String tenant = "stream-" + UUID.randomUUID();
        String other = "stream-other-" + UUID.randomUUID();
        String c = "c-" + UUID.randomUUID();
        double sentBefore = registry.get("ingestion.stream.events_sent").counter().count();
        try (SseStream s = SseStream.connect(stream(null), reader(tenant), null)) {
            assertTrue(s.response().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            SseStream.Message connected = s.until(m -> m.hasComment("connected"), WAIT, "the stream to open");
            assertNotNull(connected.id());
            // the first event after start may meet a cold path (topics found, JIT): it is not timed
            track(tenant, "warm-" + c, c, "page_view");
            event(s, "warm-" + c);

            track(other, "other-" + c, c, "page_view");
            long sent = System.nanoTime();
            track(tenant, "v1-" + c, c, "purchase");
            SseStream.Message v1 = event(s, "v1-" + c);
            long millis = TimeUnit.NANOSECONDS.toMillis(v1.readAtNanos() - sent);
            assertTrue(millis < 1000, "POST /v1/events to the stream took " + millis + " ms");
            assertEquals("customer_event", v1.event());
            assertNotNull(v1.id());
            assertFalse(v1.data().contains("\n"));
            JsonNode data = data(v1);
            assertEquals("purchase", data.path("event_type").asText());
            assertEquals(c, data.path("customer_id").asText());
            assertEquals("s-1", data.path("session_id").asText());
            assertEquals(0, new java.math.BigDecimal("99.9").compareTo(data.path("properties").path("amount")
                    .decimalValue()));
            assertEquals("p1", data.path("properties").path("items").path(0).asText());
            assertTrue(data.path("timestamp").isTextual());
            assertTrue(data.path("ingested_at").isTextual());
            assertFalse(data.has("tenant_id"), "the tenant is the caller's, not repeated");

            sent = System.nanoTime();
            given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                    .body(("{\"event_id\":\"v0-" + c + "\",\"customer_id\":\"" + c + "\",\"event_type\":\"signup\","
                            + "\"timestamp\":\"2024-05-01T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8))
                    .post("/v0/events?name=events").then().statusCode(202).body("successful_rows", equalTo(1));
            SseStream.Message v0 = event(s, "v0-" + c);
            millis = TimeUnit.NANOSECONDS.toMillis(v0.readAtNanos() - sent);
            assertTrue(millis < 1000, "POST /v0/events to the stream took " + millis + " ms");
            JsonNode v0Data = data(v0);
            assertEquals("2024-05-01T10:00:00Z", v0Data.path("timestamp").asText());
            assertTrue(v0Data.path("session_id").isNull());
            assertEquals(0, v0Data.path("properties").size());

            // the other tenant's event (sent before the timed one) never came
            assertEquals(List.of("warm-" + c, "v1-" + c, "v0-" + c), eventIds(s.seen()));
            assertTrue(registry.get("ingestion.stream.events_sent").counter().count() >= sentBefore + 3);
        }
    }

    @Test
    void filtersMatchExactly() throws Exception {
        String tenant = "stream-filter-" + UUID.randomUUID();
        try (SseStream byType = SseStream.connect(stream(q("event_type", "purchase")), reader(tenant), null);
                SseStream byCustomer = SseStream.connect(stream(q("customer_id", "c1") + "&event_type="),
                        reader(tenant), null);
                SseStream both = SseStream.connect(stream(q("event_type", "purchase") + "&" + q("customer_id", "c1")),
                        reader(tenant), null)) {
            for (SseStream s : List.of(byType, byCustomer, both)) {
                s.until(m -> m.hasComment("connected"), WAIT, "the stream to open");
            }
            track(tenant, "c1-view", "c1", "page_view");
            track(tenant, "c2-purchase", "c2", "purchase");
            track(tenant, "c1-purchase", "c1", "purchase");
            track(tenant, "c10-purchase", "c10", "purchase");
            track(tenant, "c1-purchases", "c1", "purchases");
            track(tenant, "c1-last", "c1", "purchase");

            assertEquals(Set.of("c2-purchase", "c1-purchase", "c10-purchase", "c1-last"), received(byType, 4));
            assertEquals(Set.of("c1-view", "c1-purchase", "c1-purchases", "c1-last"), received(byCustomer, 4));
            assertEquals(Set.of("c1-purchase", "c1-last"), received(both, 2));
            // one customer's events come in the order they were accepted
            assertEquals(List.of("c1-view", "c1-purchase", "c1-purchases", "c1-last"), eventIds(byCustomer.seen()));
        }
    }

    /** The ids of the events a stream got: the expected number, then nothing more for a moment. */
    private static Set<String> received(SseStream s, int expected) throws InterruptedException {
        s.until(m -> eventIds(s.seen()).size() >= expected, WAIT, expected + " events");
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < quietUntil) {
            s.next(Duration.ofMillis(100));
        }
        List<String> ids = eventIds(s.seen());
        assertEquals(ids.size(), Set.copyOf(ids).size(), "no event twice: " + ids);
        return Set.copyOf(ids);
    }

    @Test
    void aResumeWithLastEventIdGivesTheMissedEventsOnceAndInOrder() throws Exception {
        String tenant = "stream-resume-" + UUID.randomUUID();
        String c = "c-" + UUID.randomUUID();
        URI mine = stream(q("customer_id", c));
        String resumeAt;
        try (SseStream s = SseStream.connect(mine, reader(tenant), null)) {
            s.until(m -> m.hasComment("connected"), WAIT, "the stream to open");
            track(tenant, "e1", c, "page_view");
            event(s, "e1");
            resumeAt = s.lastId();
        }
        track(tenant, "e2", c, "page_view");
        track(tenant, "e3", c, "add_to_cart");
        track(tenant, "e4", c, "purchase");
        try (SseStream s = SseStream.connect(mine, reader(tenant), resumeAt)) {
            SseStream.Message connected = s.until(m -> m.hasComment("connected"), WAIT, "the stream to resume");
            // the missed events come before the stream says it is open, with nothing else before them
            assertEquals(List.of("e2", "e3", "e4"), eventIds(s.seen()));
            assertTrue(s.seen().stream().noneMatch(m -> "reset".equals(m.event())), "no reset: " + s.seen());
            assertNotNull(connected.id());
            track(tenant, "e5", c, "page_view");
            event(s, "e5");
            // a heartbeat after e5: anything sent twice would have come by now
            s.until(m -> m.hasComment("heartbeat"), WAIT, "a heartbeat");
            assertEquals(List.of("e2", "e3", "e4", "e5"), eventIds(s.seen()));

            // resuming from the last id seen (a heartbeat's) gives nothing again
            String last = s.lastId();
            try (SseStream again = SseStream.connect(mine, reader(tenant), last)) {
                again.until(m -> m.hasComment("connected"), WAIT, "the stream to resume");
                assertEquals(List.of(), eventIds(again.seen()));
            }
        }
    }

    @Test
    void anIdThatIsNotOursIsAResetThenTheLiveStream() throws Exception {
        String tenant = "stream-reset-" + UUID.randomUUID();
        try (SseStream s = SseStream.connect(stream(null), reader(tenant), "not-an-id")) {
            SseStream.Message reset = s.until(m -> "reset".equals(m.event()), WAIT, "a reset");
            assertEquals("unknown_id", JSON.readTree(reset.data()).path("reason").asText());
            s.until(m -> m.hasComment("connected"), WAIT, "the stream to open");
            track(tenant, "after-reset", "c", "page_view");
            event(s, "after-reset");
        }
    }

    @Test
    void heartbeatsCarryTheCurrentId() throws Exception {
        String tenant = "stream-heartbeat-" + UUID.randomUUID();
        try (SseStream s = SseStream.connect(stream(null), reader(tenant), null)) {
            SseStream.Message beat = s.until(m -> m.hasComment("heartbeat"), Duration.ofSeconds(5), "a heartbeat");
            assertNotNull(beat.id());
            assertNull(beat.data());
            s.until(m -> m.hasComment("heartbeat"), Duration.ofSeconds(5), "a second heartbeat");
        }
    }

    @Test
    void aTenantMayOpenSoManyStreamsAndALeavingClientFreesItsPlace() throws Exception {
        String tenant = "stream-limit-" + UUID.randomUUID();
        List<SseStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseStream s = SseStream.connect(stream(null), reader(tenant), null);
                s.until(m -> m.hasComment("connected"), WAIT, "stream " + i + " to open");
                open.add(s);
            }
            assertTrue(registry.get("ingestion.stream.connections").gauge().value() >= 3);
            SseStream refused = SseStream.open(stream(null), reader(tenant), null);
            assertEquals(429, refused.status());
            assertTrue(refused.response().headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json"));
            assertEquals("5", refused.response().headers().firstValue("Retry-After").orElse(null));
            JsonNode problem = JSON.readTree(refused.body());
            assertEquals(429, problem.path("status").asInt());
            assertEquals("TooManyRequests", problem.path("error_type").asText());
            assertEquals("/v1/events/stream", problem.path("instance").asText());

            // another tenant is not held back by this one
            try (SseStream another = SseStream.connect(stream(null), reader(tenant + "-b"), null)) {
                assertEquals(200, another.status());
            }

            open.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                SseStream s = SseStream.open(stream(null), reader(tenant), null);
                if (s.status() == 200) {
                    open.add(s);
                    return true;
                }
                s.close();
                return false;
            });
        } finally {
            for (SseStream s : open) {
                s.close();
            }
        }
    }

    @Test
    void theScopeIsAnalyticsReadAndTheAnswerAnEventStream() throws Exception {
        String tenant = "stream-scope-" + UUID.randomUUID();
        try (SseStream s = SseStream.open(stream(null), OidcResource.token(tenant, "events:write"), null)) {
            assertEquals(403, s.status());
            assertTrue(s.response().headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json"));
            assertEquals("Forbidden", JSON.readTree(s.body()).path("error_type").asText());
        }
        try (SseStream s = SseStream.open(stream(null), null, null)) {
            assertEquals(401, s.status());
        }
        try (SseStream s = SseStream.open(stream(null), reader(tenant), null, "application/json")) {
            assertEquals(406, s.status());
            assertTrue(s.response().headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json"));
        }
    }

    @Test
    void anErasedCustomersEventsAreNotReplayed() throws Exception {
        String tenant = "stream-erase-" + UUID.randomUUID();
        String start;
        try (SseStream s = SseStream.connect(stream(null), reader(tenant), null)) {
            start = s.until(m -> m.hasComment("connected"), WAIT, "the stream to open").id();
            track(tenant, "gone-1", "gone", "page_view");
            track(tenant, "kept-1", "kept", "page_view");
            event(s, "gone-1");
            event(s, "kept-1");
        }
        String erase = PrivacyCalls.request(tenant, "erase", "gone");
        PrivacyCalls.awaitService(tenant, erase, "ingestion", "completed");
        try (SseStream s = SseStream.connect(stream(null), reader(tenant), start)) {
            s.until(m -> m.hasComment("connected"), WAIT, "the stream to resume");
            assertEquals(List.of("kept-1"), eventIds(s.seen()));
        }
    }
}
