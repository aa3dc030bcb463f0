package dev.clv.contracts.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's retention purge: for each of its tables, each tenant found in it, removes the rows older than the
 * tenant's retention of that kind ({@link RetentionPolicies}), one batch per statement (so no lock or transaction
 * grows with the backlog), counted in {@code retention.purged.rows{table}}. A failing table is logged and tried
 * again at the next run; the others go on.
 */
public final class RetentionPurge {
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /**
     * One table: how to find its tenants and how to delete one batch of a tenant's rows. {@code deleteSql} takes
     * (tenant, cutoff, [settled,] batch size); {@code settledAfter}, when set, binds {@code now - settledAfter}. The
     * cutoff is {@code now} less the tenant's days of {@code kind}, or less {@code fixedAge} for a table no policy
     * governs ({@code kind} null).
     */
    public record Target(String kind, String table, String tenantsSql, String deleteSql, Duration settledAfter,
            Duration fixedAge) {

        /** A table purged by the tenants' policies. */
        public Target(String kind, String table, String tenantsSql, String deleteSql, Duration settledAfter) {
            this(kind, table, tenantsSql, deleteSql, settledAfter, null);
        }

        /**
         * Rows of {@code table} older than {@code age} for every tenant alike: what the platform keeps for its own
         * working, such as erasure guards, which matter only while an older record can still be replayed.
         */
        public static Target fixed(String table, String timeColumn, Duration age) {
            return new Target(null, table, tenantsOf(table), deleteSql(table, timeColumn, "true", null), null, age);
        }

        /**
         * Rows of {@code table} (schema-qualified, a {@code tenant_id} column leading an index) whose
         * {@code timeColumn} is before the cutoff and that meet {@code condition} (SQL, or "true").
         */
        public static Target rows(String kind, String table, String timeColumn, String condition) {
            return new Target(kind, table, tenantsOf(table), deleteSql(table, timeColumn, condition, null), null);
        }

        /**
         * Like {@link #rows}, and only rows whose {@code settledColumn} is older than {@code after}: raw rows the
         * broker may still hold, so that a replay of their record finds them and is not counted twice.
         */
        public static Target settledRows(String kind, String table, String timeColumn, String condition,
                String settledColumn, Duration after) {
            return new Target(kind, table, tenantsOf(table), deleteSql(table, timeColumn, condition, settledColumn),
                    after);
        }

        /** The tenants of a table, by a loose index scan (one probe per tenant, however many rows). */
        public static String tenantsOf(String table) {
            return "WITH RECURSIVE t(tenant) AS (SELECT min(tenant_id) FROM " + table + " UNION ALL SELECT "
                    + "(SELECT min(tenant_id) FROM " + table + " WHERE tenant_id > t.tenant) FROM t WHERE t.tenant "
                    + "IS NOT NULL) SELECT tenant FROM t WHERE tenant IS NOT NULL";
        }

        private static String deleteSql(String table, String time, String condition, String settled) {
            return "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                    + " WHERE tenant_id = ? AND " + time + " < ? AND (" + condition + ")"
                    + (settled == null ? "" : " AND " + settled + " < ?") + " LIMIT ?))";
        }
    }

    private final DataSource dataSource;
    private final RetentionPolicies policies;
    private final List<Target> targets;
    private final int batchSize;
    private final Map<String, Counter> purged = new LinkedHashMap<>();

    public RetentionPurge(DataSource dataSource, RetentionPolicies policies, List<Target> targets, int batchSize,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.policies = policies;
        this.targets = List.copyOf(targets);
        this.batchSize = batchSize;
        for (Target target : targets) {
            purged.put(target.table(), Counter.builder("retention.purged.rows").tag("table", target.table())
                    .description("Rows removed by retention").register(registry));
        }
    }

    /** Purges every table as of {@code now}; answers the rows removed per table. */
    public Map<String, Long> run(Instant now) {
        Map<String, Long> removed = new LinkedHashMap<>();
        for (Target target : targets) {
            try {
                removed.merge(target.table(), purge(target, now), Long::sum);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("retention purge of %s failed, tried again at its next run: %s", target.table(), e);
            }
        }
        return removed;
    }

    private long purge(Target target, Instant now) throws SQLException {
        long total = 0;
        for (String tenant : tenants(target)) {
            Optional<Duration> age = target.kind() == null
                    ? Optional.of(target.fixedAge())
                    : policies.days(tenant, target.kind()).map(Duration::ofDays);
            if (age.isEmpty()) {
                continue; // kept for ever
            }
            OffsetDateTime cutoff = utc(now.minus(age.get()));
            int batch;
            do {
                batch = deleteBatch(target, tenant, cutoff, now);
                purged.get(target.table()).increment(batch);
                total += batch;
            } while (batch == batchSize);
        }
        return total;
    }

    private List<String> tenants(Target target) throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(target.tenantsSql());
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        return tenants;
    }

    private int deleteBatch(Target target, String tenant, OffsetDateTime cutoff, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(target.deleteSql())) {
            int i = 1;
            s.setString(i++, tenant);
            s.setObject(i++, cutoff);
            if (target.settledAfter() != null) {
                s.setObject(i++, utc(now.minus(target.settledAfter())));
            }
            s.setInt(i, batchSize);
            return s.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
