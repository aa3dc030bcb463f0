package dev.clv.ingestion.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * The master key of pseudonyms, checked at start (a key set but unusable stops the start; none leaves the feature
 * off), and each tenant's key derived from it: HMAC-SHA256(master key, "tenant:" + tenant id).
 */
@Startup
@ApplicationScoped
public class MasterKey {
    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_BYTES = 32;
    private static final String SETTING = "clv.pseudonymisation.master-key (PSEUDONYMISATION_KEY)";
    private static final int MAX_REMEMBERED = 10_000;
    private final byte[] master;
    private final Map<String, SecretKeySpec> tenantKeys = new ConcurrentHashMap<>();

    public MasterKey(PseudonymConfig config) {
        this.master = config.masterKey().map(MasterKey::decode).orElse(null);
    }

    /** The key's bytes; never echoes the value in an error, it is a secret. */
    static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SETTING + " is not base64 (standard alphabet)");
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException(SETTING + " holds " + key.length + " bytes; at least " + MIN_BYTES
                    + " random bytes are needed (head -c 32 /dev/urandom | base64 -w0)");
        }
        return key;
    }

    /** Whether a key is configured, so pseudonyms can be made. */
    public boolean configured() {
        return master != null;
    }

    /** A new Mac keyed for the tenant: one per request, since a Mac is not safe to share between threads. */
    Mac macFor(String tenant) {
        if (master == null) {
            throw new IllegalStateException("no pseudonymisation key is configured");
        }
        if (tenantKeys.size() > MAX_REMEMBERED) {
            tenantKeys.clear(); // derived again on demand: one HMAC each
        }
        SecretKeySpec key = tenantKeys.computeIfAbsent(tenant, t -> new SecretKeySpec(
                hmac(master, ("tenant:" + t).getBytes(StandardCharsets.UTF_8)), ALGORITHM));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
