package dev.clv.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU time each process of a benchmark phase used, per request: where the cycles of a shared machine went (the
 * load tool is this JVM; PostgreSQL is every process named postgres).
 */
final class CpuShare {
    private final Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    private final Map<String, Long> startNanos = new LinkedHashMap<>();
    private Map<String, Long> usedNanos;
    private long requests;

    CpuShare(ProcessHandle gateway, ProcessHandle service) {
        processes.put("load tool", ProcessHandle.current());
        processes.put("gateway", gateway);
        if (service != null) {
            processes.put("service", service);
        }
        processes.forEach((name, handle) -> startNanos.put(name, cpu(handle)));
        startNanos.put("postgres", postgres());
    }

    /** Ends the phase, which answered {@code requests} requests. */
    void stop(long requests) {
        this.requests = Math.max(1, requests);
        usedNanos = new LinkedHashMap<>();
        processes.forEach((name, handle) -> usedNanos.put(name, cpu(handle) - startNanos.get(name)));
        usedNanos.put("postgres", postgres() - startNanos.get("postgres"));
    }

    @Override
    public String toString() {
        return usedNanos.entrySet().stream()
                .map(e -> String.format("%s %.0f µs", e.getKey(), e.getValue() / 1000.0 / requests))
                .collect(Collectors.joining(", "));
    }

    private static long cpu(ProcessHandle handle) {
        return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static long postgres() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(CpuShare::cpu).sum();
    }
}
