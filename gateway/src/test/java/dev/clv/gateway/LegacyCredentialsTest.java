package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The older clients' ways to present a credential, over real HTTP: Tinybird's {@code ?token=} on {@code /v0/*}
 * (seed 000), which no upstream, log or error ever sees, and an API key as {@code Authorization: Bearer clv_…}
 * (seed 003), which is taken as the key it is and never offered to OIDC.
 */
@QuarkusTest
@WithGatewayInfrastructure
class LegacyCredentialsTest {
    private static final String PIPE = "/v0/pipes/customer_ltv.json";

    @Test
    void aTokenInTheQueryOfAV0PathAuthenticatesAndGoesNoFurther() throws Exception {
        String token = OidcResource.token("url-token", "analytics:read");
        Response answer = given().urlEncodingEnabled(false).header("X-Request-Id", "url-token-1")
                .get(PIPE + "?start_date=2020-01-01%2000:00:00&country=US&is_active=1&token=" + token);
        answer.then().statusCode(200)
                .body("uri", equalTo(PIPE + "?start_date=2020-01-01%2000:00:00&country=US&is_active=1"))
                // the upstream validates the token again, so it goes on in the header, where tokens belong
                .body("headers.authorization", equalTo("Bearer " + token));
        assertEquals("url-token", AliasesTest.line("url-token-1").getString("tenant"));
        // nothing the gateway logged holds it, and no upstream was asked for a URL with it
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(Files.readString(Path.of("target/access.log")).contains(signature));
        given().urlEncodingEnabled(false).get(PIPE + "?token=" + token + "&limit=5").then().statusCode(200)
                .body("uri", equalTo(PIPE + "?limit=5"));
    }

    @Test
    void aHeaderWinsOverTheQueryAndABadQueryTokenIsNeverEchoed() {
        String header = OidcResource.token("header-tenant", "analytics:read");
        String query = OidcResource.token("query-tenant", "analytics:read");
        given().auth().oauth2(header).header("X-Request-Id", "url-token-2").get(PIPE + "?token=" + query)
                .then().statusCode(200).body("uri", equalTo(PIPE))
                .body("headers.authorization", equalTo("Bearer " + header));
        assertEquals("header-tenant", AliasesTest.line("url-token-2").getString("tenant"));

        String forged = query.substring(0, query.lastIndexOf('.') + 1) + "AAAA" + query.substring(
                query.lastIndexOf('.') + 5);
        String refused = given().get(PIPE + "?token=" + forged).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer").extract().asString();
        assertFalse(refused.contains(forged.substring(forged.lastIndexOf('.') + 1)), refused);
    }

    @Test
    void theQueryTokenIsOnlyTakenOnV0AndNeverForwardedElsewhere() {
        String token = OidcResource.token("url-token", "analytics:read");
        int before = EchoUpstream.shared().received.get();
        given().get("/v1/customers?token=" + token).then().statusCode(401);
        given().get("/marketing/churn-risk-customers?token=" + token).then().statusCode(401);
        assertEquals(before, EchoUpstream.shared().received.get(), "nothing went upstream");
        given().auth().oauth2(token).get("/v1/customers?limit=1&token=unrelated").then().statusCode(200)
                .body("uri", equalTo("/v1/customers?limit=1"));
    }

    @Test
    void anApiKeySentAsABearerValueOrInTheQueryIsTakenAsTheKey() {
        String key = given().auth().oauth2(OidcResource.token("bearer-key", "admin")).contentType(ContentType.JSON)
                .body(Map.of("name", "seed-003 client", "scopes", List.of("analytics:read"))).post("/v1/api-keys")
                .then().statusCode(201).extract().path("key");
        // a token quarkus-oidc had checked would have been refused (a key is no JWT): this one never went there
        given().header("Authorization", "Bearer " + key).get("/customer-analytics/v1/customers?limit=10")
                .then().statusCode(200).body("uri", equalTo("/v1/customers?limit=10"))
                .body("headers.x-api-key", nullValue())
                .body("headers.authorization", startsWith("Bearer ey"));
        given().header("Authorization", "bearer " + key).get(PIPE).then().statusCode(200);
        given().urlEncodingEnabled(false).get(PIPE + "?token=" + key).then().statusCode(200).body("uri", equalTo(PIPE));
        // an unknown key fails as a key does, not as a malformed token
        given().header("Authorization", "Bearer clv_" + "A".repeat(43)).get(PIPE).then().statusCode(401)
                .body("detail", containsString("X-API-Key"));
        given().header("Authorization", "Bearer " + key).header("X-API-Key", "clv_other").get(PIPE).then()
                .statusCode(400).body("detail", containsString("Two different API keys"));
    }
}
