package dev.clv.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU used by the suite's own processes over a phase, in cores: every process whose command line names the stack's
 * home (each part carries it; PostgreSQL's server names its data directory there), their children (PostgreSQL's
 * backends), and this JVM, the load tool. On a machine shared with other work this separates the suite's share
 * from the machine's. A process that exits during the phase (a killed part) loses what it used since the start.
 */
final class SuiteCpu {
    private final String home;
    private Map<Long, Long> start = Map.of();
    private long wallStart;

    SuiteCpu(Path home) {
        this.home = home.toString();
    }

    void start() {
        start = sample();
        wallStart = System.nanoTime();
    }

    /** Cores the suite's processes used since {@link #start()}, on average. */
    double stop() {
        Map<Long, Long> end = sample();
        long used = 0;
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            used += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L));
        }
        return used / (double) (System.nanoTime() - wallStart);
    }

    private Map<Long, Long> sample() {
        Map<Long, Long> cpu = new HashMap<>();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(home)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .forEach(p -> cpu.put(p.pid(), nanos(p)));
        ProcessHandle self = ProcessHandle.current();
        cpu.put(self.pid(), nanos(self));
        return cpu;
    }

    private static long nanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
