package dev.clv.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Keycloak's own server distribution, unpacked once into the stack's home and started in dev mode with our realm. */
final class KeycloakServer {
    static final String REALM = "clv";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";

    private KeycloakServer() {
    }

    /** Unpacks the distribution (first run only) and puts the realm file where --import-realm reads it. */
    static Path prepare(Path home, Path archive) {
        Path root = home.resolve("keycloak");
        try {
            if (findDistribution(root) == null) {
                if (!Files.exists(archive)) {
                    throw new IllegalStateException("Keycloak archive not found at " + archive
                            + "; build the project first (./mvnw install -DskipTests)");
                }
                Files.createDirectories(root);
                Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", root.toString())
                        .inheritIO().start();
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("could not unpack " + archive);
                }
            }
            Path distribution = findDistribution(root);
            Path imports = Files.createDirectories(distribution.resolve("data/import"));
            try (InputStream realm = KeycloakServer.class.getResourceAsStream("/keycloak/clv-realm.json")) {
                Files.copy(realm, imports.resolve("clv-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            return distribution;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean isUnpacked(Path home) {
        try {
            return findDistribution(home.resolve("keycloak")) != null;
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> command(Path distribution, int port, int managementPort) {
        return List.of("bash", distribution.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + managementPort, "--import-realm",
                "--health-enabled=true");
    }

    static Map<String, String> environment(String marker) {
        return Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER, "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m", "JAVA_OPTS_APPEND", marker);
    }

    private static Path findDistribution(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.exists(p.resolve("bin/kc.sh"))).findFirst().orElse(null);
        }
    }
}
