package dev.clv.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;

/** Gives each service a login role of its own that owns its schema and can read or create nothing else. */
record DatabaseRoles(int port, Path dataDirectory) {
    /** Each service's schema, as its application.properties names it in {@code quarkus.flyway.schemas}. */
    static final Map<String, String> SCHEMAS = Map.of("ingestion-service", "ingestion", "analytics-service",
            "analytics", "prediction-service", "prediction", "segmentation-service", "segmentation", "gateway",
            "gateway", "console", "console");
    /** The database the services use (the stack's DB_JDBC_URL). */
    static final String DATABASE = "postgres";

    /** A service's credentials: its role and the password this {@code up} gave it. */
    record Credentials(String user, String password) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    // Objects a data directory made before the roles existed holds, still owned by postgres. REASSIGN OWNED BY
    // postgres refuses the bootstrap superuser, so each is moved by name. Tables first: a table takes its indexes
    // and the sequences of its serial and identity columns along (ALTER SEQUENCE refuses those), then whatever
    // sequences are left, then functions. No migration creates types; a later one runs as the role anyway.
    private static final String MOVE_OWNERSHIP = """
            DO $$
            DECLARE o record;
            BEGIN
              FOR o IN SELECT c.relname, c.relkind FROM pg_class c WHERE c.relnamespace = '%1$s'::regnamespace
                  AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND c.relowner <> '%2$s'::regrole LOOP
                EXECUTE format('ALTER %%s %%I.%%I OWNER TO %%I', CASE o.relkind WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                  '%1$s', o.relname, '%2$s');
              END LOOP;
              FOR o IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = '%1$s'::regnamespace
                  AND c.relkind = 'S' AND c.relowner <> '%2$s'::regrole LOOP
                EXECUTE format('ALTER SEQUENCE %%I.%%I OWNER TO %%I', '%1$s', o.relname, '%2$s');
              END LOOP;
              FOR o IN SELECT p.oid::regprocedure AS signature, p.prokind FROM pg_proc p
                  WHERE p.pronamespace = '%1$s'::regnamespace AND p.proowner <> '%2$s'::regrole LOOP
                EXECUTE format('ALTER %%s %%s OWNER TO %%I', CASE o.prokind WHEN 'p' THEN 'PROCEDURE'
                  WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, o.signature, '%2$s');
              END LOOP;
            END $$""";

    static String role(String service) {
        return "clv_" + SCHEMAS.get(service);
    }

    /**
     * Connects as postgres and makes sure of every role, schema, owner and grant, in one transaction, and gives
     * each role a new random password (sent as a SCRAM verifier, so not even the server's log can show it).
     */
    Map<String, Credentials> ensure() {
        Map<String, Credentials> credentials = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + DATABASE,
                "postgres", "postgres"); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            // nobody but the owner creates in public (PostgreSQL 15's default, kept for older data directories);
            // no database is open to every role: each service role may connect to the stack's database only
            sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            sql.execute("DO $$ DECLARE d text; BEGIN FOR d IN SELECT datname FROM pg_database WHERE datallowconn LOOP "
                    + "EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', d); END LOOP; END $$");
            for (String service : Stack.DATABASE_SERVICES) {
                String role = role(service);
                String schema = SCHEMAS.get(service);
                if (!sql.executeQuery("SELECT FROM pg_roles WHERE rolname = '" + role + "'").next()) {
                    sql.execute("CREATE ROLE " + role);
                }
                sql.execute("ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                        + "NOBYPASSRLS");
                // temporary objects are private to their session; ingestion's V7 migration makes one (pg_temp)
                sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + role);
                sql.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role);
                sql.execute("ALTER SCHEMA " + schema + " OWNER TO " + role);
                // no USAGE for anyone else: another role cannot even name this schema's tables
                sql.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
                sql.execute(MOVE_OWNERSHIP.formatted(schema, role));
                String password = password();
                db.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
                credentials.put(service, new Credentials(role, password));
            }
            db.commit();
            requirePasswords(sql);
        } catch (SQLException e) {
            throw new Stack.StackException("could not set up the services' database roles: " + e.getMessage());
        }
        return credentials;
    }

    /**
     * zonky's initdb trusts every local connection; the services' roles must show their password, so a service
     * started without its own credentials fails at once, as it would against a real server. The postgres role
     * stays trusted: the launcher, tests and benchmarks use it.
     */
    private void requirePasswords(Statement sql) throws SQLException {
        String roles = String.join(",", Stack.DATABASE_SERVICES.stream().map(DatabaseRoles::role).toList());
        String rules = String.join("\n", List.of("# ./stack: the services' roles log in with their passwords",
                "local all " + roles + " scram-sha-256", "host all " + roles + " 127.0.0.1/32 scram-sha-256",
                "host all " + roles + " ::1/128 scram-sha-256", ""));
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            String current = Files.readString(hba);
            if (!current.contains(rules)) {
                // the first matching line decides, so these go before initdb's "trust" lines
                Files.writeString(hba, rules + current);
            }
        } catch (IOException e) {
            throw new Stack.StackException("could not update " + hba + ": " + e.getMessage());
        }
        sql.execute("SELECT pg_reload_conf()");
    }

    private static String password() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
