package dev.clv.analytics.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.clv.testsupport.PostgresResource;

/** What the privacy tests read straight from the schema, independently of the service's own code. */
final class PrivacyDb {
    private PrivacyDb() {
    }

    /**
     * The customer's rows in every table of the schema that has a customer_id column, found through
     * information_schema, so that a table added later is covered without changing the test.
     */
    static Map<String, Long> rowsOf(String tenant, String customer) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = connection()) {
            for (String table : strings(c, """
                    SELECT table_name FROM information_schema.columns
                    WHERE table_schema = 'analytics' AND column_name = 'customer_id' ORDER BY 1
                    """)) {
                assertTrue(strings(c, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "'analytics' AND table_name = '" + table + "' AND column_name = 'tenant_id'").size() == 1,
                        table + " holds customers without their tenant");
                rows.put(table, count(c, "SELECT count(*) FROM analytics." + table
                        + " WHERE tenant_id = ? AND customer_id = ?", tenant, customer));
            }
        }
        return rows;
    }

    /** Rows of the tenant (any table with a tenant_id; every row of the others) whose text contains {@code text}. */
    static Map<String, Long> rowsMentioning(String tenant, String text) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = connection()) {
            for (String table : strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    + "'analytics' AND table_type = 'BASE TABLE'")) {
                boolean tenanted = !strings(c, "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                        + "'analytics' AND table_name = '" + table + "' AND column_name = 'tenant_id'").isEmpty();
                long n = tenanted
                        ? count(c, "SELECT count(*) FROM analytics." + table + " t WHERE tenant_id = ? AND "
                                + "strpos(t::text, ?) > 0", tenant, text)
                        : count(c, "SELECT count(*) FROM analytics." + table + " t WHERE strpos(t::text, ?) > 0",
                                text);
                if (n > 0) {
                    rows.put(table, n);
                }
            }
        }
        return rows;
    }

    /** No table holds a row of the customer, and no row of the tenant names them. */
    static void assertGone(String tenant, String customer) throws SQLException {
        rowsOf(tenant, customer).forEach((table, n) -> assertEquals(0L, n, table));
        assertEquals(Map.of(), rowsMentioning(tenant, customer));
    }

    /** The first row of a query, each column as text. */
    static List<String> row(String sql, Object... args) throws SQLException {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                if (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        out.add(r.getString(i));
                    }
                }
                return out;
            }
        }
    }

    private static Connection connection() throws SQLException {
        return PostgresResource.server().getPostgresDatabase().getConnection();
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
