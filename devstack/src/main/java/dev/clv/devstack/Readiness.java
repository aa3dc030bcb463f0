package dev.clv.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for a part to be ready: its health URL answers 200; PostgreSQL answers a query; any other part's port
 * accepts connections.
 */
final class Readiness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    /** True once ready; false if the process died or {@code timeout} passed first. */
    static boolean await(Part part, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isReady(part)) {
                return true;
            }
            if (ProcessHandle.of(part.pid()).map(p -> !p.isAlive()).orElse(true)) {
                return false;
            }
            ProcessLauncher.sleep(250);
        }
        return false;
    }

    static boolean isReady(Part part) {
        if (part.name().equals("postgres")) {
            return acceptsQueries(part.port());
        }
        if (part.readyUrl() == null) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", part.port()), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(part.readyUrl()))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // after a crash the server listens while it replays its WAL, refusing sessions: an open port is not ready
    private static boolean acceptsQueries(int port) {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres?connectTimeout=2", "postgres", "postgres");
                java.sql.Statement statement = db.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
