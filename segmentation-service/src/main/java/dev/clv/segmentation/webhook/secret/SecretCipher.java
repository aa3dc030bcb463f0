package dev.clv.segmentation.webhook.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.clv.segmentation.webhook.WebhookConfig;
import dev.clv.segmentation.webhook.dispatch.WebhookSigner;

/**
 * Encrypts webhook signing secrets at rest: AES-GCM (96-bit random nonce, 128-bit tag) under the active key of
 * {@code segmentation.webhooks.secret-keys}, stored as {@code v1:<key id>:<base64 of nonce + ciphertext>} and bound to
 * its endpoint (the webhook id is the associated data, so a value copied to another endpoint does not decrypt).
 */
@ApplicationScoped
public class SecretCipher {
    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final String active;

    @Inject
    public SecretCipher(WebhookConfig config) {
        this(config.secretKeys(), config.activeKeyId());
    }

    /** Keys as {@code id:base64}; a malformed one stops the start, named by its id (never by its bytes). */
    public SecretCipher(List<String> secretKeys, String activeKeyId) {
        for (String entry : secretKeys) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (!id.matches("[A-Za-z0-9.-]{1,64}")) {
                throw new IllegalArgumentException("segmentation.webhooks.secret-keys: each entry is id:base64key, "
                        + "the id made of letters, digits, '.' and '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("segmentation.webhooks.secret-keys: key " + id + " is not base64");
            }
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("segmentation.webhooks.secret-keys: key " + id
                        + " must be 16, 24 or 32 bytes");
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("segmentation.webhooks.secret-keys: key " + id + " is listed twice");
            }
        }
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("segmentation.webhooks.active-key-id: " + activeKeyId
                    + " is not one of segmentation.webhooks.secret-keys");
        }
        this.active = activeKeyId;
    }

    /** The id of the key new secrets are encrypted with. */
    public String activeKeyId() {
        return active;
    }

    /** The prefix of every value encrypted under the active key. */
    public String activePrefix() {
        return VERSION + active + ":";
    }

    /** The endpoint's secret encrypted under the active key. */
    public String encrypt(String secret, UUID webhook) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.get(active), nonce, webhook,
                secret.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
        return activePrefix() + Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * The endpoint's secret from its stored value, decrypted with the key the value names; a value stored before
     * secrets were encrypted ({@code whsec_...}) is its own secret.
     */
    public String decrypt(String stored, UUID webhook) {
        if (stored.startsWith(WebhookSigner.PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', VERSION.length());
        if (!stored.startsWith(VERSION) || colon < 0) {
            throw new Unreadable("the stored secret is in no known form");
        }
        String id = stored.substring(VERSION.length(), colon);
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new Unreadable("the stored secret is encrypted with key " + id
                    + ", which is not in segmentation.webhooks.secret-keys");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new Unreadable("the stored secret is not base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable("the stored secret is too short");
        }
        byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
        byte[] body = Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
        return new String(run(Cipher.DECRYPT_MODE, key, nonce, webhook, body), StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKey key, byte[] nonce, UUID webhook, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(webhook.toString().getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // a wrong key or a value altered (or copied from another endpoint): the tag does not match
            throw new Unreadable("the stored secret does not decrypt with its key (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** A stored secret this process cannot read; the message names the key, never the value. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
