package dev.clv.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The audit log as the database holds it, read with plain SQL, and the chain's hash computed here from the format
 * docs/privacy.md states (not with the gateway's code), so the tests check the rows against an independent reading.
 */
final class AuditRows {
    private AuditRows() {
    }

    /** The tenant's rows in chain order, every column by name. */
    static List<Map<String, Object>> rows(DataSource db, String tenant) throws SQLException {
        return query(db, "SELECT * FROM gateway.audit_log WHERE tenant = ? ORDER BY seq", tenant);
    }

    static List<Map<String, Object>> query(DataSource db, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnName(i), meta.getColumnName(i).equals("time")
                                ? rs.getObject(i, OffsetDateTime.class).toInstant()
                                : rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    static int execute(DataSource db, String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** SHA-256 of prev_hash and the canonical fields: texts length-prefixed (-1: null), numbers 8 bytes. */
    static byte[] hash(byte[] prev, String tenant, long seq, Instant time, String actorSub, String actorName,
            String action, String target, int result, String requestId, String clientIp) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        text(buf, tenant);
        buf.putLong(seq);
        buf.putLong(time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000);
        for (String t : new String[]{actorSub, actorName, action, target}) {
            text(buf, t);
        }
        buf.putLong(result);
        text(buf, requestId);
        text(buf, clientIp);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev);
        sha.update(buf.array(), 0, buf.position());
        return sha.digest();
    }

    /** The hash a stored row should have after {@code prev}. */
    static byte[] hashOf(byte[] prev, Map<String, Object> row) throws Exception {
        return hash(prev, (String) row.get("tenant"), (Long) row.get("seq"), (Instant) row.get("time"),
                (String) row.get("actor_sub"), (String) row.get("actor_name"), (String) row.get("action"),
                (String) row.get("target"), (Integer) row.get("result"), (String) row.get("request_id"),
                (String) row.get("client_ip"));
    }

    /** Checks every kept row of the tenant: consecutive seqs from the anchor, each hash recomputed here. */
    static void assertChained(DataSource db, String tenant) throws Exception {
        Map<String, Object> chain = query(db, "SELECT * FROM gateway.audit_chain WHERE tenant = ?", tenant).get(0);
        long seq = (Long) chain.get("anchor_seq");
        byte[] prev = (byte[]) chain.get("anchor_hash");
        for (Map<String, Object> row : rows(db, tenant)) {
            assertEquals(++seq, row.get("seq"));
            assertArrayEquals(prev, (byte[]) row.get("prev_hash"), "prev_hash of " + seq);
            prev = hashOf(prev, row);
            assertArrayEquals(prev, (byte[]) row.get("hash"), "hash of " + seq);
        }
        assertEquals(seq, chain.get("last_seq"));
        assertArrayEquals(prev, (byte[]) chain.get("last_hash"));
    }

    private static void text(ByteBuffer buf, String value) {
        if (value == null) {
            buf.putInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        buf.putInt(utf8.length);
        buf.put(utf8);
    }
}
