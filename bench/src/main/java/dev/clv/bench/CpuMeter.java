package dev.clv.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU spent during a phase, by the whole machine (from /proc/stat) and by one process, in cores: how much of
 * the two-core budget each side of a comparison had and used.
 */
final class CpuMeter {
    private final ProcessHandle process;
    private long busyStart;
    private long totalStart;
    private long processStart;
    private long wallStart;

    CpuMeter(ProcessHandle process) {
        this.process = process;
    }

    /** Cores in use: the machine's and the process's, averaged over the phase. */
    record Usage(double machineCores, double processCores) {
    }

    void start() {
        long[] ticks = machineTicks();
        busyStart = ticks[0];
        totalStart = ticks[1];
        processStart = processNanos();
        wallStart = System.nanoTime();
    }

    Usage stop() {
        long[] ticks = machineTicks();
        double wall = System.nanoTime() - wallStart;
        int cores = Runtime.getRuntime().availableProcessors();
        double machine = ticks[1] == totalStart ? 0 : cores * (double) (ticks[0] - busyStart) / (ticks[1] - totalStart);
        return new Usage(machine, (processNanos() - processStart) / wall);
    }

    private long processNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    // first line of /proc/stat: user nice system idle iowait irq softirq steal ...; busy is all but idle and iowait
    private static long[] machineTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) {
                    idle += value;
                }
            }
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }
}
