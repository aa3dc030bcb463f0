package dev.clv.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's fontconfig and DejaVu fonts on the building machine, installed with apt when missing: the images take
 * them from here (no package manager runs inside an image), and the console's PDF charts need a font.
 */
final class FontPackages {
    static final Path FONTS = Path.of("/usr/share/fonts/truetype/dejavu");
    static final Path CONFIG = Path.of("/etc/fonts/fonts.conf");

    private FontPackages() {
    }

    /** The machine's fontconfig library, after installing the packages if needed; null when they cannot be had. */
    static Path fontconfig() {
        if (library() == null || !Files.isDirectory(FONTS) || !Files.exists(CONFIG)) {
            install();
        }
        return Files.isDirectory(FONTS) && Files.exists(CONFIG) ? library() : null;
    }

    private static Path library() {
        return Stream.of("/lib/x86_64-linux-gnu/libfontconfig.so.1", "/usr/lib/x86_64-linux-gnu/libfontconfig.so.1")
                .map(Path::of).filter(Files::exists).findFirst().orElse(null);
    }

    private static void install() {
        try {
            boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream()
                    .readAllBytes()).strip());
            List<String> sudo = root ? List.of() : List.of("sudo", "-n");
            System.out.println("Installing Debian's fontconfig and fonts-dejavu-core for the images' fonts");
            for (List<String> step : List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y",
                    "--no-install-recommends", "fontconfig", "fonts-dejavu-core"))) {
                Process p = new ProcessBuilder(Stream.concat(sudo.stream(), step.stream()).toList()).inheritIO()
                        .start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    return;
                }
            }
        } catch (java.io.IOException e) {
            // no apt here: the caller warns that the images get no fonts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
