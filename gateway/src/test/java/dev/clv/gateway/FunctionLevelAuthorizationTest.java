package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;

/** A token that may only read cannot reach any write or admin route, whatever it asks for. */
@QuarkusTest
@WithGatewayInfrastructure
class FunctionLevelAuthorizationTest {

    static Stream<Arguments> writeAndAdminRoutes() {
        return Stream.of(
                Arguments.of("POST", "/v0/events?name=customers", "events:write"),
                Arguments.of("POST", "/v1/events", "events:write"),
                Arguments.of("POST", "/v1/events/batch", "events:write"),
                Arguments.of("GET", "/v1/quarantine", "events:write"),
                // a read, but of the write path's quarantine: it takes the write scope
                Arguments.of("GET", "/v1/quarantine/summary", "events:write"),
                Arguments.of("POST", "/v1/quarantine/q1/replay", "events:write"),
                Arguments.of("POST", "/v1/models/bg_nbd/train", "models:write"),
                Arguments.of("POST", "/v1/models/m1/activate", "models:write"),
                Arguments.of("POST", "/v1/sample-data?n_customers=10", "models:write"),
                Arguments.of("POST", "/v1/segments", "segments:write"),
                Arguments.of("PUT", "/v1/segments/s1", "segments:write"),
                Arguments.of("DELETE", "/v1/segments/s1", "segments:write"),
                Arguments.of("POST", "/v1/webhooks", "webhooks:write"),
                Arguments.of("GET", "/v1/webhooks/w1/deliveries", "webhooks:write"),
                Arguments.of("PUT", "/v1/reports/currency-rates", "admin"),
                Arguments.of("PUT", "/v1/admin/pseudonymisation", "admin"),
                Arguments.of("PUT", "/v1/admin/retention", "admin"),
                Arguments.of("GET", "/v1/admin/retention", "admin"),
                Arguments.of("POST", "/v1/api-keys", "admin"),
                Arguments.of("GET", "/v1/api-keys", "admin"),
                Arguments.of("DELETE", "/v1/api-keys/k1", "admin"));
    }

    @ParameterizedTest
    @MethodSource("writeAndAdminRoutes")
    void aReadOnlyTokenIsRefusedNamingTheMissingScope(String method, String path, String scope) {
        String readOnly = OidcResource.token("acme", "analytics:read", "predictions:read", "segments:read");
        given().auth().oauth2(readOnly).contentType("application/json").body("{\"tenant_id\":\"acme\"}")
                .request(method, path).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("'" + scope + "'"));
    }
}
