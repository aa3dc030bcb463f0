package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

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
        // it never answers: every attempt there lasts 1.5 s (the test timeout is 2 s), then fails
        try (StallingEndpoint hole = new StallingEndpoint(1500); WebhookReceiver receiver = new WebhookReceiver()) {
            String[] stuck = slow.webhook("http://127.0.0.1:" + hole.port() + "/never",
                    "segment.customer_added");
            try {
                try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
                    db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, "
                            + "webhook_id, event_type, body, next_attempt_at) SELECT 'msg_backlog_' || g || '_' || '"
                            + stuck[0] + "', '" + slow.tenant() + "', '" + stuck[0] + "', 'segment.customer_added', "
                            + "'{}', now() - interval '1 minute' FROM generate_series(1, " + BACKLOG + ") g");
                }
                Thread.sleep(1000); // the backlog is being worked on
                other.webhook(receiver.url(path), "segment.customer_added");
                other.customer("una");
                long queued = System.currentTimeMillis();
                other.segment("only una", "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"una\"}");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> receiver.received(path).size() == 1);
                long waited = receiver.received(path).get(0).arrivedMillis() - queued;
                assertTrue(waited < 5000, "the other tenant's message waited " + waited + " ms");
                Thread.sleep(4000); // lanes of 128 claimed, 8 requests at a time, released when their time is up
                assertTrue(hole.requests() > 8, hole.requests() + " attempts: the backlog was being worked on");
                assertEquals(8, hole.mostHeld(), "attempts in flight to one endpoint at once, at most (and reached)");
                assertEquals(BACKLOG, count(stuck[0]), "the backlog is still there, not dropped");
                // a lane's messages whose turn came too late were released: no attempt made, none counted
                assertEquals(0, query("SELECT count(*) FROM segmentation.webhook_deliveries d WHERE webhook_id = '"
                        + stuck[0] + "' AND attempts <> (SELECT count(*) FROM "
                        + "segmentation.webhook_attempts a WHERE a.delivery_id = d.id)"), "attempts without a request");
            } finally {
                given().auth().oauth2(slow.token()).delete("/v1/webhooks/" + stuck[0]).then().statusCode(204);
            }
        }
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
