package dev.clv.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.net.httpserver.HttpServer;

import dev.clv.testsupport.OidcIssuer;
import dev.clv.testsupport.OidcResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hostile tokens at the gateway, over real HTTP: each is refused with a 401 problem before any route runs, and a
 * key the token points at (jku, x5u, an embedded jwk) is never fetched or trusted.
 */
@QuarkusTest
@WithGatewayInfrastructure
class TokenAttacksTest {
    private static final String ROUTE = "/v0/pipes/customer_ltv.json";
    private static final AtomicInteger ATTACKER_HITS = new AtomicInteger();
    private static HttpServer attacker;
    private static RsaJsonWebKey attackerKey;

    @BeforeAll
    static void attacker() throws Exception {
        attackerKey = RsaJwkGenerator.generateJwk(2048);
        attackerKey.setKeyId("attacker-" + UUID.randomUUID());
        attacker = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        attacker.createContext("/", ex -> {
            ATTACKER_HITS.incrementAndGet();
            byte[] body = ("{\"keys\":[" + attackerKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}")
                    .getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        attacker.start();
    }

    @AfterAll
    static void stop() {
        attacker.stop(0);
    }

    static Stream<Arguments> forgeries() {
        OidcIssuer issuer = OidcResource.issuer();
        String attackerUrl = "http://localhost:" + attacker.getAddress().getPort() + "/jwks";
        Consumer<JsonWebSignature> signedByAttacker = jws -> {
            jws.setKey(attackerKey.getPrivateKey());
            jws.setKeyIdHeaderValue(attackerKey.getKeyId());
        };
        return Stream.of(
                forged("alg none", c -> {
                }, jws -> {
                    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
                    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
                    jws.setKey(null);
                }),
                forged("HS256 keyed with the issuer's RSA public key", c -> {
                }, jws -> {
                    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
                    jws.setKey(new HmacKey(issuer.publicKey().getEncoded()));
                    jws.setDoKeyValidation(false);
                }),
                forged("wrong issuer", c -> c.setIssuer("http://localhost:1/realms/evil"), jws -> {
                }),
                forged("wrong audience", c -> c.setAudience("someone-else"), jws -> {
                }),
                forged("expired ten minutes ago", c -> {
                    c.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 1200));
                    c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 600));
                }, jws -> {
                }),
                forged("not valid before ten minutes from now", c -> c.setNotBefore(NumericDate.fromSeconds(
                        NumericDate.now().getValue() + 600)), jws -> {
                        }),
                forged("unknown kid", c -> {
                }, signedByAttacker),
                forged("jku to the attacker's keys", c -> {
                }, signedByAttacker.andThen(jws -> jws.setHeader("jku", attackerUrl))),
                forged("x5u to the attacker's certificate", c -> {
                }, signedByAttacker.andThen(jws -> jws.setHeader("x5u", attackerUrl))),
                forged("the attacker's key embedded as jwk", c -> {
                }, signedByAttacker.andThen(jws -> jws.setJwkHeader(attackerKey))),
                Arguments.of("a flipped signature byte", flipped(issuer.token("acme", "analytics:read"))));
    }

    private static Arguments forged(String name, Consumer<JwtClaims> claims, Consumer<JsonWebSignature> jws) {
        return Arguments.of(name, OidcResource.issuer().forged("acme", claims, jws, "analytics:read"));
    }

    private static String flipped(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedTokenIs401AndNoKeyItPointsAtIsFetched(String attack, String token) {
        int hits = ATTACKER_HITS.get();
        given().auth().oauth2(token).get(ROUTE).then().statusCode(401).contentType("application/problem+json");
        assertEquals(hits, ATTACKER_HITS.get(), attack + ": the gateway fetched the attacker's keys");
    }

    @Test
    void theSameTokenUnforgedIsAccepted() {
        // the control: what the forgeries changed is what got them refused
        given().auth().oauth2(OidcResource.issuer().forged("acme", c -> {
        }, jws -> {
        }, "analytics:read")).get(ROUTE).then().statusCode(200);
    }

    @Test
    void aFloodOfUnknownKeyIdsRefreshesTheKeySetAtMostOnce() {
        int before = OidcResource.issuer().jwksRequests();
        for (int i = 0; i < 20; i++) {
            String kid = "unknown-" + i;
            given().auth().oauth2(OidcResource.issuer().forged("acme", c -> {
            }, jws -> {
                jws.setKey(attackerKey.getPrivateKey());
                jws.setKeyIdHeaderValue(kid);
            }, "analytics:read")).get(ROUTE).then().statusCode(401);
        }
        int refreshes = OidcResource.issuer().jwksRequests() - before;
        org.junit.jupiter.api.Assertions.assertTrue(refreshes <= 1, "20 unknown kids fetched the key set "
                + refreshes + " times");
    }

    @Test
    void anOversizedHeaderIsRefusedWithoutReachingAnyRoute() {
        int status = given().auth().oauth2(OidcResource.token("acme", "analytics:read"))
                .header("X-Padding", "x".repeat(64 * 1024)).get(ROUTE).then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(status == 431 || status == 400 || status == 413,
                "an oversized header answered " + status);
    }
}
