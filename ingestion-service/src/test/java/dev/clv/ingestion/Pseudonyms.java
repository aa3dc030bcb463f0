package dev.clv.ingestion;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.clv.testsupport.OidcResource;
import io.restassured.response.ValidatableResponse;

/**
 * What the pseudonymisation tests share: the pseudonym computed independently, from docs/privacy.md's derivation
 * and the test profile's key, and the admin calls.
 */
final class Pseudonyms {
    /** {@code %test.clv.pseudonymisation.master-key} of application.properties. */
    static final String TEST_KEY = "Tx0ajz2H0RAjqK+re62o7dM5+OeTQ8kvSMDwNQbdBh4=";

    private Pseudonyms() {
    }

    /** ps1_ + base64url(first 16 bytes of HMAC-SHA256(HMAC-SHA256(master, "tenant:" + tenant), value)). */
    static String of(String tenant, String normalised) {
        byte[] tenantKey = hmac(Base64.getDecoder().decode(TEST_KEY),
                ("tenant:" + tenant).getBytes(StandardCharsets.UTF_8));
        byte[] mac = hmac(tenantKey, normalised.getBytes(StandardCharsets.UTF_8));
        return "ps1_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 16));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse put(String tenant, String body) {
        return given().auth().oauth2(OidcResource.token(tenant, "admin")).contentType("application/json")
                .body(body).put("/v1/admin/pseudonymisation").then();
    }

    static ValidatableResponse get(String tenant) {
        return given().auth().oauth2(OidcResource.token(tenant, "admin")).get("/v1/admin/pseudonymisation").then();
    }

    /** Writes NDJSON rows of customers for the tenant. */
    static ValidatableResponse customers(String tenant, String ndjson) {
        return given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                .body(ndjson.getBytes(StandardCharsets.UTF_8)).post("/v0/events?name=customers").then();
    }
}
