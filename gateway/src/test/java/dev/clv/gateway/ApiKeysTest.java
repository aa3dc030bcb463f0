package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import dev.clv.gateway.apikey.GatewayTokens;
import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithGatewayInfrastructure
class ApiKeysTest {
    private final GatewayTokens tokens;

    ApiKeysTest(GatewayTokens tokens) {
        this.tokens = tokens;
    }

    private static JsonPath create(String tenant, Object body) {
        return given().auth().oauth2(OidcResource.token(tenant, "admin")).contentType(ContentType.JSON).body(body)
                .post("/v1/api-keys?tenant_id=someone-else")
                .then().statusCode(201).header("Location", containsString("/v1/api-keys/")).extract().jsonPath();
    }

    @Test
    void aKeyIsShownOnceAndCallsGoUpstreamWithASignedTokenOfItsTenantAndScopes() throws Exception {
        JsonPath created = create("acme", Map.of("name", "etl", "scopes", List.of("analytics:read"),
                "tenant", "evil", "tenant_id", "evil"));
        String key = created.getString("key");
        String id = created.getString("id");
        assertEquals(key.substring(0, 10), created.getString("key_prefix"));

        JsonPath echoed = given().header("X-API-Key", key).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200).body("headers.x-api-key", nullValue()).extract().jsonPath();
        String forwarded = echoed.getString("headers.authorization").substring("Bearer ".length());
        JwtClaims claims = verify(forwarded);
        assertEquals("clv-gateway", claims.getIssuer());
        assertEquals("acme", claims.getClaimValueAsString("tenant"));
        assertEquals("analytics:read", claims.getClaimValueAsString("scope"));
        assertEquals("api-key:" + id, claims.getSubject());

        // the key holds analytics:read only
        given().header("X-API-Key", key).body("{}\n").post("/v0/events?name=customers").then().statusCode(403);
        // the listing never holds the key itself, and the body's tenant was ignored
        given().auth().oauth2(OidcResource.token("acme", "admin")).get("/v1/api-keys").then().statusCode(200)
                .body("id", hasItem(id)).body("key", not(hasItem(key))).body("tenant", not(hasItem("evil")));
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .auth().oauth2(OidcResource.token("acme", "admin")).get("/v1/api-keys/" + id)
                .then().statusCode(200).body("last_used_at", notNullValue()).body("tenant", equalTo("acme")));
    }

    @Test
    void anotherTenantCannotSeeOrRevokeAKey() {
        JsonPath created = create("acme", Map.of("name", "mine", "scopes", List.of("analytics:read")));
        String id = created.getString("id");
        String other = OidcResource.token("globex", "admin");
        given().auth().oauth2(other).get("/v1/api-keys/" + id).then().statusCode(404);
        given().auth().oauth2(other).delete("/v1/api-keys/" + id).then().statusCode(404);
        given().auth().oauth2(other).get("/v1/api-keys").then().statusCode(200).body("id", not(hasItem(id)));
        given().header("X-API-Key", created.getString("key")).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(200);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        JsonPath created = create("acme", Map.of("name", "short-lived", "scopes", List.of("analytics:read")));
        String key = created.getString("key");
        given().header("X-API-Key", key).get("/v0/pipes/customer_ltv.json").then().statusCode(200);
        given().auth().oauth2(OidcResource.token("acme", "admin")).delete("/v1/api-keys/" + created.getString("id"))
                .then().statusCode(204);
        given().header("X-API-Key", key).get("/v0/pipes/customer_ltv.json").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(OidcResource.token("acme", "admin")).get("/v1/api-keys/" + created.getString("id"))
                .then().statusCode(200).body("revoked_at", notNullValue());
    }

    @Test
    void aKeyCannotManageKeysEvenWithTheAdminScope() {
        String key = create("acme", Map.of("name", "admin-key", "scopes", List.of("admin"))).getString("key");
        given().header("X-API-Key", key).contentType(ContentType.JSON)
                .body(Map.of("name", "child", "scopes", List.of("admin"))).post("/v1/api-keys")
                .then().statusCode(403).body("detail", containsString("bearer token"));
        given().header("X-API-Key", key).get("/v1/api-keys").then().statusCode(403);
    }

    @Test
    void unknownAndMalformedKeysAre401() {
        given().header("X-API-Key", "clv_" + "A".repeat(43)).get("/v0/pipes/customer_ltv.json").then()
                .statusCode(401);
        given().header("X-API-Key", "not-a-key").get("/v0/pipes/customer_ltv.json").then().statusCode(401);
    }

    @Test
    void onlyAdminsManageKeysAndBadRequestsNameTheField() {
        given().auth().oauth2(OidcResource.token("acme", "analytics:read", "events:write"))
                .contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("analytics:read")))
                .post("/v1/api-keys").then().statusCode(403);
        given().auth().oauth2(OidcResource.token("acme", "admin")).contentType(ContentType.JSON)
                .body(Map.of("name", " ", "scopes", List.of("analytics:read", "root")))
                .post("/v1/api-keys").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("name", "scopes[1]")));
    }

    private JwtClaims verify(String jwt) throws Exception {
        JsonWebKeySet keys = new JsonWebKeySet(tokens.jwks());
        return new JwtConsumerBuilder().setExpectedIssuer("clv-gateway").setExpectedAudience("clv-platform")
                .setRequireExpirationTime().setVerificationKey(keys.getJsonWebKeys().get(0).getKey())
                .build().processToClaims(jwt);
    }
}
