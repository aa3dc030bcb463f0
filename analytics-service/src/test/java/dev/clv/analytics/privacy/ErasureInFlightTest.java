package dev.clv.analytics.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** A projection batch that meets an erase under way waits for its commit, then skips the record it guards. */
@QuarkusTest
@WithPlatformInfrastructure
class ErasureInFlightTest {

    @Test
    void aBatchInFlightWaitsForTheEraseAndIsScreenedByIt() throws Exception {
        String tenant = "flight-" + UUID.randomUUID();
        String customer = "flight-" + UUID.randomUUID();
        // an erase under way, as CustomerErasure holds it: the tenant's stripe, exclusively, until its commit
        try (Connection erase = PostgresResource.server().getPostgresDatabase().getConnection()) {
            erase.setAutoCommit(false);
            run(erase, "SELECT pg_advisory_xact_lock(hashtext('analytics-erasure'), hashtext(?) & 63)", tenant);
            RecordMetadata sent = PrivacyKafka.send(new PrivacyRows(tenant).purchase("f1", customer,
                    "2024-03-01T12:00:00Z", "5.00")).get(0);
            // the batch waits for the erase instead of storing the row behind its back
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> PrivacyDb.row("SELECT count(*) FROM "
                    + "pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND NOT granted").equals(List.of(
                            "1")));
            assertEquals(0L, PrivacyDb.rowsOf(tenant, customer).get("transactions"));
            run(erase, "INSERT INTO analytics.erased_customers VALUES (?, encode(sha256(convert_to(?, 'UTF8') || "
                    + "'\\x00'::bytea || convert_to(?, 'UTF8')), 'hex'), clock_timestamp())", tenant, tenant,
                    customer);
            erase.commit();
            // the record was produced before the erase: the batch, let through, skips it
            PrivacyKafka.awaitProjected(sent);
        }
        PrivacyDb.assertGone(tenant, customer);
    }

    private static void run(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.execute();
        }
    }
}
