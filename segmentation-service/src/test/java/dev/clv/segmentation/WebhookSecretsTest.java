package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.segmentation.webhook.dispatch.WebhookSigner;
import dev.clv.segmentation.webhook.secret.SecretCipher;
import dev.clv.segmentation.webhook.secret.SecretReencryption;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** Signing secrets are stored encrypted, keep signing as before, and move to a new key when it becomes active. */
@QuarkusTest
@WithPlatformInfrastructure
class WebhookSecretsTest {
    // the test profile's two keys (application.properties); the service's active one is dev-only
    private static final String DEV = "dev-only:IfpR9snGGScFJWJ4P4hld2JWnwPKBF4OiOvcUkQlCsY=";
    private static final String NEXT = "test-next:H4QGRHwrthGBPMpfG+kxCd4B7+XK8oqSGycWILvHyLM=";
    private static WebhookReceiver receiver;
    @Inject
    Pool pool;
    @Inject
    SecretReencryption reencryption;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void storedSecretsHoldNoPlainTextAndStillSignEveryMessage() throws Exception {
        Api api = Api.of("secrets-" + UUID.randomUUID());
        String path = "/secrets-" + UUID.randomUUID();
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        String[] stored = stored(webhook[0]);
        assertSealed(stored[0], "v1:dev-only:", webhook[1]);
        assertNull(stored[1]);
        String next = given().auth().oauth2(api.token()).contentType(ContentType.JSON).body("{}")
                .post("/v1/webhooks/" + webhook[0] + "/rotate-secret").then().statusCode(200).extract().path("secret");
        stored = stored(webhook[0]);
        assertSealed(stored[0], "v1:dev-only:", next);
        assertSealed(stored[1], "v1:dev-only:", webhook[1]);
        WebhookReceiver.Received r = message(api, path, "ann", 1);
        assertTrue(WebhookReceiver.signedWith(next, r) && WebhookReceiver.signedWith(webhook[1], r), r.signature());
    }

    @Test
    void aSecretStoredInPlainTextSignsAndIsEncryptedByTheNextRun() throws Exception {
        Api api = Api.of("legacy-" + UUID.randomUUID());
        String path = "/legacy-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret();
        try (Connection db = db();
                PreparedStatement insert = db.prepareStatement("INSERT INTO segmentation.webhooks "
                        + "(id, tenant_id, url, events, secret) VALUES (?, ?, ?, ARRAY['segment.customer_added'], ?)")) {
            insert.setObject(1, id);
            insert.setString(2, api.tenant());
            insert.setString(3, receiver.url(path));
            insert.setString(4, secret);
            insert.executeUpdate();
        }
        assertTrue(WebhookReceiver.signedWith(secret, message(api, path, "bo", 1)), "read as it is");
        assertTrue(reencryption.run().await().atMost(Duration.ofSeconds(20)) >= 1);
        assertSealed(stored(id.toString())[0], "v1:dev-only:", secret);
        assertTrue(WebhookReceiver.signedWith(secret, message(api, path, "cy", 2)), "decrypted");
    }

    @Test
    void aNewActiveKeyReencryptsEverySecretAndTheOldKeyCanGoAfterwards() throws Exception {
        Api api = Api.of("rotation-" + UUID.randomUUID());
        String path = "/rotation-" + UUID.randomUUID();
        String[] webhook = api.webhook(receiver.url(path), "segment.customer_added");
        // what a replica configured with the new key active does at its start
        new SecretReencryption(pool, new SecretCipher(List.of(DEV, NEXT), "test-next")).run().await()
                .atMost(Duration.ofSeconds(20));
        SecretCipher newOnly = new SecretCipher(List.of(NEXT), "test-next");
        List<String> unreadable = new ArrayList<>();
        try (Connection db = db();
                ResultSet rows = db.createStatement().executeQuery("SELECT id, secret, "
                        + "previous_secret FROM segmentation.webhooks")) {
            while (rows.next()) {
                UUID id = rows.getObject(1, UUID.class);
                for (String stored : new String[]{rows.getString(2), rows.getString(3)}) {
                    try {
                        if (stored != null && (!stored.startsWith("v1:test-next:") || newOnly.decrypt(stored, id)
                                .isEmpty())) {
                            unreadable.add(id + ": " + stored.substring(0, 12));
                        }
                    } catch (SecretCipher.Unreadable e) {
                        unreadable.add(id + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), unreadable, "secrets the new key alone cannot read");
        String stored = stored(webhook[0])[0];
        assertEquals(webhook[1], newOnly.decrypt(stored, UUID.fromString(webhook[0])));
        assertTrue(WebhookReceiver.signedWith(webhook[1], message(api, path, "di", 1)), "the service reads it");
    }

    private static void assertSealed(String stored, String prefix, String secret) {
        assertTrue(stored.startsWith(prefix), stored.substring(0, Math.min(stored.length(), 16)));
        assertFalse(stored.contains(secret.substring(WebhookSigner.PREFIX.length())), "the plain secret is stored");
    }

    // a customer who enters a segment of their own: one segment.customer_added message, the n-th at the path
    private static WebhookReceiver.Received message(Api api, String path, String customer, int n) throws Exception {
        api.customer(customer);
        api.segment("only " + customer, "{\"field\":\"customer_id\",\"op\":\"eq\",\"value\":\"" + customer + "\"}");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received(path).size() >= n);
        return receiver.received(path).get(n - 1);
    }

    private static String[] stored(String webhook) throws Exception {
        try (Connection db = db();
                PreparedStatement read = db.prepareStatement("SELECT secret, previous_secret "
                        + "FROM segmentation.webhooks WHERE id = ?")) {
            read.setObject(1, UUID.fromString(webhook));
            try (ResultSet r = read.executeQuery()) {
                r.next();
                return new String[]{r.getString(1), r.getString(2)};
            }
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }
}
