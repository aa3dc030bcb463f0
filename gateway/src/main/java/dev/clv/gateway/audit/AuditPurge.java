package dev.clv.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.clv.gateway.config.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Retention: removes entries older than {@code clv.audit.retention-days}, from the oldest end of each tenant's chain
 * only (an old entry written after a newer one waits for it), so what is kept is always one unbroken chain. Each
 * batch moves the chain's anchor to the last entry it removed, in the same transaction, so verification starts from
 * the oldest kept entry without the removed ones. Every replica may run it: the chain row's lock lets one at a time.
 */
@ApplicationScoped
public class AuditPurge {
    private static final Logger LOG = Logger.getLogger(AuditPurge.class);
    private static final String DUE = "SELECT c.tenant FROM gateway.audit_chain c WHERE EXISTS (SELECT 1 FROM "
            + "gateway.audit_log a WHERE a.tenant = c.tenant AND a.seq = c.anchor_seq + 1 AND a.time < ?)";
    private static final String LOCK = "SELECT anchor_seq FROM gateway.audit_chain WHERE tenant = ? FOR UPDATE";
    private static final String FIRST_KEPT = "SELECT seq FROM gateway.audit_log WHERE tenant = ? AND seq > ? "
            + "AND seq <= ? AND time >= ? ORDER BY seq LIMIT 1";
    private static final String DELETE = "DELETE FROM gateway.audit_log WHERE tenant = ? AND seq > ? AND seq < ? "
            + "RETURNING seq, hash";
    private static final String ANCHOR = "UPDATE gateway.audit_chain SET anchor_seq = ?, anchor_hash = ? "
            + "WHERE tenant = ?";

    private final DataSource dataSource;
    private final AuditConfig config;
    private final Counter purged;

    public AuditPurge(DataSource dataSource, AuditConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.purged = Counter.builder("retention.purged.rows").tag("table", "audit_log")
                .description("Rows removed by retention").register(registry);
    }

    @Scheduled(every = "${clv.audit.purge-every:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge(Instant.now().minus(Duration.ofDays(config.retentionDays())));
        } catch (SQLException e) {
            LOG.warnf("audit retention purge failed, tried again at its next run: %s", e.toString());
        }
    }

    /** Removes the entries before {@code cutoff} that no kept entry precedes; answers how many. */
    public long purge(Instant cutoff) throws SQLException {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        List<String> tenants = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement due = c.prepareStatement(DUE)) {
            due.setObject(1, before);
            try (ResultSet rs = due.executeQuery()) {
                while (rs.next()) {
                    tenants.add(rs.getString(1));
                }
            }
        }
        long total = 0;
        for (String tenant : tenants) {
            int removed;
            do {
                removed = purgeBatch(tenant, before);
                purged.increment(removed);
                total += removed;
            } while (removed == config.purgeBatchSize());
        }
        return total;
    }

    private int purgeBatch(String tenant, OffsetDateTime before) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Transactions.run(c, tx -> purgeBatch(tx, tenant, before));
        }
    }

    private int purgeBatch(Connection c, String tenant, OffsetDateTime before) throws SQLException {
        long anchor;
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setString(1, tenant);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                anchor = rs.getLong(1);
            }
        }
        // removed: (anchor, end), end being the first entry young enough to keep, within this batch's reach
        long end = anchor + config.purgeBatchSize() + 1;
        try (PreparedStatement first = c.prepareStatement(FIRST_KEPT)) {
            first.setString(1, tenant);
            first.setLong(2, anchor);
            first.setLong(3, end - 1);
            first.setObject(4, before);
            try (ResultSet rs = first.executeQuery()) {
                end = rs.next() ? rs.getLong(1) : end;
            }
        }
        long lastSeq = anchor;
        byte[] lastHash = null;
        int removed = 0;
        try (PreparedStatement delete = c.prepareStatement(DELETE)) {
            delete.setString(1, tenant);
            delete.setLong(2, anchor);
            delete.setLong(3, end);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    removed++;
                    if (rs.getLong(1) > lastSeq) {
                        lastSeq = rs.getLong(1);
                        lastHash = rs.getBytes(2);
                    }
                }
            }
        }
        if (removed > 0) {
            try (PreparedStatement move = c.prepareStatement(ANCHOR)) {
                move.setLong(1, lastSeq);
                move.setBytes(2, lastHash);
                move.setString(3, tenant);
                move.executeUpdate();
            }
        }
        return removed;
    }
}
