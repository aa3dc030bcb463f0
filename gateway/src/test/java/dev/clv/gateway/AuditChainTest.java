package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.gateway.audit.AuditEntry;
import dev.clv.gateway.audit.AuditStore;
import dev.clv.gateway.audit.AuditWriter;
import dev.clv.gateway.config.AuditConfig;
import dev.clv.testsupport.OidcResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The per-tenant hash chain: a row changed or removed by SQL is found at its seq, and writers of several replicas
 * (and many concurrent requests) appending to one tenant's chain at once leave it whole.
 */
@QuarkusTest
@WithGatewayInfrastructure
class AuditChainTest {
    private final DataSource db;
    private final AuditConfig config;

    AuditChainTest(DataSource db, AuditConfig config) {
        this.db = db;
        this.config = config;
    }

    private static void verify(String tenant, boolean valid, String field, Object value) {
        given().auth().oauth2(OidcResource.token(tenant, "admin")).get("/v1/audit/verify").then().statusCode(200)
                .body("valid", equalTo(valid)).body(field, equalTo(value))
                .body(valid ? "first_broken_seq" : "entries", nullValue());
    }

    @Test
    void aRowChangedOrRemovedBySqlBreaksTheChainAtItsSeq() throws Exception {
        String tenant = "audit-tamper-" + System.nanoTime();
        String writer = OidcResource.token(tenant, "segments:write");
        for (int i = 1; i <= 5; i++) {
            given().auth().oauth2(writer).contentType(ContentType.JSON).body("{}").post("/v1/segments").then()
                    .statusCode(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> AuditRows.rows(db, tenant).size() == 5);
        verify(tenant, true, "entries", 5);

        AuditRows.execute(db, "UPDATE gateway.audit_log SET target = '/v1/segments/forged' WHERE tenant = ? "
                + "AND seq = 3", tenant);
        verify(tenant, false, "first_broken_seq", 3);
        AuditRows.execute(db, "UPDATE gateway.audit_log SET target = '/v1/segments' WHERE tenant = ? AND seq = 3",
                tenant);
        verify(tenant, true, "valid", true);
        AuditRows.execute(db, "UPDATE gateway.audit_log SET result = 201 WHERE tenant = ? AND seq = 4", tenant);
        verify(tenant, false, "first_broken_seq", 4);
        AuditRows.execute(db, "UPDATE gateway.audit_log SET result = 200 WHERE tenant = ? AND seq = 4", tenant);

        // the newest entry removed (each verify above is itself an entry: 5 writes and 4 verifications)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> AuditRows.rows(db, tenant).size() == 9);
        AuditRows.execute(db, "DELETE FROM gateway.audit_log WHERE tenant = ? AND seq = 9", tenant);
        verify(tenant, false, "first_broken_seq", 9);
        AuditRows.execute(db, "DELETE FROM gateway.audit_log WHERE tenant = ? AND seq = 2", tenant);
        verify(tenant, false, "first_broken_seq", 2);
    }

    @Test
    void twoReplicasWritersAndManyConcurrentRequestsKeepOneValidChainPerTenant() throws Exception {
        String tenant = "audit-race-" + System.nanoTime();
        String other = tenant + "-b";
        // two more writers, as two more gateway replicas would have, next to this replica's own
        List<AuditWriter> replicas = List.of(new AuditWriter(new AuditStore(db), config, new SimpleMeterRegistry()),
                new AuditWriter(new AuditStore(db), config, new SimpleMeterRegistry()));
        int perReplica = 200;
        int requests = 40;
        List<Callable<Void>> work = new ArrayList<>();
        for (AuditWriter replica : replicas) {
            work.add(() -> {
                for (int i = 0; i < perReplica; i++) {
                    replica.offer(new AuditEntry(i % 2 == 0 ? tenant : other, Instant.now(), "svc", null,
                            "POST /v1/segments", "/v1/segments/" + i, 200, "race-" + i, "10.0.0.1"));
                    if (i % 7 == 6) {
                        assertTrue(replica.flush());
                    }
                }
                assertTrue(replica.flush());
                return null;
            });
        }
        String writer = OidcResource.token(tenant, "segments:write");
        for (int t = 0; t < 4; t++) {
            work.add(() -> {
                for (int i = 0; i < requests / 4; i++) {
                    given().auth().oauth2(writer).contentType(ContentType.JSON).body("{}").post("/v1/segments")
                            .then().statusCode(200);
                }
                return null;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(work.size());
        try {
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }
        int expected = perReplica + requests; // half of each replica's entries, and every request
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> AuditRows.rows(db, tenant).size() >= expected);
        assertEquals(expected, AuditRows.rows(db, tenant).size());
        AuditRows.assertChained(db, tenant);
        AuditRows.assertChained(db, other);
        verify(other, true, "entries", perReplica);
    }
}
