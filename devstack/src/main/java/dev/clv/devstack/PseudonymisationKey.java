package dev.clv.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's pseudonymisation master key (docs/privacy.md, "Pseudonymisation"): made once, kept next to
 * the data it keys ({@code .stack/data/pseudonymisation.key}, readable by its owner only), so pseudonyms stay the
 * same across ups, and a {@code ./stack down --purge} forgets key and data together.
 */
final class PseudonymisationKey {
    private PseudonymisationKey() {
    }

    /** The key (base64 of 32 random bytes), made on first use. */
    static String of(Path home) {
        Path file = home.resolve("data/pseudonymisation.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, encoded, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the directory's own permissions apply
            }
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
