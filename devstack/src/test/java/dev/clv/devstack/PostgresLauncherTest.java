package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The stack's PostgreSQL launcher starts on a machine where the server binaries were never unpacked: an empty
 * temporary directory, with the heap the stack gives it. (48 MB ran out of memory unpacking them.)
 */
class PostgresLauncherTest {
    @Test
    void theLauncherUnpacksAndStartsPostgresWithItsOwnHeap() throws Exception {
        Path temp = Files.createTempDirectory("clv-fresh-machine");
        Path log = temp.resolve("launcher.log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process launcher = new ProcessBuilder(List.of(java, Stack.POSTGRES_HEAP, "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"), PostgresMain.class.getName(),
                Integer.toString(port), temp.resolve("data").toString())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (System.nanoTime() < deadline && launcher.isAlive() && !read(log).contains("PostgreSQL ready")) {
                Thread.sleep(500);
            }
            String output = read(log);
            assertTrue(output.contains("PostgreSQL ready on port " + port), output);
            assertTrue(Files.isDirectory(temp.resolve("embedded-pg")), "the binaries were unpacked here, fresh");
        } finally {
            launcher.destroy();
            launcher.waitFor(30, TimeUnit.SECONDS);
            launcher.destroyForcibly();
            Stack.deleteTree(temp);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
