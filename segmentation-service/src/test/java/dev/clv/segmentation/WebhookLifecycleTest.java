package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.segmentation.webhook.HeldDeliveries;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** What becomes of messages when an endpoint is disabled or a segment deleted, and the endpoint limit. */
@QuarkusTest
@WithPlatformInfrastructure
class WebhookLifecycleTest {
    private static WebhookReceiver receiver;

    @Inject
    HeldDeliveries held;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** A webhook that answered 410 once and is disabled since. */
    private static String[] disabled(Api api, String path) throws Exception {
        receiver.answer(path, 410);
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        api.customer("hana");
        api.segment("only hana", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"hana\"}");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "disabled".equals(given().auth().oauth2(api
                .token()).get("/v1/webhooks/" + webhook[0]).then().extract().path("status")));
        return webhook;
    }

    @Test
    void messagesForADisabledEndpointAreHeldAndSentOnceItIsEnabled() throws Exception {
        Api api = Api.of("held-" + UUID.randomUUID());
        String path = "/held-" + UUID.randomUUID();
        String[] webhook = disabled(api, path);
        api.customer("ivan");
        api.segment("only ivan", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"ivan\"}");
        JsonPath queued = api.deliveries(webhook[0]);
        assertEquals(2, queued.getList("id").size(), "ivan's message is queued although the endpoint is disabled");
        assertEquals("pending", queued.getString("[0].status"));
        assertEquals(0, queued.getInt("[0].attempts"));
        assertNull(queued.get("[0].next_attempt_at"), "held: no attempt is planned while it is disabled");
        Thread.sleep(1500);
        assertEquals(1, receiver.received(path).size(), "nothing is sent to a disabled endpoint");
        given().auth().oauth2(api.token()).post("/v1/webhooks/" + webhook[0] + "/enable").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 2);
        JsonNode sent = new ObjectMapper().readTree(receiver.received(path).get(1).body());
        assertEquals("ivan", sent.at("/data/customer_id").asText());
        assertEquals(queued.getString("[0].id"), receiver.received(path).get(1).id());
        Thread.sleep(1000);
        assertEquals(2, receiver.received(path).size(), "the 410 delivery is not sent again");
    }

    @Test
    void heldMessagesExpireAfterTheRetention() throws Exception {
        Api api = Api.of("expire-" + UUID.randomUUID());
        String[] webhook = disabled(api, "/expire-" + UUID.randomUUID());
        api.customer("jack");
        api.segment("only jack", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"jack\"}");
        String id = api.deliveries(webhook[0]).getString("[0].id");
        // seven days is the retention: one queued eight days ago is past it
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("UPDATE segmentation.webhook_deliveries SET created_at = now() - interval "
                    + "'8 days' WHERE id = '" + id + "'");
        }
        assertTrue(held.expire().await().atMost(Duration.ofSeconds(10)) >= 1);
        JsonPath after = api.deliveries(webhook[0]);
        assertEquals(id, after.getString("[1].id"));
        assertEquals("failed", after.getString("[1].status"));
        assertEquals("expired: held for longer than 7 days while the endpoint was disabled",
                after.getString("[1].last_error"));
    }

    @Test
    void deletingASegmentAnnouncesTheRemovalOfEachMember() throws Exception {
        Api api = Api.of("deleted-" + UUID.randomUUID());
        String path = "/deleted-" + UUID.randomUUID();
        api.webhook(receiver.url(path), "segment.customer_removed");
        for (String c : List.of("jo", "kim", "lee")) {
            api.customer(c);
        }
        String segment = api.segment("jo and kim", "{\"field\":\"customer_id\",\"op\":\"in\",\"value\":[\"jo\","
                + "\"kim\"]}");
        String reader = api.segment("reads it", "{\"in_segment\":\"" + segment + "\"}");
        Map<String, String> entered = new TreeMap<>();
        for (String c : List.of("jo", "kim")) {
            entered.put(c, given().auth().oauth2(api.token()).get("/v1/customers/" + c + "/segments").then()
                    .extract().jsonPath().getString("current.find { it.segment_id == '" + segment + "' }.entered_at"));
        }
        // refused while another segment reads it: nothing is announced
        given().auth().oauth2(api.token()).delete("/v1/segments/" + segment).then().statusCode(409);
        given().auth().oauth2(api.token()).delete("/v1/segments/" + reader).then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 2);
        Thread.sleep(500);
        assertEquals(2, receiver.received(path).size(), "the reader's two members; nothing for the refused delete");
        given().auth().oauth2(api.token()).delete("/v1/segments/" + segment).then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 4);
        Map<String, JsonNode> removed = new TreeMap<>();
        for (WebhookReceiver.Received r : receiver.received(path)) {
            JsonNode body = new ObjectMapper().readTree(r.body());
            if (body.at("/data/segment_id").asText().equals(segment)) {
                removed.put(body.at("/data/customer_id").asText(), body);
            }
        }
        assertEquals(List.of("jo", "kim"), List.copyOf(removed.keySet()));
        for (Map.Entry<String, JsonNode> e : removed.entrySet()) {
            JsonNode body = e.getValue();
            assertEquals("segment.customer_removed", body.get("type").asText());
            assertEquals("jo and kim", body.at("/data/segment_name").asText());
            // the payload's instants have milliseconds
            assertEquals(OffsetDateTime.parse(entered.get(e.getKey())).toInstant().truncatedTo(ChronoUnit.MILLIS),
                    Instant.parse(body.at("/data/entered_at").asText()), "entered_at of " + e.getKey());
            assertNotNull(OffsetDateTime.parse(body.at("/data/exited_at").asText()));
            assertEquals(body.get("timestamp").asText(), body.at("/data/exited_at").asText());
        }
        given().auth().oauth2(api.token()).get("/v1/segments/" + segment).then().statusCode(404);
        given().auth().oauth2(api.token()).get("/v1/customers/jo/segments").then().statusCode(200)
                .body("history", org.hamcrest.Matchers.empty());
    }

    @Test
    void aTenantHasAtMost20Endpoints() {
        Api api = Api.of("endpoints-" + UUID.randomUUID());
        String first = null;
        for (int i = 0; i < 20; i++) {
            String[] w = api.webhook(receiver.url("/limit/" + i), "model.trained");
            first = first == null ? w[0] : first;
        }
        given().auth().oauth2(api.token()).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/limit/21"), "events", List.of("model.trained")))
                .post("/v1/webhooks").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("at most 20 webhook endpoints"));
        given().auth().oauth2(api.token()).delete("/v1/webhooks/" + first).then().statusCode(204);
        api.webhook(receiver.url("/limit/21"), "model.trained");
    }
}
