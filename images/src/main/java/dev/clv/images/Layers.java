package dev.clv.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;

/** Reproducible layers from folders: every file at a fixed time, executable where it is executable here. */
final class Layers {
    /** Jib's own reproducible time (the epoch plus one second), so that equal inputs give equal layers and digests. */
    static final Instant EPOCH = Instant.ofEpochSecond(1);

    private Layers() {
    }

    static FileEntriesLayer tree(String name, Path folder, AbsoluteUnixPath at) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                layer.addEntry(file, at.resolve(folder.relativize(file).toString()), permissions(file), EPOCH);
            }
        }
        return layer.build();
    }

    static FilePermissions permissions(Path file) throws IOException {
        return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)
                ? FilePermissions.fromOctalString("755")
                : FilePermissions.DEFAULT_FILE_PERMISSIONS;
    }

    /** Jib's layer caches inside the build's own folder, not the user's home. */
    static Containerizer caches(Containerizer containerizer, Path work) {
        return containerizer.setBaseImageLayersCache(work.resolve("cache/base"))
                .setApplicationLayersCache(work.resolve("cache/application"))
                .setToolName("clv-images");
    }

    static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
