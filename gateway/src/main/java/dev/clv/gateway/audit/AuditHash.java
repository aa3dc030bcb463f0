package dev.clv.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The chain's hash: {@code SHA-256(prev_hash || canonical)}, where canonical is, in this order, tenant, seq, time
 * (microseconds since the epoch), actor_sub, actor_name, action, target, result, request_id and client_ip; each text
 * as the 4-byte big-endian length of its UTF-8 bytes (-1 for null) and those bytes, each number as 8 bytes
 * big-endian. Lengths make the form unambiguous: no two different entries share one.
 */
public final class AuditHash {
    /** The prev_hash of a tenant's first entry ever. */
    public static final byte[] GENESIS = new byte[32];

    private AuditHash() {
    }

    public static byte[] of(byte[] prevHash, long seq, AuditEntry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash);
            sha.update(canonical(seq, e));
            return sha.digest();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static byte[] canonical(long seq, AuditEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, e.tenant());
            out.writeLong(seq);
            out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, e.time()));
            text(out, e.actorSub());
            text(out, e.actorName());
            text(out, e.action());
            text(out, e.target());
            out.writeLong(e.result());
            text(out, e.requestId());
            text(out, e.clientIp());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
