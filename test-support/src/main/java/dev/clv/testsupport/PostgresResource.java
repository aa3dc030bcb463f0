package dev.clv.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server (zonky's embedded binaries) on a free port, started once per test JVM. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final Path LOG_DIRECTORY = createLogDirectory();
    private static EmbeddedPostgres server;

    /** Where the server writes its JSON log (one directory per test JVM). */
    public static Path logDirectory() {
        return LOG_DIRECTORY;
    }

    private static Path createLogDirectory() {
        try {
            return Files.createTempDirectory("embedded-pg-log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setPort(FreePorts.next())
                        .setServerConfig("max_connections", "200")
                        // off (its default) until a test switches it on: then the plan of every statement lands in the
                        // JSON log, where the test reads which tables and indexes each endpoint really used
                        .setServerConfig("shared_preload_libraries", "auto_explain")
                        .setServerConfig("auto_explain.log_format", "json")
                        .setServerConfig("logging_collector", "on").setServerConfig("log_destination", "jsonlog")
                        .setServerConfig("log_directory", LOG_DIRECTORY.toString()).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresResource::close));
        }
        return server;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    }

    @Override
    public Map<String, String> start() {
        int port = server().getPort();
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // kept for the whole JVM: the next test class reuses the same server
    }

    private static synchronized void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting anyway
        }
    }
}
