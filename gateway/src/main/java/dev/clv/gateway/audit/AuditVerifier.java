package dev.clv.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Recomputes a tenant's chain from its anchor (where the retention purge left it) to its head (where the writers
 * left it), in one snapshot, so entries written meanwhile are neither half seen nor taken for a break. Any changed
 * field, removed, added or renumbered entry, or a removed oldest or newest entry breaks the chain at the first seq
 * that no longer fits. Blocking: it reads every kept entry of the tenant, a page at a time.
 */
@ApplicationScoped
public class AuditVerifier {
    private static final String CHAIN = "SELECT anchor_seq, anchor_hash, last_seq, last_hash FROM gateway.audit_chain "
            + "WHERE tenant = ?";
    private static final String ENTRIES = "SELECT " + AuditQueries.COLUMNS
            + " FROM gateway.audit_log WHERE tenant = ? AND seq > ? ORDER BY seq";

    private final DataSource dataSource;

    public AuditVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Verification verify(String tenant) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return verify(c, tenant);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    private static Verification verify(Connection c, String tenant) throws SQLException {
        long anchorSeq = 0;
        long lastSeq = 0;
        byte[] prev = AuditHash.GENESIS;
        byte[] lastHash = AuditHash.GENESIS;
        try (PreparedStatement chain = c.prepareStatement(CHAIN)) {
            chain.setString(1, tenant);
            try (ResultSet rs = chain.executeQuery()) {
                if (rs.next()) {
                    anchorSeq = rs.getLong(1);
                    prev = rs.getBytes(2);
                    lastSeq = rs.getLong(3);
                    lastHash = rs.getBytes(4);
                }
            }
        }
        long expected = anchorSeq + 1;
        try (PreparedStatement entries = c.prepareStatement(ENTRIES)) {
            entries.setFetchSize(1000);
            entries.setString(1, tenant);
            entries.setLong(2, anchorSeq);
            try (ResultSet rs = entries.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong("seq");
                    if (seq != expected) {
                        return Verification.brokenAt(expected); // a missing entry (or one renumbered past it)
                    }
                    byte[] hash = rs.getBytes("hash");
                    if (seq > lastSeq || !Arrays.equals(prev, rs.getBytes("prev_hash"))
                            || !Arrays.equals(hash, AuditHash.of(prev, seq, AuditQueries.entry(tenant, rs)))) {
                        return Verification.brokenAt(seq);
                    }
                    prev = hash;
                    expected++;
                }
            }
        }
        if (expected - 1 != lastSeq) {
            return Verification.brokenAt(expected); // the newest entries are gone
        }
        if (!Arrays.equals(prev, lastHash)) {
            return Verification.brokenAt(lastSeq); // the newest entry was rewritten, hashes and all
        }
        return Verification.intact(lastSeq - anchorSeq);
    }
}
