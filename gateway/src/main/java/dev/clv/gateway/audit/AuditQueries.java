package dev.clv.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads a tenant's entries, newest first (by seq, the chain's order), one keyset page at a time. Blocking. */
@ApplicationScoped
public class AuditQueries {
    static final String COLUMNS = "seq, time, actor_sub, actor_name, action, target, result, request_id, client_ip, "
            + "prev_hash, hash";

    /** The filters of a page: each null when absent; {@code from} inclusive, {@code to} exclusive. */
    public record Filter(String actor, String action, Instant from, Instant to, Long before, int limit) {
    }

    private final DataSource dataSource;

    public AuditQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public AuditPage page(String tenant, Filter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM gateway.audit_log WHERE tenant = ?");
        List<Object> params = new ArrayList<>(List.of(tenant));
        if (filter.before() != null) {
            sql.append(" AND seq < ?");
            params.add(filter.before());
        }
        if (filter.actor() != null) {
            sql.append(" AND (actor_sub = ? OR actor_name = ?)");
            params.add(filter.actor());
            params.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            params.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND time >= ?");
            params.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND time < ?");
            params.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        // one more than asked: whether a next page exists, without counting
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(filter.limit() + 1);
        List<AuditRecord> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(record(rs));
                }
            }
        }
        if (found.size() <= filter.limit()) {
            return new AuditPage(found, null);
        }
        List<AuditRecord> page = found.subList(0, filter.limit());
        return new AuditPage(List.copyOf(page), Long.toString(page.get(page.size() - 1).seq()));
    }

    static AuditEntry entry(String tenant, ResultSet rs) throws SQLException {
        return new AuditEntry(tenant, rs.getObject("time", OffsetDateTime.class).toInstant(),
                rs.getString("actor_sub"), rs.getString("actor_name"), rs.getString("action"),
                rs.getString("target"), rs.getInt("result"), rs.getString("request_id"), rs.getString("client_ip"));
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        AuditEntry e = entry(null, rs);
        return new AuditRecord(rs.getLong("seq"), e.time(), e.actorSub(), e.actorName(), e.action(), e.target(),
                e.result(), e.requestId(), e.clientIp(), AuditHash.hex(rs.getBytes("prev_hash")),
                AuditHash.hex(rs.getBytes("hash")));
    }
}
