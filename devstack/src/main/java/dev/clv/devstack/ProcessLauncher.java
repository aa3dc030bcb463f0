package dev.clv.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts parts as detached processes (their own session, so a Ctrl-C at the terminal or the launcher's exit does
 * not take them down) and stops only processes it can prove it started: each carries a marker naming the part
 * and this stack's home on its command line.
 */
final class ProcessLauncher {
    private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));
    private final Path home;

    ProcessLauncher(Path home) {
        this.home = home;
    }

    /** The JVM flag that marks a process as this stack's part {@code name}. */
    String marker(String name) {
        return "-Dclv.stack.part=" + name + "@" + home;
    }

    long start(List<String> command, Map<String, String> env, Path log, Path workDir) {
        List<String> full = new ArrayList<>();
        if (HAS_SETSID) {
            full.add("setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            return builder.start().pid();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
    }

    /** True when the process, or a child of it (kc.sh runs Keycloak's JVM as its child), carries our marker. */
    boolean isOurs(String name, long pid) {
        String marker = marker(name);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())
                        .anyMatch(h -> h.info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false)))
                .orElse(false);
    }

    /**
     * Stops parts and their children together: SIGTERM to all, then SIGKILL to whatever still lives after
     * {@code grace}. Answers the names of the parts that were ours and running; others are left untouched.
     */
    List<String> stopAll(List<Part> parts, Duration grace) {
        List<String> stopped = new ArrayList<>();
        List<ProcessHandle> family = new ArrayList<>();
        for (Part part : parts) {
            Optional<ProcessHandle> handle = ProcessHandle.of(part.pid());
            if (handle.isPresent() && isOurs(part.name(), part.pid())) {
                family.addAll(handle.get().descendants().toList());
                family.add(handle.get());
                stopped.add(part.name());
            }
        }
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && family.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(100);
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return stopped;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
