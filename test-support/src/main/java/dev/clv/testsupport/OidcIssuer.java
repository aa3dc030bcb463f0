package dev.clv.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real OIDC issuer for tests: discovery document and JWKS over HTTP on a free port, RS256 tokens minted for any
 * tenant and scopes. Written here because the WireMock-based quarkus-test-oidc-server imitates one fixed Keycloak
 * realm with fixed keys; tests here need per-tenant tokens, free ports and, later, hostile tokens built at will.
 */
public final class OidcIssuer {
    public static final String AUDIENCE = "clv-platform";

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String issuer;
    private final java.util.concurrent.atomic.AtomicInteger jwksRequests = new java.util.concurrent.atomic.AtomicInteger();

    private OidcIssuer(HttpServer server, RsaJsonWebKey key) {
        this.server = server;
        this.key = key;
        this.issuer = "http://localhost:" + server.getAddress().getPort() + "/realms/test";
        server.createContext("/realms/test/.well-known/openid-configuration", ex -> json(ex, discovery()));
        server.createContext("/realms/test/protocol/openid-connect/certs", ex -> {
            jwksRequests.incrementAndGet();
            json(ex, "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}");
        });
        server.start();
    }

    public static OidcIssuer start() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            return new OidcIssuer(server, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** A signed access token for {@code tenant} holding {@code scopes}; a null tenant leaves the claim out. */
    public String token(String tenant, String... scopes) {
        return forged(tenant, claims -> {
        }, jws -> {
        }, scopes);
    }

    /**
     * A token built at will, for security tests: a valid one until {@code claimEdits} and {@code signatureEdits}
     * change its claims, or its signature's headers, key and algorithm, before it is signed.
     */
    public String forged(String tenant, Consumer<JwtClaims> claimEdits, Consumer<JsonWebSignature> signatureEdits,
            String... scopes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject("test-client");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setGeneratedJwtId();
        claims.setClaim("scope", String.join(" ", List.of(scopes)));
        if (tenant != null) {
            claims.setClaim("tenant", tenant);
        }
        claimEdits.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        signatureEdits.accept(jws);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many times the key set has been fetched, by anyone. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** The issuer's signing key id and public key, as a forger who read the JWKS would have them. */
    public String keyId() {
        return key.getKeyId();
    }

    public java.security.PublicKey publicKey() {
        return key.getPublicKey();
    }

    public void stop() {
        server.stop(0);
    }

    private String discovery() {
        String base = issuer + "/protocol/openid-connect";
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + base + "/certs\",\"token_endpoint\":\"" + base
                + "/token\",\"authorization_endpoint\":\"" + base + "/auth\",\"id_token_signing_alg_values_supported\":"
                + "[\"RS256\"],\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"]}";
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
