package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;

import jakarta.inject.Inject;

import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.auth.VerifiedTokens;
import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The verified-token cache: a token is verified once and then remembered, never past its own expiry; a token that
 * differs by one byte from a remembered one is verified (and refused) in full; refusals are not remembered.
 */
@QuarkusTest
@WithGatewayInfrastructure
class VerifiedTokenCacheTest {
    private static final String ROUTE = "/v0/pipes/customer_ltv.json";

    @Inject
    VerifiedTokens tokens;

    @Test
    void aTokenIsVerifiedOnceAndItsTwinWithAnotherSignatureIsNot() {
        String token = OidcResource.issuer().token("cache", "analytics:read");
        long before = tokens.size();
        given().auth().oauth2(token).get(ROUTE).then().statusCode(200);
        long hits = tokens.hits();
        given().auth().oauth2(token).get(ROUTE).then().statusCode(200);
        assertEquals(before + 1, tokens.size(), "remembered once");
        assertEquals(hits + 1, tokens.hits(), "the second call is answered from the cache");

        given().auth().oauth2(flipped(token)).get(ROUTE).then().statusCode(401);
        given().auth().oauth2(flipped(token)).get(ROUTE).then().statusCode(401);
        assertEquals(before + 1, tokens.size(), "a refusal is not remembered");
        assertEquals(hits + 1, tokens.hits(), "a twin with another signature is never a hit");
        // the scope check runs on a remembered identity as on a fresh one
        given().auth().oauth2(token).get("/v1/segments").then().statusCode(403);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
        long exp = NumericDate.now().getValue() + 3;
        String token = OidcResource.issuer().forged("cache", c -> c.setExpirationTime(NumericDate.fromSeconds(exp)),
                jws -> {
                }, "analytics:read");
        given().auth().oauth2(token).get(ROUTE).then().statusCode(200);
        given().auth().oauth2(token).get(ROUTE).then().statusCode(200);
        Thread.sleep(Math.max(0, (exp + 2) * 1000 - System.currentTimeMillis()));
        given().auth().oauth2(token).get(ROUTE).then().statusCode(401);
    }

    private static String flipped(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }
}
