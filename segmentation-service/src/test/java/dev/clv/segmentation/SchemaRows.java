package dev.clv.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import dev.clv.testsupport.PostgresResource;

/** What the segmentation schema holds, read with SQL over every table information_schema lists. */
final class SchemaRows {
    private SchemaRows() {
    }

    /** Every segmentation table: no customer_id column and no row at all holds the customer's id. */
    static void assertNothingNames(String customer) throws Exception {
        List<String> named = new ArrayList<>();
        try (Connection db = db(); ResultSet tables = db.createStatement().executeQuery("""
                SELECT t.table_name, EXISTS (SELECT 1 FROM information_schema.columns c
                  WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                    AND c.column_name = 'customer_id') AS has_customer
                FROM information_schema.tables t
                WHERE t.table_schema = 'segmentation' AND t.table_type = 'BASE TABLE'""")) {
            while (tables.next()) {
                String table = "segmentation." + tables.getString(1);
                if (tables.getBoolean(2) && count("SELECT count(*) FROM " + table + " WHERE customer_id = '"
                        + customer + "'") > 0) {
                    named.add(table + ".customer_id");
                }
                if (count("SELECT count(*) FROM " + table + " x WHERE x::text LIKE '%" + customer + "%'") > 0) {
                    named.add(table);
                }
            }
        }
        assertEquals(List.of(), named, "tables with rows naming " + customer);
    }

    static long count(String sql) throws Exception {
        try (Connection db = db(); ResultSet r = db.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }
}
