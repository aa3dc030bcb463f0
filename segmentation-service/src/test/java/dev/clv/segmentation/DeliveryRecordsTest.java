package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.clv.segmentation.webhook.DeliveryClaims;
import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Recording a batch of attempts survives one of its deliveries being deleted meanwhile (its endpoint removed); a lane
 * takes more of its endpoint's messages only under its own lease.
 */
@QuarkusTest
@WithPlatformInfrastructure
class DeliveryRecordsTest {
    @Inject
    DeliveryRepository deliveries;
    @Inject
    DeliveryClaims claims;

    @Test
    void aDeliveryDeletedMidAttemptDoesNotLoseTheOutcomesOfTheRestOfTheBatch() throws Exception {
        Api api = Api.of("records-" + UUID.randomUUID());
        String kept = api.webhook("http://127.0.0.1:9/kept", "model.trained")[0];
        String removed = api.webhook("http://127.0.0.1:9/removed", "model.trained")[0];
        // two attempts in flight: both endpoints' lanes leased for an hour, so the dispatcher leaves them alone
        OffsetDateTime lane;
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            ResultSet leased = db.createStatement().executeQuery("UPDATE segmentation.webhooks SET lane_until = "
                    + "date_trunc('milliseconds', now()) + interval '1 hour' WHERE tenant_id = '" + api.tenant()
                    + "' RETURNING lane_until");
            leased.next();
            lane = leased.getObject(1, OffsetDateTime.class);
            for (String[] d : new String[][]{{"msg_kept_" + kept, kept}, {"msg_removed_" + removed, removed}}) {
                db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, "
                        + "event_type, body) VALUES ('" + d[0] + "', '" + api.tenant() + "', '" + d[1]
                        + "', 'model.trained', '{}')");
            }
            db.createStatement().execute("DELETE FROM segmentation.webhooks WHERE id = '" + removed + "'");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Outcome ok = new Outcome("succeeded", 200, null, 5, null);
        deliveries.finish(
                List.of(new Claimed("msg_kept_" + kept, "{}", 1, UUID.fromString(kept), "", "", null, lane, null),
                        new Claimed("msg_removed_" + removed, "{}", 1, UUID.fromString(removed), "", "", null, lane,
                                null)),
                List.of(ok, ok), now, Duration.ofDays(5)).chain(() -> deliveries.endLane(UUID.fromString(kept), lane))
                .await().atMost(Duration.ofSeconds(10));
        JsonPath log = api.deliveries(kept);
        assertEquals("succeeded", log.getString("[0].status"));
        assertEquals(List.of(200), log.getList("[0].attempt_log.status_code"));
        assertEquals(List.of(5), log.getList("[0].attempt_log.latency_ms"), "the success, kept in the delivery's row");
        assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhooks WHERE "
                + "tenant_id = ? AND lane_until IS NOT NULL", api.tenant()), "the lane ended");
    }

    @Test
    void aLaneTakesItsEndpointsNextMessagesOldestFirstOnlyWhileItHoldsTheLease() throws Exception {
        Api api = Api.of("lanes-" + UUID.randomUUID());
        UUID webhook = UUID.fromString(api.webhook("http://127.0.0.1:9/lane", "model.trained")[0]);
        OffsetDateTime lane;
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            // the lane is held (for an hour, so the dispatcher leaves the endpoint alone) and three messages are due
            ResultSet leased = db.createStatement().executeQuery("UPDATE segmentation.webhooks SET lane_until = now() "
                    + "+ interval '1 hour' WHERE id = '" + webhook + "' RETURNING lane_until");
            leased.next();
            lane = leased.getObject(1, OffsetDateTime.class);
            db.createStatement().execute("INSERT INTO segmentation.webhook_deliveries (id, tenant_id, webhook_id, "
                    + "event_type, body, next_attempt_at) SELECT 'msg_lane_' || g || '_" + webhook + "', '"
                    + api.tenant() + "', '" + webhook + "', 'model.trained', '{}', now() - g * interval '1 minute' "
                    + "FROM generate_series(1, 3) g");
        }
        Duration lease = Duration.ofHours(1);
        DeliveryClaims.Next first = claims.next(webhook, lane, lease, 2, List.of()).await().indefinitely();
        assertEquals(List.of("msg_lane_3_" + webhook, "msg_lane_2_" + webhook), first.messages().stream()
                .map(Claimed::id).toList(), "the oldest two");
        assertEquals(List.of(1, 1), first.messages().stream().map(Claimed::attempt).toList());
        assertNotEquals(lane, first.lane(), "the lease was renewed");
        DeliveryClaims.Next second = claims.next(webhook, first.lane(), lease, 2, first.messages().stream()
                .map(Claimed::id).toList()).await().indefinitely();
        assertEquals(List.of("msg_lane_1_" + webhook), second.messages().stream().map(Claimed::id).toList(),
                "the one the lane does not hold yet");
        assertTrue(claims.next(webhook, lane, lease, 2, List.of()).await().indefinitely().lost(),
                "a lease renewed since is no longer this token's");
        deliveries.endLane(webhook, lane).await().indefinitely();
        assertEquals(1, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhooks WHERE "
                + "tenant_id = ? AND lane_until IS NOT NULL", api.tenant()), "an old token ends nothing");
        deliveries.endLane(webhook, second.lane()).await().indefinitely();
        assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhooks WHERE "
                + "tenant_id = ? AND lane_until IS NOT NULL", api.tenant()), "the holder's token ends the lane");
    }
}
