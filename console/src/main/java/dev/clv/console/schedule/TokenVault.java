package dev.clv.console.schedule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals the owners' offline tokens before they are stored (AES-256-GCM, a fresh nonce each, the schedule's id as
 * associated data so a sealed token cannot be moved to another schedule), with a key derived from the console's
 * session secret: a copy of the database alone runs no one's reports.
 */
@ApplicationScoped
public class TokenVault {
    private static final int NONCE = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public TokenVault(@ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret") String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("report-tokens:" + secret).getBytes(
                    StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] seal(String token, String scheduleId) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, scheduleId, token.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    }

    public String open(byte[] sealed, String scheduleId) {
        byte[] nonce = java.util.Arrays.copyOf(sealed, NONCE);
        byte[] body = java.util.Arrays.copyOfRange(sealed, NONCE, sealed.length);
        return new String(crypt(Cipher.DECRYPT_MODE, nonce, scheduleId, body), StandardCharsets.UTF_8);
    }

    private byte[] crypt(int mode, byte[] nonce, String scheduleId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(scheduleId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed token could not be " + (mode == Cipher.ENCRYPT_MODE
                    ? "sealed"
                    : "opened (another secret, or another schedule's)"), e);
        }
    }
}
