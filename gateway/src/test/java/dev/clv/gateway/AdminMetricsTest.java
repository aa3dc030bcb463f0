package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /admin/metrics} over real HTTP: an admin sees their own tenant's requests per route (counts, error
 * rates, p50/p99 by status class) and never another tenant's; the platform-wide timers, without tenants, are on the
 * management port only.
 */
@QuarkusTest
@WithGatewayInfrastructure
class AdminMetricsTest {
    @TestHTTPResource(value = "/metrics", management = true)
    URL prometheus;

    @Test
    void anAdminSeesTheirTenantsTrafficPerRouteAndNoOneElses() {
        String tenant = "metrics-" + System.nanoTime();
        String reader = OidcResource.token(tenant, "analytics:read");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(reader).get("/v0/pipes/customer_ltv.json").then().statusCode(200);
        }
        given().auth().oauth2(reader).get("/v0/pipes/customer_ltv.json?echo_status=503").then().statusCode(503);
        given().auth().oauth2(reader).get("/v1/customers/c1/segments").then().statusCode(403);
        String admin = OidcResource.token(tenant, "admin");

        Map<String, Object> pipes = Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> route(admin,
                "GET /v0/pipes"), found -> found != null && ((Number) found.get("requests")).intValue() == 4);
        assertEquals(0.25, ((Number) pipes.get("error_rate")).doubleValue(), 1e-9);
        assertEquals(0.0, ((Number) pipes.get("client_error_rate")).doubleValue(), 1e-9);
        Map<?, ?> ok = (Map<?, ?>) ((Map<?, ?>) pipes.get("by_status")).get("2xx");
        assertEquals(3, ((Number) ok.get("count")).intValue());
        assertNotNull(ok.get("p50_ms"));
        assertTrue(((Number) ok.get("p99_ms")).doubleValue() >= ((Number) ok.get("p50_ms")).doubleValue());
        Map<String, Object> refused = route(admin, "GET /v1/customers/*/segments");
        assertEquals(1.0, ((Number) refused.get("client_error_rate")).doubleValue(), 1e-9);

        // another tenant's admin sees none of it
        JsonPath other = given().auth().oauth2(OidcResource.token(tenant + "-other", "admin")).get("/admin/metrics")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(tenant + "-other", other.getString("tenant"));
        assertFalse(other.getList("routes.route").contains("GET /v0/pipes"));
    }

    @Test
    void onlyAnAdminsBearerTokenReadsTheMetrics() {
        given().auth().oauth2(OidcResource.token("metrics-x", "analytics:read")).get("/admin/metrics").then()
                .statusCode(403).body("detail", containsString("'admin'"));
        String key = given().auth().oauth2(OidcResource.token("metrics-x", "admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "ops", "scopes", List.of("admin"))).post("/v1/api-keys").then().statusCode(201)
                .extract().path("key");
        given().header("X-API-Key", key).get("/admin/metrics").then().statusCode(403)
                .body("detail", containsString("bearer token"));
        given().get("/admin/metrics").then().statusCode(401);
    }

    @Test
    void thePlatformTimersAreOnTheManagementPortByRouteAndStatusClassWithoutTenants() {
        given().auth().oauth2(OidcResource.token("metrics-platform", "analytics:read"))
                .get("/v0/pipes/customer_ltv.json").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get(prometheus).then()
                .statusCode(200)
                .body(containsString("gateway_route_requests_seconds_count{route=\"GET /v0/pipes\",status=\"2xx\"}"))
                .body(containsString("gateway_route_requests_seconds{route=\"GET /v0/pipes\",status=\"2xx\","
                        + "quantile=\"0.99\"}"))
                .body(not(containsString("metrics-platform"))));
        given().get("/q/metrics").then().statusCode(404);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> route(String admin, String name) {
        List<Map<String, Object>> routes = given().auth().oauth2(admin).get("/admin/metrics").then().statusCode(200)
                .extract().jsonPath().getList("routes");
        return routes.stream().filter(r -> name.equals(r.get("route"))).findFirst().orElse(null);
    }
}
