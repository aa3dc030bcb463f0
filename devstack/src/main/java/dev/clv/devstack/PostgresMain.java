package dev.clv.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The local platform's PostgreSQL: real server binaries from Maven Central (zonky), data kept in the stack's
 * home across restarts, run until this JVM is told to stop. Arguments: port, data directory.
 */
public final class PostgresMain {
    private PostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path data = Path.of(args[1]);
        Files.createDirectories(data);
        // zonky tunes for throwaway test databases (fsync and synchronous commit off); this one keeps the read
        // model whose Kafka offsets are committed after each transaction, so a commit must really be on disk
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                // after a crash the server replays its WAL before it takes connections: zonky's 10 s default gave up on
                // that recovery on a loaded machine and left the stack without its database (the fault suite saw it)
                .setPGStartupWait(java.time.Duration.ofMinutes(3))
                .setCleanDataDirectory(false).setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        // the heap unpacking took (first start only) goes back to the system: a full collection lets it shrink
        System.gc();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        System.out.println("PostgreSQL ready on port " + port + ", data in " + data);
        stopped.await();
    }
}
