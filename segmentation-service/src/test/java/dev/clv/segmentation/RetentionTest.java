package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.segmentation.retention.SegmentationRetention;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention of segmentation's history: finished deliveries (with their attempts) and ended stays older than the
 * tenant's days go; pending deliveries and current stays never do, however old; another tenant's policy keeps its own.
 */
@QuarkusTest
@WithPlatformInfrastructure
class RetentionTest {
    @Inject
    SegmentationRetention retention;

    @Test
    void oldHistoryGoesAndWhatIsLiveStays() throws Exception {
        Api a = Api.of("retain-" + UUID.randomUUID());
        Api b = Api.of("retain-other-" + UUID.randomUUID());
        // b keeps deliveries 60 days and its segment history for ever
        Map<String, Integer> days = new java.util.HashMap<>();
        days.put("webhook_deliveries", 60);
        days.put("membership_history", null);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RETENTION_POLICIES, b.tenant(), EventJson.write(
                    new RetentionPolicy(b.tenant(), days, Instant.now())))).get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> retention.policies().of(b.tenant())
                .isPresent());
        for (Api api : List.of(a, b)) {
            String hook = api.webhook("http://127.0.0.1:9/hook", "model.trained")[0];
            String segment = UUID.randomUUID().toString();
            sql("INSERT INTO segmentation.segments (id, tenant_id, name, criteria) VALUES ('" + segment + "', '"
                    + api.tenant() + "', 'vip', '{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}')");
            // deliveries: finished 40 days ago (succeeded, with an attempt; failed), pending since 40 days, finished
            // 5 days ago
            delivery(api, hook, "old-ok", "succeeded", "now() - interval '40 days'");
            sql("INSERT INTO segmentation.webhook_attempts (delivery_id, attempt, attempted_at, status_code) VALUES ('"
                    + api.tenant() + "old-ok', 1, now() - interval '40 days', 200)");
            delivery(api, hook, "old-failed", "failed", "now() - interval '40 days'");
            delivery(api, hook, "old-pending", "pending", "NULL");
            delivery(api, hook, "young", "succeeded", "now() - interval '5 days'");
            // stays: ended 800 days ago, ended 10 days ago, current since 900 days
            stay(api, segment, "c1", "now() - interval '900 days'", "now() - interval '800 days'");
            stay(api, segment, "c2", "now() - interval '900 days'", "now() - interval '10 days'");
            stay(api, segment, "c3", "now() - interval '900 days'", "NULL");
        }

        retention.purge(Instant.now());

        // a: the defaults, 30 days of deliveries and 730 of history
        assertEquals(List.of("old-pending", "young"), deliveries(a));
        assertEquals(List.of("c2", "c3"), stays(a));
        assertEquals(List.of("c3"), rows("SELECT customer_id FROM segmentation.memberships WHERE tenant_id = ? AND "
                + "exited_at IS NULL", a.tenant()), "the current stay stays");
        assertEquals(List.of(), rows("SELECT delivery_id FROM segmentation.webhook_attempts WHERE delivery_id = ?",
                a.tenant() + "old-ok"), "its attempts went with the delivery");
        // b: its own policy
        assertEquals(List.of("old-failed", "old-ok", "old-pending", "young"), deliveries(b));
        assertEquals(List.of("c1", "c2", "c3"), stays(b));

        // 25 days on, a's young delivery is 30 days old; b's old ones 65
        retention.purge(Instant.now().plus(Duration.ofDays(25)).plus(Duration.ofHours(1)));
        assertEquals(List.of("old-pending"), deliveries(a));
        assertEquals(List.of("old-pending", "young"), deliveries(b));
    }

    private static void delivery(Api api, String hook, String id, String status, String finishedAt)
            throws Exception {
        sql("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, event_type, body, status, "
                + "created_at, finished_at, next_attempt_at) VALUES ('" + api.tenant() + id + "', '" + api.tenant()
                + "', '" + hook + "', 'model.trained', '{}', '" + status + "', now() - interval '41 days', "
                + finishedAt + ", now() + interval '1 day')");
    }

    private static void stay(Api api, String segment, String customer, String entered, String exited)
            throws Exception {
        sql("INSERT INTO segmentation.memberships (tenant_id, segment_id, customer_id, entered_at, exited_at) VALUES "
                + "('" + api.tenant() + "', '" + segment + "', '" + customer + "', " + entered + ", " + exited + ")");
    }

    private static List<String> deliveries(Api api) throws Exception {
        return rows("SELECT substr(id, length(tenant_id) + 1) FROM segmentation.webhook_deliveries WHERE tenant_id = ?"
                + " ORDER BY 1", api.tenant());
    }

    private static List<String> stays(Api api) throws Exception {
        return rows("SELECT customer_id FROM segmentation.memberships WHERE tenant_id = ? ORDER BY 1", api.tenant());
    }

    private static void sql(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute(sql);
        }
    }

    private static List<String> rows(String sql, String arg) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, arg);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }
}
