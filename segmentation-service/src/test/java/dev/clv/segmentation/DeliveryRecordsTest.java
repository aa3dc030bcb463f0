package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

import dev.clv.segmentation.webhook.DeliveryRepository;
import dev.clv.segmentation.webhook.DeliveryRepository.Claimed;
import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Recording a batch of attempts survives one of its deliveries being deleted meanwhile (its endpoint removed). */
@QuarkusTest
@WithPlatformInfrastructure
class DeliveryRecordsTest {
    @Inject
    DeliveryRepository deliveries;

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
        deliveries.finish(List.of(new Claimed("msg_kept_" + kept, "{}", 1, UUID.fromString(kept), "", "", null, lane),
                new Claimed("msg_removed_" + removed, "{}", 1, UUID.fromString(removed), "", "", null, lane)),
                List.of(ok, ok), now, Duration.ofDays(5)).await().atMost(Duration.ofSeconds(10));
        JsonPath log = api.deliveries(kept);
        assertEquals("succeeded", log.getString("[0].status"));
        assertEquals(List.of(200), log.getList("[0].attempt_log.status_code"));
        assertEquals(List.of(5), log.getList("[0].attempt_log.latency_ms"), "the success, kept in the delivery's row");
        assertEquals(0, EvaluationLimitsTest.count("SELECT count(*) FROM segmentation.webhooks WHERE "
                + "tenant_id = ? AND lane_until IS NOT NULL", api.tenant()), "the lane ended");
    }
}
