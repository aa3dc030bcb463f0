package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One tenant's unreachable endpoint with thousands of due deliveries does not delay another tenant's webhooks: the
 * claim takes deliveries round robin over tenants and endpoints, and an endpoint has at most 8 attempts in flight.
 */
@QuarkusTest
@WithPlatformInfrastructure
class WebhookFairnessTest {
    private static final int BACKLOG = 5000;

    @Test
    void anotherTenantsDeliveryArrivesWithinSecondsDespiteAHugeBacklogElsewhere() throws Exception {
        Api slow = Api.of("backlog-" + UUID.randomUUID());
        Api other = Api.of("prompt-" + UUID.randomUUID());
        String path = "/prompt-" + UUID.randomUUID();
        // a black hole: it takes connections and never answers, so every attempt there lasts the whole timeout
        try (ServerSocket hole = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
                WebhookReceiver receiver = new WebhookReceiver()) {
            String[] stuck = slow.webhook("http://127.0.0.1:" + hole.getLocalPort() + "/never",
                    "segment.customer_added");
            try {
                try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
                    db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, "
                            + "webhook_id, event_type, body, next_attempt_at) SELECT 'msg_backlog_' || g || '_' || '"
                            + stuck[0] + "', '" + slow.tenant() + "', '" + stuck[0] + "', 'segment.customer_added', "
                            + "'{}', now() - interval '1 minute' FROM generate_series(1, " + BACKLOG + ") g");
                }
                Thread.sleep(1000); // the backlog is being worked on
                AtomicLong mostInFlight = new AtomicLong();
                other.webhook(receiver.url(path), "segment.customer_added");
                other.customer("una");
                long queued = System.currentTimeMillis();
                other.segment("only una", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"una\"}");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    mostInFlight.accumulateAndGet(inFlight(stuck[0]), Math::max);
                    return receiver.received(path).size() == 1;
                });
                long waited = receiver.received(path).get(0).arrivedMillis() - queued;
                assertTrue(waited < 5000, "the other tenant's message waited " + waited + " ms");
                for (int i = 0; i < 20; i++) {
                    mostInFlight.accumulateAndGet(inFlight(stuck[0]), Math::max);
                    Thread.sleep(100);
                }
                assertTrue(mostInFlight.get() > 0, "the backlog was being attempted meanwhile");
                assertTrue(mostInFlight.get() <= 8, mostInFlight.get() + " attempts in flight to one endpoint");
                assertEquals(BACKLOG, count(stuck[0]), "the backlog is still there, not dropped");
            } finally {
                given().auth().oauth2(slow.token()).delete("/v1/webhooks/" + stuck[0]).then().statusCode(204);
            }
        }
    }

    private static long inFlight(String webhook) throws Exception {
        return query("SELECT count(*) FROM segmentation.webhook_deliveries WHERE webhook_id = '" + webhook
                + "' AND leased_until > now()");
    }

    private static long count(String webhook) throws Exception {
        return query("SELECT count(*) FROM segmentation.webhook_deliveries WHERE webhook_id = '" + webhook
                + "' AND status = 'pending'");
    }

    private static long query(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                ResultSet r = db.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
