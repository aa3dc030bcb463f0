package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.auth.Scopes;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * POST /v1/admin/refresh-data and its status, with the background refresh out of the way (every hour) and a long
 * quiet period (a million times the last refresh's duration), so that only the requests refresh.
 */
@QuarkusTest
@WithPlatformInfrastructure
@TestProfile(RefreshDataTest.OnDemandOnly.class)
class RefreshDataTest {
    /** No background refresh to race with, and a quiet period no test outlives. */
    public static class OnDemandOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.snapshots.refresh-every", "1h", "analytics.snapshots.quiet-factor", "1000000");
        }
    }

    @Test
    void refreshesOnRequestAndSaysHowItWent() {
        String tenant = "refresh-" + UUID.randomUUID();
        TenantRecords rows = new TenantRecords(tenant);
        String admin = OidcResource.token(tenant, Scopes.ADMIN);
        String reader = OidcResource.token(tenant, Scopes.ANALYTICS_READ);
        rows.send(rows.purchase("t1", "c1", "2024-02-01T00:00:00Z", "10.00"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TenantRecords.get(reader, "/v1/customers")
                .getInt("count") == 1);
        // never refreshed: nothing to report yet, and not up to date
        JsonPath before = TenantRecords.get(admin, "/v1/admin/refresh-data/status");
        assertEquals("idle", before.getString("data.state"));
        assertNull(before.get("data.last_refresh"));
        assertFalse(before.getBoolean("data.up_to_date"));

        // not forced, but there is no snapshot yet: refreshed
        Instant asked = Instant.now();
        Response started = given().auth().oauth2(admin).post("/v1/admin/refresh-data?force_refresh=false");
        assertEquals(202, started.statusCode(), started.asString());
        assertEquals("/v1/admin/refresh-data/status", java.net.URI.create(started.header("Location")).getPath());
        JsonPath done = awaitOutcome(admin, "succeeded");
        assertTrue(done.getBoolean("data.up_to_date"));
        assertEquals("idle", done.getString("data.state"));
        Instant start = Instant.parse(done.getString("data.last_refresh.started_at"));
        Instant end = Instant.parse(done.getString("data.last_refresh.finished_at"));
        assertTrue(!start.isBefore(Instant.parse(done.getString("data.last_request.requested_at"))), done.prettify());
        assertEquals(done.getLong("data.last_refresh.duration_ms"), Duration.between(start, end).toMillis());
        assertTrue(start.isAfter(asked.minusSeconds(5)));
        assertEquals(0, new BigDecimal("10.00").compareTo(snapshotLtv(reader)));

        // not forced, nothing moved: no refresh, and it says why
        JsonPath skipped = given().auth().oauth2(admin).post("/v1/admin/refresh-data").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("skipped", skipped.getString("data.last_request.outcome"));
        assertTrue(skipped.getString("data.last_request.detail").startsWith("nothing has moved"));

        // a new purchase: the data moved, but the quiet period after the last refresh is not over
        rows.send(rows.purchase("t2", "c1", "2024-02-02T00:00:00Z", "5.00"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !TenantRecords.get(admin,
                "/v1/admin/refresh-data/status").getBoolean("data.up_to_date"));
        JsonPath quiet = given().auth().oauth2(admin).post("/v1/admin/refresh-data?force_refresh=false").then()
                .statusCode(200).extract().jsonPath();
        assertTrue(quiet.getString("data.last_request.detail").contains("quiet period"), quiet.prettify());
        assertEquals(0, new BigDecimal("10.00").compareTo(snapshotLtv(reader)), "still the old snapshot");

        // forced: refreshed at once, and the snapshot answer holds the new purchase
        given().auth().oauth2(admin).post("/v1/admin/refresh-data?force_refresh=true").then().statusCode(202);
        JsonPath forced = awaitOutcome(admin, "succeeded");
        assertTrue(forced.getBoolean("data.last_request.force_refresh"));
        assertTrue(forced.getBoolean("data.up_to_date"));
        assertEquals(0, new BigDecimal("15.00").compareTo(snapshotLtv(reader)));
    }

    @Test
    void adminOnlyAndPerTenant() {
        String tenant = "refresh-scope-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.token(tenant, Scopes.ANALYTICS_READ)).post("/v1/admin/refresh-data")
                .then().statusCode(403);
        given().auth().oauth2(OidcResource.token(tenant, Scopes.ANALYTICS_READ)).get("/v1/admin/refresh-data/status")
                .then().statusCode(403);
        given().auth().oauth2(OidcResource.token(tenant, Scopes.ADMIN)).post("/v1/admin/refresh-data?force_refresh=x")
                .then().statusCode(400).body("errors[0].field", equalTo("force_refresh"));
        // another tenant's requests are not this one's
        JsonPath other = TenantRecords.get(OidcResource.token(tenant, Scopes.ADMIN), "/v1/admin/refresh-data/status");
        assertNull(other.get("data.last_request"));
        assertNull(other.get("data.last_refresh"));
    }

    private static JsonPath awaitOutcome(String admin, String outcome) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = TenantRecords.get(admin, "/v1/admin/refresh-data/status");
            return outcome.equals(last[0].getString("data.last_request.outcome"));
        });
        return last[0];
    }

    // asked without parameters, customer-lifetime-value is the snapshot's once there is one
    private static BigDecimal snapshotLtv(String reader) {
        JsonPath answer = TenantRecords.get(reader, "/v1/finance/customer-lifetime-value");
        return answer.getList("data.total_ltv", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
