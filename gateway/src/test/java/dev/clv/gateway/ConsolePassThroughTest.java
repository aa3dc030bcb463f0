package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * {@code /app/*} reaches the console (here an echo upstream) without a credential, with the public scheme and host
 * the gateway was reached at, and without anything a client could use to pose as someone or somewhere else.
 */
@QuarkusTest
@WithGatewayInfrastructure
class ConsolePassThroughTest {

    @Test
    void theConsoleIsReachedWithoutACredentialCheck() {
        int before = EchoUpstream.shared().received.get();
        given().redirects().follow(false).queryParam("from", "2026-01-01").cookie("q_session", "opaque")
                .get("/app/dashboard")
                .then().statusCode(200)
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/app/dashboard?from=2026-01-01"))
                .body("headers.cookie", equalTo("q_session=opaque"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", equalTo("localhost:" + RestAssured.port));
        assertEquals(before + 1, EchoUpstream.shared().received.get());
    }

    @Test
    void forgedIdentityAndForwardingHeadersAndTokensNeverReachTheConsole() {
        // a valid API token is no credential of the console's: it stays at the gateway (an invalid one is a 401 there)
        given().redirects().follow(false).auth().oauth2(OidcResource.token("acme", "analytics:read"))
                .header("X-Tenant-Id", "victim").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https").header("Forwarded", "host=evil.example")
                .header("X-Forwarded-Prefix", "/evil")
                .post("/app/customers/c-1")
                .then().statusCode(200)
                .body("headers.authorization", nullValue())
                .body("headers.x-tenant-id", nullValue())
                .body("headers.forwarded", nullValue())
                .body("headers.x-forwarded-prefix", nullValue())
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", equalTo("localhost:" + RestAssured.port));
    }

    @Test
    void theBarePrefixRedirectsAndNonCanonicalPathsAreRefused() {
        given().redirects().follow(false).get("/app").then().statusCode(302).header("Location", "/app/");
        given().redirects().follow(false).get("/app/").then().statusCode(200).body("uri", equalTo("/app/"));
        given().redirects().follow(false).urlEncodingEnabled(false).get("/app/%2e%2e/v1/customers")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
