package dev.clv.analytics.roles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.auth.Scopes;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** ANALYTICS_ROLES=query: every answer is served, no Kafka consumer starts, readiness needs no Kafka. */
@QuarkusTest
@WithPlatformInfrastructure
@TestProfile(QueryRoleOnlyTest.QueryOnly.class)
class QueryRoleOnlyTest {
    /** The query role alone. */
    public static class QueryOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.roles", "query");
        }
    }

    @Test
    void answersAreServedButNothingIsProjected() throws Exception {
        String tenant = "query-only-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.token(tenant, Scopes.ANALYTICS_READ))
                .get("/v0/pipes/customer_ltv.json").then().statusCode(200);
        given().auth().oauth2(OidcResource.token(tenant, Scopes.ANALYTICS_READ))
                .get("/v1/customers").then().statusCode(200);

        RoleRecords.sendPurchase(tenant, "c1");
        Thread.sleep(3000); // a projector would store it within a second or two
        assertNull(RoleRecords.storedRevenue(tenant, "c1"), "a query instance projects nothing");
        assertEquals(0, RoleRecords.projectorMembers(), "no consumer joined the projector's group");

        given().get("/q/health/ready").then().statusCode(200).body(not(containsString("kafka")))
                .body(not(containsString("analytics-projector")));
    }
}
