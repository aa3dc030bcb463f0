package dev.clv.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends entries to their tenants' chains. One transaction per batch locks the chain rows of the batch's tenants
 * ({@code FOR UPDATE}, in tenant order, so two replicas never wait on each other in a circle), numbers and hashes
 * the entries after each chain's head, inserts them and moves the heads: writers of several replicas therefore
 * extend a tenant's chain one batch after another, never from the same head. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class AuditStore {
    private static final String ENSURE = "INSERT INTO gateway.audit_chain (tenant) "
            + "SELECT t FROM unnest(?::text[]) AS t ORDER BY t ON CONFLICT DO NOTHING";
    private static final String LOCK = "SELECT tenant, last_seq, last_hash FROM gateway.audit_chain "
            + "WHERE tenant = ANY(?::text[]) ORDER BY tenant FOR UPDATE";
    private static final String INSERT = "INSERT INTO gateway.audit_log (tenant, seq, time, actor_sub, actor_name, "
            + "action, target, result, request_id, client_ip, prev_hash, hash) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ADVANCE = "UPDATE gateway.audit_chain SET last_seq = ?, last_hash = ? WHERE tenant = ?";

    /** Where a tenant's chain ends: its last seq and hash. */
    private record Head(long seq, byte[] hash) {
    }

    private final DataSource dataSource;

    public AuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the batch in one transaction: all of it or, on an exception, none of it. */
    public void append(List<AuditEntry> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<AuditEntry>> byTenant = new TreeMap<>();
        batch.forEach(e -> byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e));
        String[] tenants = byTenant.keySet().toArray(String[]::new);
        try (Connection c = dataSource.getConnection()) {
            // a chain row is made in its own short transaction, so a new tenant never holds a lock while it waits
            c.setAutoCommit(true);
            try (PreparedStatement ensure = c.prepareStatement(ENSURE)) {
                ensure.setArray(1, c.createArrayOf("text", tenants));
                ensure.executeUpdate();
            }
            Transactions.run(c, tx -> {
                write(tx, tenants, byTenant);
                return null;
            });
        }
    }

    private static void write(Connection c, String[] tenants, Map<String, List<AuditEntry>> byTenant)
            throws SQLException {
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setArray(1, c.createArrayOf("text", tenants));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT);
                PreparedStatement advance = c.prepareStatement(ADVANCE)) {
            for (Map.Entry<String, List<AuditEntry>> tenant : byTenant.entrySet()) {
                Head head = heads.get(tenant.getKey());
                long seq = head.seq();
                byte[] prev = head.hash();
                for (AuditEntry e : tenant.getValue()) {
                    seq++;
                    byte[] hash = AuditHash.of(prev, seq, e);
                    bind(insert, seq, e, prev, hash);
                    insert.addBatch();
                    prev = hash;
                }
                advance.setLong(1, seq);
                advance.setBytes(2, prev);
                advance.setString(3, tenant.getKey());
                advance.addBatch();
            }
            insert.executeBatch();
            advance.executeBatch();
        }
    }

    private static void bind(PreparedStatement insert, long seq, AuditEntry e, byte[] prev, byte[] hash)
            throws SQLException {
        insert.setString(1, e.tenant());
        insert.setLong(2, seq);
        insert.setObject(3, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        insert.setString(4, e.actorSub());
        insert.setString(5, e.actorName());
        insert.setString(6, e.action());
        insert.setString(7, e.target());
        insert.setInt(8, e.result());
        insert.setString(9, e.requestId());
        insert.setString(10, e.clientIp());
        insert.setBytes(11, prev);
        insert.setBytes(12, hash);
    }
}
