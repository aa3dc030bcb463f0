package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

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
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.segmentation.announcement.AnnouncementRepository;
import dev.clv.segmentation.announcement.AnnouncementRepository.Claimed;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every membership change is followed by a segment-memberships.v1 record carrying the customer's whole current list,
 * read back from Kafka: through the live path (profile changes and scores), a save, the sweep, a deletion and a
 * pending retry; and a relay that dies between publishing and deleting sends again, losing nothing.
 */
@QuarkusTest
@WithPlatformInfrastructure
class MembershipAnnouncementsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String IN_DE = "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}";
    private static MembershipRecords records;

    @Inject
    AnnouncementRepository announcements;

    @BeforeAll
    static void start() {
        records = new MembershipRecords();
    }

    @AfterAll
    static void stop() {
        records.close();
    }

    @Test
    void enteringAndLeavingThroughProfileChangesAndScoresAnnounceTheWholeList() {
        Api api = Api.of("announce-live-" + UUID.randomUUID());
        String big = api.segment("big", "{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}");
        String de = api.segment("de", IN_DE);
        String likely = api.segment("likely", "{\"field\":\"p_alive\",\"op\":\"gte\",\"value\":0.8}");
        Instant t0 = Instant.now();
        send(Topics.PROFILE_CHANGES, api.tenant(), "alice", change(api.tenant(), "alice", t0, "650.00"));
        awaitLatest(api, "alice", sorted(big, de));
        send(Topics.SCORES, api.tenant(), "alice", new CustomerScore(api.tenant(), "alice", "m1", 1,
                new BigDecimal("90.00"), 0.9, 2.0, 12, t0));
        awaitLatest(api, "alice", sorted(big, de, likely));
        send(Topics.PROFILE_CHANGES, api.tenant(), "alice", change(api.tenant(), "alice", t0.plusSeconds(1),
                "100.00"));
        awaitLatest(api, "alice", sorted(de, likely));
        List<SegmentMemberships> all = records.of(api.tenant(), "alice");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(!all.get(i).changedAt().isBefore(all.get(i - 1).changedAt()), "changed_at never goes back");
        }
        assertEquals(api.tenant(), all.get(0).tenantId());
        assertEquals("alice", all.get(0).customerId());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("segmentation_announcements_published_total")
                && metrics.contains("segmentation_announcements_lag_seconds_count")
                && metrics.contains("segmentation_announcements_oldest_seconds"), "the relay's metrics");
    }

    @Test
    void aSaveTheSweepAndADeletionEachAnnounceTheWholeList() throws Exception {
        Api api = Api.of("announce-sweep-" + UUID.randomUUID());
        // bea's last activity (an interaction) turns 30 days old eight seconds from now; ann stays active
        Instant quiet = Instant.now().minus(Duration.ofDays(30)).plusSeconds(8);
        send(Topics.PROFILE_CHANGES, api.tenant(), "bea", new CustomerProfileChange(api.tenant(), "bea",
                List.of("interaction_count"), Instant.now(), activeAt(quiet)));
        send(Topics.PROFILE_CHANGES, api.tenant(), "ann", new CustomerProfileChange(api.tenant(), "ann",
                List.of("interaction_count"), Instant.now(), activeAt(Instant.now())));
        Awaitility.await().atMost(WAIT).until(() -> stateCount(api.tenant()) == 2);
        String de = api.segment("de", IN_DE);
        awaitLatest(api, "bea", List.of(de)); // the save's first evaluation
        awaitLatest(api, "ann", List.of(de));
        // seed 003's shorthand: no activity of any kind in the last 30 days
        String dormant = api.segment("dormant", "{\"last_active_days\":30}");
        assertEquals(List.of(), SegmentCriteriaTest.members(api.token(), dormant), "bea enters by the sweep");
        Awaitility.await().atMost(WAIT).until(() -> sorted(de, dormant).equals(records.latest(api.tenant(), "bea")));
        assertTrue(Instant.now().isAfter(quiet.plus(Duration.ofDays(30))), "not before her 30th day");
        assertEquals(List.of(de), records.latest(api.tenant(), "ann"));
        given().auth().oauth2(api.token()).delete("/v1/segments/" + de).then().statusCode(204);
        awaitLatest(api, "bea", List.of(dormant));
        awaitLatest(api, "ann", List.of());
    }

    @Test
    void customersKeptForARetryAreAnnouncedOnceTheirEvaluationSucceeds() throws Exception {
        Api api = Api.of("announce-pending-" + UUID.randomUUID());
        String de = api.segment("de", IN_DE);
        String trigger = Triggers.refuseMemberships(api.tenant());
        try {
            send(Topics.PROFILE_CHANGES, api.tenant(), "cem", change(api.tenant(), "cem", Instant.now(), "1.00"));
            Awaitility.await().atMost(WAIT).until(() -> Triggers.count("pending_evaluations", api.tenant()) == 1);
            assertEquals(List.of(), records.of(api.tenant(), "cem"));
        } finally {
            Triggers.drop(trigger, "memberships");
        }
        awaitLatest(api, "cem", List.of(de));
    }

    @Test
    void aRelayKilledBetweenPublishingAndDeletingSendsAgainAndLosesNothing() throws Exception {
        Api api = Api.of("announce-crash-" + UUID.randomUUID());
        api.customer("dan");
        // the relay publishes, then its delete fails: what a relay killed between the two leaves behind
        String trigger = Triggers.onAnnouncements(api.tenant(), "DELETE", "TRUE",
                "RAISE EXCEPTION 'the relay dies here (test)'");
        String first;
        String second;
        try {
            first = api.segment("first", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"dan\"}");
            Awaitility.await().atMost(WAIT).until(() -> records.of(api.tenant(), "dan").size() >= 2);
            assertTrue(records.of(api.tenant(), "dan").stream().allMatch(r -> r.segmentIds().equals(List.of(first))),
                    "sent again, after the lease, with the same list");
            assertEquals(1, Triggers.count("membership_announcements", api.tenant()), "the row is still queued");
            // a change while the relay keeps dying is not lost either
            second = api.segment("second", "{\"field\":\"customer_id\",\"op\":\"in\",\"value\":[\"dan\"]}");
            awaitLatest(api, "dan", sorted(first, second));
        } finally {
            Triggers.drop(trigger, "membership_announcements");
        }
        Awaitility.await().atMost(WAIT).until(() -> Triggers.count("membership_announcements", api.tenant()) == 0);
        assertEquals(sorted(first, second), records.latest(api.tenant(), "dan"));
    }

    @Test
    void aChangeWhileAListIsInFlightIsNotDeletedWithIt() throws Exception {
        Api api = Api.of("announce-race-" + UUID.randomUUID());
        api.customer("eve");
        // no relay can claim this tenant's rows for now, so the test plays a relay that claimed one
        String trigger = Triggers.onAnnouncements(api.tenant(), "UPDATE", "NEW.leased_until IS NOT NULL",
                "RETURN NULL");
        String first;
        String second;
        try {
            first = api.segment("first", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"eve\"}");
            Claimed claimed = Triggers.queued(api.tenant(), "eve");
            second = api.segment("second", "{\"field\":\"customer_id\",\"op\":\"in\",\"value\":[\"eve\"]}");
            assertEquals(0, announcements.done(List.of(claimed)).await().atMost(WAIT),
                    "the list claimed is sent, but the change since is still to be announced");
            assertNotEquals(claimed.revision(), Triggers.queued(api.tenant(), "eve").revision());
            assertEquals(List.of(), records.of(api.tenant(), "eve"));
        } finally {
            Triggers.drop(trigger, "membership_announcements");
        }
        awaitLatest(api, "eve", sorted(first, second));
        Awaitility.await().atMost(WAIT).until(() -> Triggers.count("membership_announcements", api.tenant()) == 0);
    }

    private static void awaitLatest(Api api, String customer, List<String> expected) {
        Awaitility.await().atMost(WAIT).until(() -> expected.equals(records.latest(api.tenant(), customer)));
    }

    private static List<String> sorted(String... ids) {
        return Stream.of(ids).sorted().toList();
    }

    private static CustomerProfileChange change(String tenant, String customer, Instant at, String net) {
        return new CustomerProfileChange(tenant, customer, List.of("net_revenue"), at, new CustomerSnapshot(null,
                "DE", null, null, null, null, null, null, true, null, 3, new BigDecimal(net), new BigDecimal(net), 0,
                at, at, 0, null, 0, 0, 0, 0, null, Map.of()));
    }

    // a German customer whose newest activity of any kind is an interaction at {@code last}
    private static CustomerSnapshot activeAt(Instant last) {
        return new CustomerSnapshot(null, "DE", null, null, null, null, null, null, true, null, 0, BigDecimal.ZERO,
                BigDecimal.ZERO, 0, null, null, 1, last, 0, 0, 0, 0, null, Map.of());
    }

    private static long stateCount(String tenant) throws Exception {
        return Triggers.count("customer_state", tenant);
    }

    private static void send(String topic, String tenant, String customer, Object event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, Topics.key(tenant, customer), EventJson.write(event)));
        }
    }
}
