package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.ModelTrained;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** Membership follows profile changes and scores from Kafka, and the passage of time through the sweep. */
@QuarkusTest
@WithPlatformInfrastructure
class LiveMembershipTest {
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static CustomerSnapshot spent(String net, Instant lastPurchase) {
        return new CustomerSnapshot(null, "DE", null, null, null, null, null, "gold", true, null, 3,
                new BigDecimal(net), new BigDecimal(net), 0, lastPurchase, lastPurchase, 0, null, 0, 0, 0, 0, null,
                Map.of());
    }

    private static void send(String topic, String tenant, String customer, Object... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Object e : events) {
                producer.send(new ProducerRecord<>(topic, Topics.key(tenant, customer), EventJson.write(e)));
            }
        }
    }

    private static CustomerProfileChange change(String tenant, String customer, Instant at, CustomerSnapshot s) {
        return new CustomerProfileChange(tenant, customer, List.of("net_revenue"), at, s);
    }

    @Test
    void aCustomerCrossingAThresholdEntersExactlyOnce() throws Exception {
        Api api = Api.of("live-" + UUID.randomUUID());
        String path = "/live-" + UUID.randomUUID();
        api.webhook(receiver.url(path), "segment.customer_added", "segment.customer_removed");
        String vip = api.segment("vip", "{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}");
        // a segment reading vip: evaluated after it, in the same batch
        String vipDe = api.segment("vip in DE", "{\"all\":[{\"in_segment\":\"" + vip + "\"},"
                + "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}]}");
        Instant t0 = Instant.now();
        send(Topics.PROFILE_CHANGES, api.tenant(), "alice", change(api.tenant(), "alice", t0, spent("300.00", t0)));
        // a new transaction lifts alice over 500; the same change redelivered, and another above 500, change nothing
        CustomerProfileChange crossing = change(api.tenant(), "alice", t0.plusSeconds(1), spent("650.00", t0));
        send(Topics.PROFILE_CHANGES, api.tenant(), "alice", crossing, crossing, change(api.tenant(), "alice", t0
                .plusSeconds(2), spent("700.00", t0)));
        // and a late, older snapshot below the threshold must not undo it
        send(Topics.PROFILE_CHANGES, api.tenant(), "alice", change(api.tenant(), "alice", t0, spent("300.00", t0)));
        // a marker customer after all of that: once it is in, alice's messages were all consumed
        send(Topics.PROFILE_CHANGES, api.tenant(), "zed", change(api.tenant(), "zed", t0, spent("900.00", t0)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(api.token(), vip)
                .equals(List.of("alice", "zed")));
        assertEquals(List.of("alice", "zed"), SegmentCriteriaTest.members(api.token(), vipDe));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 4);
        Thread.sleep(1000);
        List<String> customers = receiver.received(path).stream()
                .map(r -> read(r.body()).at("/data/segment_name").asText() + "/" + read(r.body()).at(
                        "/data/customer_id").asText())
                .sorted().toList();
        assertEquals(List.of("vip in DE/alice", "vip in DE/zed", "vip/alice", "vip/zed"), customers,
                "one segment.customer_added per segment and customer, nothing else");
        assertEquals(2, stays(api.tenant(), "alice"), "one stay in each, never closed");
        given().auth().oauth2(api.token()).get("/v1/customers/alice/segments").then().statusCode(200)
                .body("current.segment_id", org.hamcrest.Matchers.containsInAnyOrder(vip, vipDe));
    }

    @Test
    void scoresFeedPredictedValueCriteria() {
        Api api = Api.of("scores-" + UUID.randomUUID());
        String likely = api.segment("likely to stay", "{\"all\":[{\"field\":\"p_alive\",\"op\":\"gte\",\"value\":0.8},"
                + "{\"field\":\"predicted_clv\",\"op\":\"gt\",\"value\":100}]}");
        Instant t = Instant.now();
        send(Topics.SCORES, api.tenant(), "ann", new CustomerScore(api.tenant(), "ann", "m1", 1,
                new BigDecimal("150.00"), 0.9, 2.0, 12, t));
        send(Topics.SCORES, api.tenant(), "ben", new CustomerScore(api.tenant(), "ben", "m1", 1,
                new BigDecimal("150.00"), 0.5, 2.0, 12, t));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(api.token(),
                likely).equals(List.of("ann")));
        // a newer score drops ann below 0.8
        send(Topics.SCORES, api.tenant(), "ann", new CustomerScore(api.tenant(), "ann", "m1", 2,
                new BigDecimal("150.00"), 0.3, 2.0, 12, t.plusSeconds(5)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(api.token(),
                likely).isEmpty());
    }

    @Test
    void fallingOutByThePassageOfTimeIsCaughtByTheSweep() throws Exception {
        Api api = Api.of("sweep-" + UUID.randomUUID());
        String path = "/sweep-" + UUID.randomUUID();
        api.webhook(receiver.url(path), "segment.customer_removed");
        // the last purchase turns 30 days old four seconds from now; nothing else will ever be sent about bea
        Instant last = Instant.now().minus(Duration.ofDays(30)).plusSeconds(4);
        send(Topics.PROFILE_CHANGES, api.tenant(), "bea", change(api.tenant(), "bea", Instant.now(), spent("10.00",
                last)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(api.tenant(), "bea"));
        String recent = api.segment("bought this month", "{\"field\":\"recency_days\",\"op\":\"lte\",\"value\":29}");
        assertEquals(List.of("bea"), SegmentCriteriaTest.members(api.token(), recent));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(api.token(),
                recent).isEmpty());
        assertTrue(Instant.now().isAfter(last.plus(Duration.ofDays(30))), "not before her 30th day");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
        assertEquals("segment.customer_removed", read(receiver.received(path).get(0).body()).get("type").asText());
        given().auth().oauth2(api.token()).get("/v1/customers/bea/segments").then().statusCode(200)
                .body("current", org.hamcrest.Matchers.empty())
                .body("history[0].exited_at", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aTrainedModelIsAnnouncedOncePerSubscriberEvenWhenTheEventIsRedelivered() throws Exception {
        Api api = Api.of("models-" + UUID.randomUUID());
        String path = "/models-" + UUID.randomUUID();
        String[] webhook = api.webhook(receiver.url(path), "model.trained");
        api.webhook(receiver.url(path + "/segments-only"), "segment.customer_added");
        ModelTrained trained = new ModelTrained(api.tenant(), UUID.randomUUID(), "bg_nbd", 3, "active",
                Instant.parse("2026-01-02T03:04:05Z"), Map.of("rmse", 1.5));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODEL_EVENTS, api.tenant(), EventJson.write(trained)));
            producer.send(new ProducerRecord<>(Topics.MODEL_EVENTS, api.tenant(), EventJson.write(trained)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(path).size() == 1);
        Thread.sleep(1500);
        assertEquals(1, receiver.received(path).size(), "a redelivered event queues nothing twice");
        assertEquals(List.of(), receiver.received(path + "/segments-only"));
        WebhookReceiver.Received r = receiver.received(path).get(0);
        assertTrue(WebhookReceiver.signedWith(webhook[1], r));
        var payload = read(r.body());
        assertEquals("model.trained", payload.get("type").asText());
        assertEquals(trained.modelId().toString(), payload.at("/data/model_id").asText());
        assertEquals(3, payload.at("/data/version").asInt());
        assertTrue(payload.at("/data/tenant_id").isMissingNode(), "the tenant is the subscriber's own");
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean stateOf(String tenant, String customer) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                ResultSet r = db.createStatement().executeQuery("SELECT 1 FROM segmentation.customer_state "
                        + "WHERE tenant_id = '" + tenant + "' AND customer_id = '" + customer + "'")) {
            return r.next();
        }
    }

    private static int stays(String tenant, String customer) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                ResultSet r = db.createStatement().executeQuery("SELECT count(*) FROM segmentation.memberships "
                        + "WHERE tenant_id = '" + tenant + "' AND customer_id = '" + customer + "'")) {
            r.next();
            return r.getInt(1);
        }
    }
}
