package dev.clv.segmentation.webhook.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.segmentation.webhook.dispatch.WebhookSigner;

/** Secrets at rest: AES-GCM under a named key, bound to their endpoint, readable after a rotation. */
class SecretCipherTest {
    private static final String OLD = "old:IfpR9snGGScFJWJ4P4hld2JWnwPKBF4OiOvcUkQlCsY=";
    private static final String NEW = "new:H4QGRHwrthGBPMpfG+kxCd4B7+XK8oqSGycWILvHyLM=";
    private final UUID webhook = UUID.randomUUID();

    @Test
    void aStoredSecretNamesItsKeyAndHoldsNoPlainText() {
        SecretCipher cipher = new SecretCipher(List.of(OLD), "old");
        String secret = WebhookSigner.newSecret();
        String stored = cipher.encrypt(secret, webhook);
        assertTrue(stored.startsWith("v1:old:"), stored);
        assertFalse(stored.contains(secret.substring(WebhookSigner.PREFIX.length())));
        assertNotEquals(stored, cipher.encrypt(secret, webhook), "a fresh nonce every time");
        assertEquals(secret, cipher.decrypt(stored, webhook));
    }

    @Test
    void aValueCopiedToAnotherEndpointOrAlteredDoesNotDecrypt() {
        SecretCipher cipher = new SecretCipher(List.of(OLD), "old");
        String stored = cipher.encrypt(WebhookSigner.newSecret(), webhook);
        assertThrows(SecretCipher.Unreadable.class, () -> cipher.decrypt(stored, UUID.randomUUID()));
        int i = cipher.activePrefix().length() + 20; // inside the ciphertext
        String altered = stored.substring(0, i) + (stored.charAt(i) == 'A' ? 'B' : 'A') + stored.substring(i + 1);
        assertThrows(SecretCipher.Unreadable.class, () -> cipher.decrypt(altered, webhook));
    }

    @Test
    void aSecretStoredBeforeEncryptionIsReadAsItIs() {
        String secret = WebhookSigner.newSecret();
        assertEquals(secret, new SecretCipher(List.of(OLD), "old").decrypt(secret, webhook));
    }

    @Test
    void aRotationReadsOldValuesWritesNewOnesAndTheOldKeyCanGoAfterwards() {
        String secret = WebhookSigner.newSecret();
        String underOld = new SecretCipher(List.of(OLD), "old").encrypt(secret, webhook);
        SecretCipher rotating = new SecretCipher(List.of(OLD, NEW), "new");
        String underNew = rotating.encrypt(rotating.decrypt(underOld, webhook), webhook);
        assertTrue(underNew.startsWith(rotating.activePrefix()));
        SecretCipher after = new SecretCipher(List.of(NEW), "new");
        assertEquals(secret, after.decrypt(underNew, webhook));
        SecretCipher.Unreadable missing = assertThrows(SecretCipher.Unreadable.class, () -> after.decrypt(underOld,
                webhook));
        assertTrue(missing.getMessage().contains("key old"), missing.getMessage());
    }

    @Test
    void aMisconfiguredKeyStopsTheStartNamingTheKeyNeverItsBytes() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new SecretCipher(List.of(OLD), "new"));
        assertTrue(unknown.getMessage().contains("active-key-id"));
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> new SecretCipher(List.of("k1:c2hvcnQ="), "k1"));
        assertTrue(shortKey.getMessage().contains("k1") && !shortKey.getMessage().contains("c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(List.of("k1:not base64!"), "k1"));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(List.of(OLD, OLD), "old"));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher(List.of("no-colon"), "no-colon"));
    }
}
