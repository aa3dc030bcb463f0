package dev.clv.analytics.roles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.auth.Scopes;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** ANALYTICS_ROLES=projection: records are projected, every analytics route answers 404, readiness is up. */
@QuarkusTest
@WithPlatformInfrastructure
@TestProfile(ProjectionRoleOnlyTest.ProjectionOnly.class)
class ProjectionRoleOnlyTest {
    /** The projection role alone. */
    public static class ProjectionOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.roles", "projection");
        }
    }

    @Test
    void recordsAreProjectedButNoRouteAnswers() throws Exception {
        String tenant = "projection-only-" + UUID.randomUUID();
        RoleRecords.sendPurchase(tenant, "c1");
        BigDecimal stored = null;
        for (int i = 0; i < 150 && stored == null; i++) {
            Thread.sleep(200);
            stored = RoleRecords.storedRevenue(tenant, "c1");
        }
        assertEquals(0, new BigDecimal("12.50").compareTo(stored), "the projector stored the purchase");
        assertTrue(RoleRecords.projectorMembers() >= 1, "the projector is in its group");

        String token = OidcResource.token(tenant, Scopes.ANALYTICS_READ, Scopes.ADMIN);
        for (String path : new String[]{"/v0/pipes/customer_ltv.json", "/v1/customers", "/v1/customers/c1",
                "/v1/reports/revenue", "/v1/marketing/customer-segments", "/v1/reports/currency-rates", "/v1/events",
                "/v1/admin/refresh-data/status"}) {
            given().auth().oauth2(token).get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404));
        }
        // the on-demand refresh is the query role's too: refused before it could start one
        given().auth().oauth2(token).post("/v1/admin/refresh-data?force_refresh=true").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/q/health/ready").then().statusCode(200).body(containsString("analytics-projector-0"));
    }
}
