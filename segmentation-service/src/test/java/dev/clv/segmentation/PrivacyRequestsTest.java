package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The segmentation service's part of privacy requests, end to end: requests on privacy-requests.v1, customers fed
 * through customer-profile-changes.v1, results and exports read back from Kafka, the schema checked with SQL.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PrivacyRequestsTest {
    private static final String VIP = "{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}";
    private static WebhookReceiver receiver;
    private static PrivacyTopics privacy;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        privacy = new PrivacyTopics();
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        receiver.close();
        privacy.close();
        producer.close();
    }

    /**
     * A tenant with a vip segment and an endpoint for its changes; {@code gone} enters, leaves and enters again (two
     * stays, three messages), {@code kept} enters.
     */
    private record Setup(Api api, String vip, String gone, String kept, Instant t0) {
    }

    private static Setup setUp(String prefix) throws Exception {
        Api api = Api.of(prefix + "-" + UUID.randomUUID());
        api.webhook(receiver.url("/" + api.tenant()), "segment.customer_added", "segment.customer_removed");
        String vip = api.segment("vip", VIP);
        // ids no other row of the schema could contain by chance
        Setup s = new Setup(api, vip, "gone-" + UUID.randomUUID(), "kept-" + UUID.randomUUID(),
                Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS));
        change(s, s.gone(), 1, "650.00");
        awaitMembers(s, List.of(s.gone()));
        change(s, s.gone(), 2, "100.00");
        awaitMembers(s, List.of());
        change(s, s.gone(), 3, "700.00");
        change(s, s.kept(), 3, "800.00");
        awaitMembers(s, List.of(s.gone(), s.kept()).stream().sorted().toList());
        return s;
    }

    @Test
    void anExportHoldsTheCustomersStaysMembershipsMessagesAndState() throws Exception {
        Setup s = setUp("export");
        PrivacyRequest request = new PrivacyRequest(UUID.randomUUID(), s.api().tenant(), PrivacyRequest.EXPORT,
                List.of(s.gone()), Instant.now());
        privacy.send(request);
        PrivacyResult result = privacy.results(request.id(), 1).get(0);
        assertEquals(PrivacyResult.COMPLETED, result.status());
        assertEquals(Map.of("customer_state", 1L, "segment_stays", 2L, "memberships", 1L, "webhook_deliveries", 3L,
                "export_parts", 1L), result.counts());
        Map<String, List<Map<String, Object>>> export = privacy.export(request.id(), 1);
        export.values().forEach(rows -> rows.forEach(r -> assertEquals(s.gone(), r.get("customer_id"), r.toString())));

        JsonPath api = given().auth().oauth2(s.api().token()).get("/v1/customers/" + s.gone() + "/segments").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> stays = export.get("segment_stays");
        assertEquals(2, stays.size());
        for (int i = 0; i < 2; i++) {
            // the API answers newest first, the export oldest first
            int j = 1 - i;
            assertEquals("vip", stays.get(i).get("segment_name"));
            assertEquals(s.vip(), stays.get(i).get("segment_id"));
            assertEquals(millis(api.getString("history[" + j + "].entered_at")), Instant.parse((String) stays.get(i)
                    .get("entered_at")));
            String exited = api.getString("history[" + j + "].exited_at");
            assertEquals(exited == null ? null : millis(exited), stays.get(i).get("exited_at") == null
                    ? null
                    : Instant.parse((String) stays.get(i).get("exited_at")));
        }
        assertNull(stays.get(1).get("exited_at"), "the current stay is open");
        Map<String, Object> member = export.get("memberships").get(0);
        assertEquals(List.of("customer_id", "segment_id", "segment_name", "entered_at"), List.copyOf(member.keySet()));
        assertEquals(stays.get(1).get("entered_at"), member.get("entered_at"));

        List<Map<String, Object>> messages = export.get("webhook_deliveries");
        assertEquals(List.of("segment.customer_added", "segment.customer_removed", "segment.customer_added"),
                messages.stream().map(m -> m.get("event_type")).toList());
        for (Map<String, Object> m : messages) {
            assertTrue(((String) m.get("id")).startsWith("msg_"));
            assertEquals(s.gone(), ((Map<?, ?>) ((Map<?, ?>) m.get("payload")).get("data")).get("customer_id"));
        }
        Map<String, Object> state = export.get("customer_state").get(0);
        assertEquals(0, new BigDecimal("700.00").compareTo(new BigDecimal(state.get("net_revenue").toString())));
        assertEquals("DE", state.get("country"));
        assertTrue(!state.containsKey("tenant_id"), "the tenant is the requester's own");
    }

    @Test
    void anEraseLeavesNoRowNamingTheCustomerAndNeitherAReplayNorARedeliveryChangesThat() throws Exception {
        Setup s = setUp("erase");
        try (Connection db = SchemaRows.db()) {
            // a retry and an announcement still queued for the customer (leased, so the relay leaves it be)
            db.createStatement().execute("INSERT INTO segmentation.pending_evaluations (tenant_id, customer_id, "
                    + "next_attempt_at) VALUES ('" + s.api().tenant() + "', '" + s.gone()
                    + "', now() + interval '1 h')");
            db.createStatement().execute("INSERT INTO segmentation.membership_announcements (tenant_id, customer_id, "
                    + "queued_at, leased_until) VALUES ('" + s.api().tenant() + "', '" + s.gone() + "', now(), now() + "
                    + "interval '1 h') ON CONFLICT (tenant_id, customer_id) DO UPDATE SET leased_until = "
                    + "excluded.leased_until");
        }
        PrivacyRequest erase = new PrivacyRequest(UUID.randomUUID(), s.api().tenant(), PrivacyRequest.ERASE,
                List.of(s.gone(), "never-seen"), Instant.now());
        privacy.send(erase);
        PrivacyResult result = privacy.results(erase.id(), 1).get(0);
        assertEquals(PrivacyResult.COMPLETED, result.status(), result.detail());
        Map<String, Long> counts = result.counts();
        assertEquals(2L, counts.get("erased_customers"));
        assertEquals(1L, counts.get("customer_state"));
        assertEquals(1L, counts.get("memberships"));
        assertEquals(1L, counts.get("membership_history"));
        assertEquals(3L, counts.get("webhook_deliveries"));
        assertEquals(1L, counts.get("pending_evaluations"));
        assertEquals(1L, counts.get("membership_announcements"));
        assertEquals(0L, counts.get("export_parts"));

        SchemaRows.assertNothingNames(s.gone());
        assertTrue(SchemaRows
                .count("SELECT count(*) FROM segmentation.erased_customers WHERE tenant_id = '" + s.api().tenant()
                        + "'") == 2,
                "a guard per customer, holding a hash");
        assertEquals(1,
                SchemaRows.count("SELECT count(*) FROM segmentation.customer_state WHERE tenant_id = '" + s.api()
                        .tenant() + "' AND customer_id = '" + s.kept() + "'"),
                "the other customer is intact");
        assertEquals(List.of(s.kept()), SegmentCriteriaTest.members(s.api().token(), s.vip()));
        assertMemberCount(s, 1);

        // the customer's old change read again (a replay): skipped, the customer stays erased
        awaitConsumed(change(s, s.gone(), 3, "700.00"));
        SchemaRows.assertNothingNames(s.gone());
        assertMemberCount(s, 1);

        // a change made after the erase is new data: kept; a redelivered erase answers what it did and erases no more
        producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, Topics.key(s.api().tenant(), s.gone()),
                EventJson.write(new CustomerProfileChange(s.api().tenant(), s.gone(), List.of("net_revenue"),
                        Instant.now(), spent("900.00")))))
                .get();
        awaitMembers(s, List.of(s.gone(), s.kept()).stream().sorted().toList());
        privacy.send(erase);
        PrivacyResult again = privacy.results(erase.id(), 2).get(1);
        assertEquals(PrivacyResult.COMPLETED, again.status());
        assertEquals(counts, again.counts());
        assertEquals(List.of(s.gone(), s.kept()).stream().sorted().toList(), SegmentCriteriaTest.members(s.api()
                .token(), s.vip()));
        assertMemberCount(s, 2);
    }

    private static void assertMemberCount(Setup s, int n) {
        given().auth().oauth2(s.api().token()).get("/v1/segments/" + s.vip()).then().statusCode(200)
                .body("member_count", org.hamcrest.Matchers.equalTo(n));
    }

    private static CustomerSnapshot spent(String net) {
        return new CustomerSnapshot(null, "DE", null, null, null, null, null, "gold", true, null, 3,
                new BigDecimal(net), new BigDecimal(net), 0, null, null, 0, null, 0, 0, 0, 0, null, Map.of());
    }

    // a change made at t0 + step seconds, the record stamped with that time too (a replay keeps its time)
    private static RecordMetadata change(Setup s, String customer, int step, String net) throws Exception {
        Instant at = s.t0().plusSeconds(step);
        CustomerProfileChange c = new CustomerProfileChange(s.api().tenant(), customer, List.of("net_revenue"), at,
                spent(net));
        return producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, null, at.toEpochMilli(), Topics.key(s
                .api().tenant(), customer), EventJson.write(c))).get();
    }

    private static void awaitMembers(Setup s, List<String> members) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(s.api().token(),
                s.vip()).equals(members));
    }

    // the profile consumers committed past the record: it was read, and whatever it did is done
    private static void awaitConsumed(RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("segmentation-profiles")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    private static Instant millis(String text) {
        return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }
}
