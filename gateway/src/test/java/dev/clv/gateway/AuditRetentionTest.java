package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.clv.gateway.audit.AuditEntry;
import dev.clv.gateway.audit.AuditPurge;
import dev.clv.gateway.audit.AuditStore;
import dev.clv.gateway.audit.AuditWriter;
import dev.clv.gateway.config.AuditConfig;
import dev.clv.testsupport.OidcResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention keeps what is left one verifiable chain: the purge removes only the oldest end of a tenant's chain and
 * moves the anchor with it. And the writer: a full queue counts what it drops, and a stopping replica writes what
 * is still queued.
 */
@QuarkusTest
@WithGatewayInfrastructure
class AuditRetentionTest {
    private final DataSource db;
    private final AuditStore store;
    private final AuditPurge purge;
    private final MeterRegistry registry;

    AuditRetentionTest(DataSource db, AuditStore store, AuditPurge purge, MeterRegistry registry) {
        this.db = db;
        this.store = store;
        this.purge = purge;
        this.registry = registry;
    }

    private static AuditEntry entry(String tenant, Instant time, int n) {
        return new AuditEntry(tenant, time, "sub-" + n, "name " + n, "PUT /v1/segments", "/v1/segments/s" + n,
                200, "purge-" + n, "10.1.2.3");
    }

    @Test
    void thePurgeRemovesTheOldestEndOnlyAndTheRestStillVerifies() throws Exception {
        String tenant = "audit-purge-" + System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<AuditEntry> entries = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            // 1-5 ten days old, 6 one day old, 7 ten days old again (written after 6), 8-10 two hours old
            Instant time = n <= 5 || n == 7
                    ? now.minus(Duration.ofDays(10))
                    : n == 6 ? now.minus(Duration.ofDays(1)) : now.minus(Duration.ofHours(2));
            entries.add(entry(tenant, time, n));
        }
        store.append(entries);
        List<byte[]> hashes = new ArrayList<>();
        byte[] prev = new byte[32];
        for (int n = 1; n <= 10; n++) {
            AuditEntry e = entries.get(n - 1);
            prev = AuditRows.hash(prev, tenant, n, e.time(), e.actorSub(), e.actorName(), e.action(), e.target(),
                    e.result(), e.requestId(), e.clientIp());
            hashes.add(prev);
        }
        double purgedBefore = purged();

        assertEquals(5, purge.purge(now.minus(Duration.ofDays(5))));
        assertEquals(5.0, purged() - purgedBefore, 1e-9);
        List<Map<String, Object>> kept = AuditRows.rows(db, tenant);
        // 7 is past retention but follows 6, which is not: it waits for 6, so the chain stays whole
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), kept.stream().map(r -> r.get("seq")).toList());
        for (Map<String, Object> row : kept) {
            assertArrayEquals(hashes.get(((Long) row.get("seq")).intValue() - 1), (byte[]) row.get("hash"));
        }
        Map<String, Object> chain = AuditRows.query(db, "SELECT * FROM gateway.audit_chain WHERE tenant = ?",
                tenant).get(0);
        assertEquals(5L, chain.get("anchor_seq"));
        assertArrayEquals(hashes.get(4), (byte[]) chain.get("anchor_hash"));
        AuditRows.assertChained(db, tenant);
        String admin = OidcResource.token(tenant, "admin");
        given().auth().oauth2(admin).get("/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true))
                .body("entries", equalTo(5));

        assertEquals(5, purge.purge(now.minus(Duration.ofHours(1))));
        AuditRows.assertChained(db, tenant);
        given().auth().oauth2(admin).get("/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        assertEquals(0, purge.purge(now.minus(Duration.ofHours(1))));
    }

    @Test
    void aFullQueueCountsWhatItDropsAndAStoppingWriterWritesWhatIsQueued() throws Exception {
        String tenant = "audit-drain-" + System.nanoTime();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditWriter writer = new AuditWriter(new AuditStore(db), tiny(), meters); // never started: only drain writes
        for (int n = 1; n <= 3; n++) {
            writer.offer(entry(tenant, Instant.now(), n));
        }
        assertEquals(1.0, meters.get("audit.dropped").counter().count(), 1e-9);
        assertEquals(0, AuditRows.rows(db, tenant).size());
        writer.drain();
        assertEquals(List.of("purge-1", "purge-2"), AuditRows.rows(db, tenant).stream().map(r -> r.get(
                "request_id")).toList());
        AuditRows.assertChained(db, tenant);
    }

    private double purged() {
        var counter = registry.find("retention.purged.rows").tag("table", "audit_log").counter();
        return counter == null ? 0 : counter.count();
    }

    private static AuditConfig tiny() {
        return new AuditConfig() {
            public int queueSize() {
                return 2;
            }

            public Duration flushEvery() {
                return Duration.ofMillis(50);
            }

            public int batchSize() {
                return 500;
            }

            public int retentionDays() {
                return 365;
            }

            public Duration purgeEvery() {
                return Duration.ofHours(1);
            }

            public int purgeBatchSize() {
                return 10000;
            }

            public Duration drainOnShutdown() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
