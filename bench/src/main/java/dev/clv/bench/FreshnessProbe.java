package dev.clv.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingestion load through the write API and freshness under it: the time from a row's 2xx to the moment the read
 * side serves it (the customer's aggregates, which customer_ltv reads).
 */
final class FreshnessProbe {
    private static final int ROWS = 500;
    private static final AtomicLong SEQ = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    private final String ingestion;
    private final String analytics;
    private final java.util.function.Supplier<String> writeToken;
    private final java.util.function.Supplier<String> readToken;
    private final int customers;

    // tokens live ten minutes: one is asked for per request (the issuer signs in microseconds)
    FreshnessProbe(String ingestion, String analytics, java.util.function.Supplier<String> writeToken,
            java.util.function.Supplier<String> readToken, int customers) {
        this.ingestion = ingestion;
        this.analytics = analytics;
        this.writeToken = writeToken;
        this.readToken = readToken;
        this.customers = customers;
    }

    /** Accepted rows/s with {@code inFlight} 500-row requests at a time, for {@code seconds}. */
    double maxRate(int seconds, int inFlight) throws Exception {
        AtomicLong accepted = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            loops.add(loop(end, accepted));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        return accepted.get() / ((System.nanoTime() - started) / 1e9);
    }

    private CompletableFuture<Void> loop(long end, AtomicLong accepted) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(batch(), HttpResponse.BodyHandlers.discarding()).thenCompose(r -> {
            accepted.addAndGet(r.statusCode() / 100 == 2 ? ROWS : 0);
            return loop(end, accepted);
        });
    }

    /** Freshness percentiles (ms) of one probe row every 200 ms while {@code rate} rows/s flow in. */
    Latencies freshnessAt(double rate, int seconds) throws Exception {
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long interval = (long) (1e9 * ROWS / rate);
        clock.scheduleAtFixedRate(() -> http.sendAsync(batch(), HttpResponse.BodyHandlers.discarding()), 0,
                interval, TimeUnit.NANOSECONDS);
        Latencies freshness = new Latencies();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int n = 0;
        while (System.nanoTime() < end) {
            String customer = "fresh-" + System.nanoTime() + "-" + n++;
            HttpResponse<String> accepted = http.send(post("[" + row("probe-" + customer, customer) + "]",
                    "application/json"), HttpResponse.BodyHandlers.ofString());
            long at = System.nanoTime();
            if (accepted.statusCode() / 100 != 2) {
                throw new IllegalStateException("probe refused: " + accepted.body());
            }
            HttpRequest read = HttpRequest.newBuilder(URI.create(analytics + "/v1/customers/" + customer))
                    .header("Authorization", "Bearer " + readToken.get()).build();
            int status;
            while ((status = http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode()) == 404) {
                Thread.sleep(2);
            }
            if (status != 200) {
                throw new IllegalStateException("reading the probe answered " + status);
            }
            freshness.add((System.nanoTime() - at) / 1000);
            Thread.sleep(200);
        }
        clock.shutdownNow();
        return freshness;
    }

    private HttpRequest batch() {
        StringBuilder body = new StringBuilder(ROWS * 220);
        for (int i = 0; i < ROWS; i++) {
            long s = SEQ.incrementAndGet();
            body.append(row("load-" + s, "cust-" + (1 + s * 7919 % customers))).append('\n');
        }
        return post(body.toString(), "application/x-ndjson");
    }

    private static String row(String id, String customer) {
        return "{\"transaction_id\":\"" + id + "\",\"customer_id\":\"" + customer + "\",\"transaction_date\":"
                + "\"2024-12-30T10:00:00Z\",\"amount\":42.50,\"currency\":\"USD\",\"product_id\":\"p-music-1\","
                + "\"product_category\":\"music\",\"payment_method\":\"card\",\"channel\":\"web\"}";
    }

    private HttpRequest post(String body, String type) {
        return HttpRequest.newBuilder(URI.create(ingestion + "/v0/events?name=transactions"))
                .header("Authorization", "Bearer " + writeToken.get()).header("Content-Type", type)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body,
                        StandardCharsets.UTF_8))
                .build();
    }
}
