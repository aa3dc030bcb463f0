package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Queued webhook messages wake the dispatcher: the outbox's trigger notifies at commit (never for a rolled-back or
 * an empty insert), and the service hears it.
 */
@QuarkusTest
@WithPlatformInfrastructure
class DeliveryWakeupsTest {
    private static WebhookReceiver receiver;
    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aCommittedInsertNotifiesOnceNamingItsTenantARolledBackOrEmptyOneNever() throws Exception {
        Api api = Api.of("wake-" + UUID.randomUUID());
        String path = "/wake-" + UUID.randomUUID();
        String webhook = api.webhook(receiver.url(path), "segment.customer_added")[0];
        try (Connection listener = db(); Connection writer = db()) {
            listener.createStatement().execute("LISTEN segmentation_deliveries_queued");
            writer.setAutoCommit(false);
            insert(writer, api.tenant(), webhook, "msg_rolled_back", 1);
            writer.rollback();
            insert(writer, api.tenant(), webhook, "msg_none", 0);
            writer.commit();
            assertEquals(List.of(), heard(listener, api.tenant(), 1000), "nothing was queued");

            double before = registry.counter("segmentation.webhook.wakeups").count();
            insert(writer, api.tenant(), webhook, "msg_woken_a", 1);
            insert(writer, api.tenant(), webhook, "msg_woken_b", 1);
            writer.commit();
            assertEquals(List.of(api.tenant()), heard(listener, api.tenant(), 2000), "one per transaction");
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> registry.counter("segmentation.webhook.wakeups").count() > before);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 2);
        }
    }

    /** Inserts a due message with {@code id}, or (rows 0) an insert that selects nothing. */
    private static void insert(Connection db, String tenant, String webhook, String id, int rows) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, event_type, body) "
                    + "SELECT '" + id + "', '" + tenant + "', '" + webhook + "', 'segment.customer_added', "
                    + "'{\"type\":\"segment.customer_added\"}' FROM generate_series(1, " + rows + ")");
        }
    }

    /** The payloads naming {@code tenant} among the notifications heard within {@code millis}. */
    private static List<String> heard(Connection listener, String tenant, int millis) throws Exception {
        List<String> payloads = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; left > 0; left = end - System.currentTimeMillis()) {
            PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications((int) left);
            for (PGNotification n : got == null ? new PGNotification[0] : got) {
                if (List.of(n.getParameter().split(",")).contains(tenant)) {
                    payloads.add(n.getParameter());
                }
            }
        }
        return payloads;
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }
}
