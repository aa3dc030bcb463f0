package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.segmentation.WebhookReceiver.Received;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Deliveries to a real HTTP endpoint, with time compressed by the test profile (retries after 1 s and 2 s, ±10%).
 */
@QuarkusTest
@WithPlatformInfrastructure
class WebhookDeliveryTest {
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** A tenant with one customer, a webhook at {@code path}, and a segment that customer enters at once. */
    private static String[] enter(Api api, String path, String customer) throws Exception {
        api.customer(customer);
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        api.segment("only " + customer, "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"" + customer + "\"}");
        return webhook;
    }

    /**
     * Waits for {@code n} arrivals at {@code path} (about 6 s of backoff here; 30 s leaves room for a loaded machine);
     * a timeout reports where the endpoint's messages stood, so that a stall says whether they were due and unclaimed.
     */
    private static void awaitArrivals(String path, int n, String webhook) throws Exception {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() == n);
        } catch (ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder("arrivals " + receiver.received(path).size() + " of " + n);
            try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                    ResultSet rows = db.createStatement().executeQuery("SELECT d.id, d.status, d.attempts, "
                            + "d.next_attempt_at, w.lane_until, w.status, now() FROM segmentation.webhook_deliveries d "
                            + "JOIN segmentation.webhooks w ON w.id = d.webhook_id WHERE w.id = '" + webhook + "'")) {
                while (rows.next()) {
                    state.append("; delivery ").append(rows.getString(1)).append(' ').append(rows.getString(2))
                            .append(" attempts=").append(rows.getInt(3)).append(" due=").append(rows.getString(4))
                            .append(" lane_until=").append(rows.getString(5)).append(" endpoint=")
                            .append(rows.getString(6)).append(" now=").append(rows.getString(7));
                }
            }
            throw new AssertionError(state.toString(), e);
        }
    }

    @Test
    void failuresAreRetriedWithBackoffUnderOneIdAndEveryAttemptIsSigned() throws Exception {
        Api api = Api.of("hooks-" + UUID.randomUUID());
        String path = "/retry-" + UUID.randomUUID();
        receiver.answer(path, 500, 503); // then 200
        String[] webhook = enter(api, path, "alice");
        awaitArrivals(path, 3, webhook[0]);
        List<Received> got = receiver.received(path);
        assertEquals(1, got.stream().map(Received::id).distinct().count(), "the webhook-id is the same on retries");
        for (Received r : got) {
            assertTrue(WebhookReceiver.signedWith(webhook[1], r), "signature of attempt " + r);
            assertTrue(Math.abs(r.timestamp() - r.arrivedMillis() / 1000) <= 2, "timestamp is the attempt's");
        }
        // the schedule is 1 s then 2 s, each within ±10%
        assertTrue(got.get(1).arrivedMillis() - got.get(0).arrivedMillis() >= 900, "first backoff");
        assertTrue(got.get(2).arrivedMillis() - got.get(1).arrivedMillis() >= 1800, "second backoff");
        JsonNode payload = new ObjectMapper().readTree(got.get(0).body());
        assertEquals("segment.customer_added", payload.get("type").asText());
        assertEquals("alice", payload.at("/data/customer_id").asText());
        assertEquals("only alice", payload.at("/data/segment_name").asText());
        assertTrue(payload.get("timestamp").asText().endsWith("Z"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "succeeded".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        JsonPath log = api.deliveries(webhook[0]);
        assertEquals(got.get(0).id(), log.getString("[0].id"));
        assertEquals(3, log.getInt("[0].attempts"));
        assertEquals(List.of(500, 503, 200), log.getList("[0].attempt_log.status_code"));
    }

    @Test
    void anEndpointThatAnswers410IsDisabledWithTheReason() throws Exception {
        Api api = Api.of("gone-" + UUID.randomUUID());
        String path = "/gone-" + UUID.randomUUID();
        receiver.answer(path, 410);
        String[] webhook = enter(api, path, "bob");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(api.token())
                .get("/v1/webhooks/" + webhook[0]).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("disabled"))
                .body("disabled_reason", org.hamcrest.Matchers.containsString("410")));
        Thread.sleep(1500);
        assertEquals(1, receiver.received(path).size(), "nothing more is sent to a disabled endpoint");
    }

    @Test
    void anEndpointFailingForDaysIsDisabledAndItsOwnerSeesWhy() throws Exception {
        Api api = Api.of("days-" + UUID.randomUUID());
        String path = "/days-" + UUID.randomUUID();
        receiver.answer(path, 500);
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        // as if its failures began six days ago (the limit is five)
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("UPDATE segmentation.webhooks SET failing_since = now() - interval '6 days' "
                    + "WHERE id = '" + webhook[0] + "'");
        }
        api.customer("fay");
        api.segment("only fay", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"fay\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(api.token())
                .get("/v1/webhooks/" + webhook[0]).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("disabled"))
                .body("disabled_reason", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.startsWith(
                        "no successful delivery since "), org.hamcrest.Matchers.endsWith("HTTP 500"))));
        // its owner turns it back on: the held delivery goes out and the failure clock restarts
        given().auth().oauth2(api.token()).post("/v1/webhooks/" + webhook[0] + "/enable").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("enabled"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        assertEquals(2, receiver.received(path).size());
    }

    @Test
    void retryAfterIsHonouredAndRedirectsAreNotFollowed() throws Exception {
        Api api = Api.of("later-" + UUID.randomUUID());
        String path = "/later-" + UUID.randomUUID();
        receiver.answer(path, 302, 429); // then 200; the 429 asks for 3 s, longer than the 2 s of the schedule
        receiver.responseHeaders(Map.of("Retry-After", "3", "Location", receiver.url(path + "/elsewhere")));
        try {
            String[] webhook = enter(api, path, "carol");
            awaitArrivals(path, 3, webhook[0]);
        } finally {
            receiver.responseHeaders(Map.of());
        }
        List<Received> got = receiver.received(path);
        assertEquals(List.of(), receiver.received(path + "/elsewhere"), "a redirect is a failure, not followed");
        assertTrue(got.get(2).arrivedMillis() - got.get(1).arrivedMillis() >= 2900, "Retry-After: 3");
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        Api api = Api.of("rotate-" + UUID.randomUUID());
        String path = "/rotate-" + UUID.randomUUID();
        api.customer("dan");
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        String rotated = given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body("{\"overlap_seconds\": 600}").post("/v1/webhooks/" + webhook[0] + "/rotate-secret").then()
                .statusCode(200).extract().path("secret");
        assertTrue(rotated.startsWith("whsec_") && !rotated.equals(webhook[1]));
        assertTrue(java.util.Base64.getDecoder().decode(rotated.substring(6)).length >= 24);
        given().auth().oauth2(api.token()).get("/v1/webhooks/" + webhook[0]).then()
                .body("secret", org.hamcrest.Matchers.nullValue()); // shown only when made
        api.segment("only dan", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"dan\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
        Received r = receiver.received(path).get(0);
        assertEquals(2, r.signature().split(" ").length);
        assertTrue(WebhookReceiver.signedWith(webhook[1], r) && WebhookReceiver.signedWith(rotated, r));
    }

    @Test
    void aDeliveryWhoseLaneDiedMidAttemptIsSentAgainUnderTheSameIdOnceTheLeaseRunsOut() throws Exception {
        Api api = Api.of("crash-" + UUID.randomUUID());
        String path = "/crash-" + UUID.randomUUID();
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        // what a replica killed mid-lane leaves behind: the endpoint leased for 3 s more, the message due, unrecorded
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("UPDATE segmentation.webhooks SET lane_until = now() + interval '3 seconds' "
                    + "WHERE id = '" + webhook[0] + "'");
            db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, "
                    + "event_type, body) VALUES ('msg_crashed', '" + api.tenant() + "', '" + webhook[0]
                    + "', 'segment.customer_added', '{\"type\":\"segment.customer_added\"}')");
        }
        Thread.sleep(1000);
        assertEquals(0, receiver.received(path).size(), "not before the lease runs out");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
        assertEquals("msg_crashed", receiver.received(path).get(0).id());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "succeeded".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        assertEquals(1, api.deliveries(webhook[0]).getInt("[0].attempts"), "the interrupted attempt is not counted");
    }

    @Test
    void aBacklogGoesThroughItsLaneInTakesEachMessageOnceAndRecorded() throws Exception {
        Api api = Api.of("backlog-" + UUID.randomUUID());
        String path = "/backlog-" + UUID.randomUUID();
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        int backlog = 1500; // a dozen takes of 128: the lane goes on taking, recording while it sends
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, "
                    + "event_type, body, next_attempt_at) SELECT 'msg_backlog_' || g || '_" + webhook[0] + "', '"
                    + api.tenant() + "', '" + webhook[0] + "', 'segment.customer_added', '{}', now() - g * interval "
                    + "'1 millisecond' FROM generate_series(1, " + backlog + ") g");
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> EvaluationLimitsTest.count("SELECT count(*) "
                + "FROM segmentation.webhook_deliveries WHERE tenant_id = ? AND status = 'succeeded'",
                api.tenant()) == backlog);
        Thread.sleep(500); // a message sent twice would arrive meanwhile
        List<Received> got = receiver.received(path);
        assertEquals(backlog, got.stream().map(Received::id).distinct().count(), "every message arrived");
        assertEquals(backlog, got.size(), "none twice");
        assertEquals(backlog, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhook_deliveries WHERE "
                + "tenant_id = ? AND attempts = 1 AND last_status = 200", api.tenant()), "each recorded once");
        assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhooks WHERE tenant_id = ? "
                + "AND lane_until IS NOT NULL", api.tenant()), "the lane ended");
    }

    @Test
    void aFailedDeliveryCanBeRedeliveredByHandWithTheSameId() throws Exception {
        Api api = Api.of("manual-" + UUID.randomUUID());
        String path = "/manual-" + UUID.randomUUID();
        receiver.answer(path, 500, 500, 500); // the whole schedule: 1 + 2 retries
        String[] webhook = enter(api, path, "erin");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        String delivery = api.deliveries(webhook[0]).getString("[0].id");
        given().auth().oauth2(api.token()).post("/v1/webhooks/" + webhook[0] + "/deliveries/" + delivery
                + "/redeliver").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 4);
        assertEquals(1, receiver.received(path).stream().map(Received::id).distinct().count());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "succeeded".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        // a success lives in the delivery row alone until the next attempt: redelivering copies it into the log
        given().auth().oauth2(api.token()).post("/v1/webhooks/" + webhook[0] + "/deliveries/" + delivery
                + "/redeliver").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 5);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> api.deliveries(webhook[0])
                .getInt("[0].attempts") == 5 && "succeeded".equals(api.deliveries(webhook[0]).getString("[0].status")));
        JsonPath log = api.deliveries(webhook[0]);
        assertEquals(List.of(1, 2, 3, 4, 5), log.getList("[0].attempt_log.attempt"));
        assertEquals(List.of(500, 500, 500, 200, 200), log.getList("[0].attempt_log.status_code"));
    }

    @Test
    void anAnswerIsReadOnlyUpToItsBoundSoAnEndlessBodyDoesNotHoldTheAttempt() throws Exception {
        Api api = Api.of("flood-" + UUID.randomUUID());
        String path = "/flood-" + UUID.randomUUID();
        receiver.flood(path); // 200, then a body that outlasts the 2 s timeout many times over
        String[] webhook = enter(api, path, "gina");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(api.deliveries(webhook[0])
                .getString("[0].status")));
        JsonPath log = api.deliveries(webhook[0]);
        assertEquals(1, log.getInt("[0].attempts"), "the first attempt counted: its status, not its endless body");
        assertEquals(List.of(200), log.getList("[0].attempt_log.status_code"));
        assertTrue(log.getInt("[0].attempt_log[0].latency_ms") < 1500, "it did not wait for the body to end");
        assertEquals(1, receiver.received(path).size());
    }

    @Test
    void badRegistrationsAreProblemsNamingTheField() {
        Api api = Api.of("bad-" + UUID.randomUUID());
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body(Map.of("url", "ftp://example.com/x", "events", List.of("segment.customer_added")))
                .post("/v1/webhooks").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("url"));
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://example.com/x", "events", List.of("segment.customer_added", "nope")))
                .post("/v1/webhooks").then().statusCode(400).body("errors[0].field",
                        org.hamcrest.Matchers.equalTo("events[1]"));
        // an IP literal is vetted when it is registered; the port must be one of the allowed ones
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://10.1.2.3/x", "events", List.of("segment.customer_added")))
                .post("/v1/webhooks").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo(
                        "url"))
                .body("errors[0].reason", org.hamcrest.Matchers.equalTo("must point at a public address"));
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body(Map.of("url", "https://[::7f00:1]/x", "events", List.of("segment.customer_added")))
                .post("/v1/webhooks").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo(
                        "url"));
        given().auth().oauth2(Api.of("other").token()).get("/v1/webhooks/" + UUID.randomUUID()).then()
                .statusCode(404).contentType("application/problem+json");
    }
}
