package dev.clv.contracts.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How every service's privacy tables (erasure guards, suppressions) name a customer: SHA-256 (hex) of tenant, a NUL
 * and customer id, never the id itself. One definition, since the services must agree on it.
 */
public final class CustomerHash {
    private CustomerHash() {
    }

    public static String of(String tenant, String customerId) {
        try {
            // MessageDigest is not thread-safe: one per call
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(tenant.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(customerId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
