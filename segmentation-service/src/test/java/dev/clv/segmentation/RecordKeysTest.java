package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.ModelTrained;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The record key decides the tenant: a record whose payload names another tenant is skipped with a warning and
 * counted, never applied to either tenant.
 */
@QuarkusTest
@WithPlatformInfrastructure
class RecordKeysTest {
    private static final String SEGMENT = "{\"field\":\"customer_id\",\"op\":\"in\",\"value\":[\"mallory\",\"zoe\"]}";
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static void send(String topic, String key, Object event) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, EventJson.write(event))).get();
        }
    }

    private static CustomerProfileChange change(String tenant, String customer) {
        return new CustomerProfileChange(tenant, customer, List.of("country"), Instant.now(), new CustomerSnapshot(
                null, "DE", null, 30, null, null, null, null, true, null, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, null,
                null, 0, null, 0, 0, 0, 0, null, Map.of()));
    }

    @Test
    void aCustomerRecordNamingAnotherTenantThanItsKeyIsSkippedAndCounted() throws Exception {
        Api keyed = Api.of("keyed-" + UUID.randomUUID());
        Api named = Api.of("named-" + UUID.randomUUID());
        String keyedSegment = keyed.segment("m", SEGMENT);
        String namedSegment = named.segment("m", SEGMENT);
        double before = skipped(Topics.PROFILE_CHANGES);
        // the key says one tenant, the payload another: neither gets mallory
        send(Topics.PROFILE_CHANGES, Topics.key(keyed.tenant(), "mallory"), change(named.tenant(), "mallory"));
        send(Topics.SCORES, Topics.key(keyed.tenant(), "mallory"), new CustomerScore(named.tenant(), "mallory", "m1",
                1, new BigDecimal("10.00"), 0.5, 1.0, 12, Instant.now()));
        // a customer record whose payload names another customer than its key, then a proper one
        send(Topics.PROFILE_CHANGES, Topics.key(keyed.tenant(), "mallory"), change(keyed.tenant(), "zoe"));
        send(Topics.PROFILE_CHANGES, Topics.key(keyed.tenant(), "zoe"), change(keyed.tenant(), "zoe"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> skipped(Topics.PROFILE_CHANGES) >= before + 2);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(keyed.token(),
                keyedSegment).equals(List.of("zoe")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> skipped(Topics.SCORES) >= 1);
        assertEquals(List.of(), SegmentCriteriaTest.members(named.token(), namedSegment));
        for (Api tenant : List.of(keyed, named)) {
            assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.customer_state WHERE "
                    + "customer_id = 'mallory' AND tenant_id = ?", tenant.tenant()), tenant.tenant());
        }
    }

    @Test
    void aModelEventNamingAnotherTenantThanItsKeyQueuesNothing() throws Exception {
        Api keyed = Api.of("model-keyed-" + UUID.randomUUID());
        Api named = Api.of("model-named-" + UUID.randomUUID());
        String path = "/keys-" + UUID.randomUUID();
        keyed.webhook(receiver.url(path + "/keyed"), "model.trained");
        named.webhook(receiver.url(path + "/named"), "model.trained");
        ModelTrained forged = new ModelTrained(named.tenant(), UUID.randomUUID(), "bg_nbd", 1, "active",
                Instant.now(), Map.of());
        send(Topics.MODEL_EVENTS, keyed.tenant(), forged);
        ModelTrained real = new ModelTrained(keyed.tenant(), UUID.randomUUID(), "bg_nbd", 2, "active", Instant.now(),
                Map.of());
        send(Topics.MODEL_EVENTS, keyed.tenant(), real); // same key, same partition: after the forged one
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(path + "/keyed").size() == 1);
        Thread.sleep(1500);
        assertTrue(receiver.received(path + "/keyed").get(0).body().contains(real.modelId().toString()));
        assertEquals(List.of(), receiver.received(path + "/named"), "nothing for the tenant the payload named");
        assertTrue(skipped(Topics.MODEL_EVENTS) >= 1);
    }

    @Test
    void aRowTheDatabaseRefusesIsLeftOutAndTheBatchsOthersAreKept() throws Exception {
        Api tenant = Api.of("refused-" + UUID.randomUUID());
        String segment = tenant.segment("m", SEGMENT);
        // PostgreSQL stores no NUL in text or jsonb: once this stalled the consumer for every tenant
        CustomerProfileChange poisoned = new CustomerProfileChange(tenant.tenant(), "mallory", List.of("city"),
                Instant.now(),
                new CustomerSnapshot(null, "DE", "Ber\u0000lin", 30, null, null, null, null, true, null, 0,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null, 0, null, 0, 0, 0, 0, null, Map.of()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "linger.ms", "200"), new StringSerializer(),
                new ByteArraySerializer())) {
            // one batch (lingering together): the refused row and a good one
            producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, Topics.key(tenant.tenant(), "mallory"),
                    EventJson.write(poisoned)));
            producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, Topics.key(tenant.tenant(), "zoe"),
                    EventJson.write(change(tenant.tenant(), "zoe")))).get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SegmentCriteriaTest.members(tenant.token(),
                segment).equals(List.of("zoe")));
        assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.customer_state WHERE "
                + "customer_id = 'mallory' AND tenant_id = ?", tenant.tenant()));
        assertTrue(skipped(Topics.PROFILE_CHANGES, "refused") >= 1);
    }

    // the counter as Prometheus shows it
    private static double skipped(String topic) {
        return skipped(topic, "key_mismatch");
    }

    private static double skipped(String topic, String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("segmentation_records_skipped_total\\{([^}]*)\\} ([0-9.E+]+)").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains("reason=\"" + reason + "\"") && m.group(1).contains("topic=\"" + topic + "\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
