package dev.clv.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the benchmarks that start the whole platform (as {@code ./stack up} does) share: its copy of the services. */
final class BenchStack {
    private BenchStack() {
    }

    /**
     * Copies the services as packaged now into {@code apps}: a rebuild by someone else during a run must not change
     * what a benchmark starts or restarts.
     */
    static Path snapshotApps(Path repo, Path apps, PrintStream out) throws IOException {
        deleteTree(apps);
        for (String service : dev.clv.devstack.Stack.services()) {
            Path from = repo.resolve(service).resolve("target/quarkus-app");
            if (!Files.exists(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(from + " is missing; build first: ./mvnw install -DskipTests");
            }
            Path to = apps.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            out.printf("  %s: packaged %s%n", service, Files.getLastModifiedTime(from.resolve("quarkus-run.jar")));
        }
        return apps;
    }

    /**
     * The platform as ./stack would run it from {@code apps} in {@code home}, the gateway on a free port, with
     * {@code env} besides; stopped when the benchmark's JVM exits, however it ends.
     */
    static dev.clv.devstack.Stack stack(Path repo, Path apps, Path home, java.util.Map<String, String> env)
            throws IOException {
        java.util.Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GATEWAY_PORT", Integer.toString(freePort()));
        dev.clv.devstack.Stack stack = new dev.clv.devstack.Stack(apps, home, repo.resolve(
                "devstack/target/keycloak.tar.gz"), java.util.Map.copyOf(all));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.down(new PrintStream(
                PrintStream.nullOutputStream()), false)));
        return stack;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
