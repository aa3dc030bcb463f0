package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services' database roles on the running platform: each service is connected as its own role and none as
 * postgres, each role reads every table of its own schema and none of another's, and creates nothing outside it.
 */
@ExtendWith(SharedStack.class)
class DatabaseRolesTest {

    @Test
    void everyServiceIsConnectedAsItsOwnRoleAndNoneAsPostgres() throws Exception {
        Stack stack = SharedStack.stack();
        // every service, the console too (its scheduled reports, in schema console, as clv_console)
        assertEquals(new TreeSet<>(Stack.SERVICES), new TreeSet<>(Stack.DATABASE_SERVICES));
        assertEquals("clv_console", DatabaseRoles.role("console"));
        for (String service : Stack.DATABASE_SERVICES) {
            assertEquals(DatabaseRoles.role(service), stack.environment(service).get("DB_USER"), service);
        }
        // a call that reaches every service's database: a write (ingestion, analytics' projection, the gateway's
        // audit log), an answer, segments and models; the console looks for due scheduled reports by itself
        SeedClient api = new SeedClient(stack.url("gateway"), stack.token("roles-e2e"));
        var written = api.curlData("/v0/events?name=transactions&wait=true", "{\"transaction_id\":\"role-1\","
                + "\"customer_id\":\"role-customer\",\"transaction_date\":\"2024-06-01\",\"amount\":5}");
        assertEquals(2, written.statusCode() / 100, written.body());
        for (String path : List.of("/v0/pipes/customer_ltv.json", "/v1/segments", "/v1/models")) {
            var answer = api.get(path);
            assertEquals(2, answer.statusCode() / 100, path + " " + answer.body());
        }
        TreeSet<String> expected = new TreeSet<>(Stack.DATABASE_SERVICES.stream().map(DatabaseRoles::role).toList());
        Map<String, Integer> connected = Map.of();
        try (Connection db = asPostgres(stack)) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!connected.keySet().containsAll(expected) && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                connected = clientsByRole(db);
            }
        }
        // the roles' passwords are checked (scram-sha-256), and each service knows only its own role's
        assertEquals(expected, new TreeSet<>(connected.keySet()), "roles connected to the database: " + connected);
    }

    @Test
    void eachRoleReadsOnlyItsOwnSchemaAndCreatesNothingElsewhere() throws Exception {
        Stack stack = SharedStack.stack();
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection db = asPostgres(stack);
                ResultSet rs = db.createStatement().executeQuery("SELECT "
                        + "table_schema, quote_ident(table_schema) || '.' || quote_ident(table_name) FROM "
                        + "information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        assertEquals(new TreeSet<>(DatabaseRoles.SCHEMAS.values()), tables.keySet(), "schemas with tables");
        for (String service : Stack.DATABASE_SERVICES) {
            Map<String, String> env = stack.environment(service);
            String own = DatabaseRoles.SCHEMAS.get(service);
            String url = "jdbc:postgresql://localhost:" + stack.port("postgres") + "/" + DatabaseRoles.DATABASE;
            SQLException wrongPassword = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url, env.get("DB_USER"), "postgres").close());
            assertEquals("28P01", wrongPassword.getSQLState(), service + ": " + wrongPassword.getMessage());
            try (Connection db = DriverManager.getConnection(url, env.get("DB_USER"), env.get("DB_PASSWORD"))) {
                for (Map.Entry<String, List<String>> schema : tables.entrySet()) {
                    for (String table : schema.getValue()) {
                        String read = "SELECT FROM " + table + " LIMIT 1";
                        if (schema.getKey().equals(own)) {
                            db.createStatement().executeQuery(read).close();
                        } else {
                            denied(db, read, service + " reading " + table);
                        }
                    }
                }
                denied(db, "CREATE TABLE public.role_probe (id INT)", service + " creating in public");
                denied(db, "CREATE SCHEMA role_probe", service + " creating a schema");
                try (ResultSet rs = db.createStatement().executeQuery("SELECT rolsuper FROM pg_roles "
                        + "WHERE rolname = current_user")) {
                    assertTrue(rs.next() && !rs.getBoolean(1), service + " is no superuser");
                }
            }
            // the other databases of the server are closed to the roles
            String template = url.substring(0, url.lastIndexOf('/')) + "/template1";
            SQLException elsewhere = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(template, env.get("DB_USER"), env.get("DB_PASSWORD")).close());
            assertEquals("42501", elsewhere.getSQLState(), service + ": " + elsewhere.getMessage());
        }
    }

    private static void denied(Connection db, String sql, String what) {
        SQLException refused = assertThrows(SQLException.class, () -> db.createStatement().execute(sql), what);
        assertEquals("42501", refused.getSQLState(), what + ": " + refused.getMessage());
    }

    private static Map<String, Integer> clientsByRole(Connection db) throws SQLException {
        Map<String, Integer> byRole = new TreeMap<>();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT usename, count(*) FROM pg_stat_activity "
                + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY usename")) {
            while (rs.next()) {
                byRole.put(rs.getString(1), rs.getInt(2));
            }
        }
        return byRole;
    }

    private static Connection asPostgres(Stack stack) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres") + "/"
                + DatabaseRoles.DATABASE, "postgres", "postgres");
    }
}
