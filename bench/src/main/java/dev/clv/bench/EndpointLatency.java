package dev.clv.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * p50/p99 of one endpoint at a constant arrival rate (an open model: requests leave on schedule, waiting counts):
 * half of what it serves one at a time, at most {@code maxRate} per second, for about {@code seconds}.
 */
final class EndpointLatency {
    record Result(String name, double rate, int requests, int errors, double p50, double p99) {
    }

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Supplier<String> tokens;
    private String token;

    // tokens live ten minutes, a run at scale far longer: each endpoint gets a fresh one
    EndpointLatency(String base, Supplier<String> tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    Result measure(String name, Supplier<String> paths, double maxRate, int seconds) throws Exception {
        token = tokens.get();
        long serial = 0;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            send(paths.get()).get();
            serial = i == 0 ? Long.MAX_VALUE : Math.min(serial, System.nanoTime() - t);
        }
        double rate = Math.min(maxRate, 0.5e9 / serial);
        int requests = (int) Math.max(10, Math.min(2_000, rate * seconds));
        long interval = (long) (1e9 / rate);
        Latencies latencies = new Latencies();
        AtomicInteger errors = new AtomicInteger();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 50_000_000L;
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long due = start + i * interval;
            String path = paths.get();
            CompletableFuture<Void> done = new CompletableFuture<>();
            sent.add(done);
            clock.schedule(() -> send(path).whenComplete((status, e) -> {
                latencies.add((System.nanoTime() - due) / 1000);
                if (e != null || status != 200) {
                    errors.incrementAndGet();
                }
                done.complete(null);
            }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        clock.shutdown();
        return new Result(name, rate, requests, errors.get(), latencies.percentileMillis(50),
                latencies.percentileMillis(99));
    }

    CompletableFuture<Integer> send(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer "
                + token).timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }
}
