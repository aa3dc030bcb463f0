package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.segmentation.segment.evaluation.SegmentSweeper;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One tenant whose evaluation fails does not hold up the others: not in a live batch (its customers are kept and
 * evaluated once the failure is gone) and not in the sweep. The failure is real and deterministic: a trigger that
 * refuses the tenant's membership rows, as a broken statement or a bad row would.
 */
@QuarkusTest
@WithPlatformInfrastructure
class TenantIsolationTest {
    @Inject
    SegmentSweeper sweeper;

    private static final String IN_DE = "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}";

    @Test
    void aFailingTenantDoesNotStopAnotherInTheSameBatchAndIsEvaluatedOnceTheFailureIsGone() throws Exception {
        Api failing = Api.of("iso-a-" + UUID.randomUUID());
        Api healthy = Api.of("iso-b-" + UUID.randomUUID());
        String failingSegment = failing.segment("in DE", IN_DE);
        String healthySegment = healthy.segment("in DE", IN_DE);
        String trigger = refuseMemberships(failing.tenant());
        try {
            // the failing tenant's changes go first: acknowledged before the other tenant's are sent
            send(failing.tenant(), "a1", "a2");
            send(healthy.tenant(), "b1");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(healthy
                    .token(), healthySegment).equals(List.of("b1")));
            assertEquals(List.of(), SegmentCriteriaTest.members(failing.token(), failingSegment));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pending(failing.tenant()).equals(List.of(
                    "a1", "a2")));
        } finally {
            drop(trigger);
        }
        // the failure is gone: the kept customers are evaluated by the retry (the segment is not time-relative, so
        // no sweep would ever look at them again)
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> SegmentCriteriaTest.members(failing.token(),
                failingSegment).equals(List.of("a1", "a2")));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pending(failing.tenant()).isEmpty());
    }

    @Test
    void aTenantWhoseSweepFailsDoesNotStopTheSweepOfOthers() throws Exception {
        // "0-" sorts before every other tenant of these tests, so its sweep comes first
        Api failing = Api.of("0-sweep-" + UUID.randomUUID());
        Api healthy = Api.of("sweep-ok-" + UUID.randomUUID());
        String recent = "{\"field\":\"recency_days\",\"op\":\"lte\",\"value\":29}";
        // the healthy tenant's customer turns 30 days from her last purchase in 3 s: the sweep must let her go
        purchasedAt(healthy.tenant(), "h1", Instant.now().minus(Duration.ofDays(30)).plusSeconds(3));
        String healthySegment = healthy.segment("bought this month", recent);
        assertEquals(List.of("h1"), SegmentCriteriaTest.members(healthy.token(), healthySegment));
        failing.segment("bought this month", recent);
        String trigger = refuseMemberships(failing.tenant());
        try {
            // the failing tenant's customer is due to enter at every sweep, and can never be stored
            purchasedAt(failing.tenant(), "f1", Instant.now());
            Thread.sleep(3500);
            sweeper.sweepAll().await().atMost(Duration.ofSeconds(30));
            assertEquals(List.of(), SegmentCriteriaTest.members(healthy.token(), healthySegment),
                    "the healthy tenant was swept although the failing one came first");
        } finally {
            drop(trigger);
        }
    }

    private static void send(String tenant, String... customers) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (String c : customers) {
                CustomerSnapshot de = new CustomerSnapshot(null, "DE", null, 30, null, null, null, null, true, null, 0,
                        BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null, 0, null, 0, 0, 0, 0, null, Map.of());
                producer.send(new ProducerRecord<>(Topics.PROFILE_CHANGES, Topics.key(tenant, c), EventJson.write(
                        new CustomerProfileChange(tenant, c, List.of("country"), Instant.now(), de)))).get();
            }
        }
    }

    // a trigger that fails every membership row of the tenant: its evaluation statements fail at run time
    private static String refuseMemberships(String tenant) throws Exception {
        String name = "refuse_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("CREATE FUNCTION segmentation." + name + "() RETURNS trigger LANGUAGE "
                    + "plpgsql AS $$ BEGIN RAISE EXCEPTION 'memberships of this tenant are refused (test)'; END $$");
            db.createStatement().execute("CREATE TRIGGER " + name + " BEFORE INSERT OR UPDATE ON "
                    + "segmentation.memberships FOR EACH ROW WHEN (NEW.tenant_id = '" + tenant + "') EXECUTE "
                    + "FUNCTION segmentation." + name + "()");
        }
        return name;
    }

    private static void drop(String name) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("DROP TRIGGER " + name + " ON segmentation.memberships");
            db.createStatement().execute("DROP FUNCTION segmentation." + name + "()");
        }
    }

    private static List<String> pending(String tenant) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement q = db.prepareStatement("SELECT customer_id FROM segmentation.pending_evaluations "
                        + "WHERE tenant_id = ? ORDER BY customer_id")) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private static void purchasedAt(String tenant, String customer, Instant last) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement insert = db.prepareStatement("INSERT INTO segmentation.customer_state (tenant_id, "
                        + "customer_id, purchase_count, last_purchase_at, changed_at) VALUES (?, ?, 1, ?, now())")) {
            insert.setString(1, tenant);
            insert.setString(2, customer);
            insert.setTimestamp(3, Timestamp.from(last));
            insert.executeUpdate();
        }
    }
}
