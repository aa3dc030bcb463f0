package dev.clv.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Freshness of accepted rows as a client sees it: for each accepted batch's sample row (the only row of its
 * customer), the time from the batch's 2xx until {@code GET /v1/customers/{id}} through the gateway shows a purchase
 * count of at least 1. Each sample is polled every 100 ms, oldest first, at most {@code inFlight} at a time (so a
 * backlog after an outage cannot flood the gateway: a sample behind a backlog is first polled late, which can only
 * make its figure larger); one not counted after 60 s is given up as not fresh.
 */
final class FreshnessWatch implements AutoCloseable {
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String gateway;
    private final Supplier<String> token;
    private final int inFlight;
    private final ConcurrentLinkedDeque<SteadyWriter.Batch> pending = new ConcurrentLinkedDeque<>();
    private final Set<SteadyWriter.Batch> polling = ConcurrentHashMap.newKeySet();
    private final Thread loop;
    private final java.util.function.IntSupplier phaseNow;
    private final java.util.Map<Integer, SteadyWriter.PhaseStats> reads = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /** {@code phaseNow} names the phase a poll's answer is counted in (see {@link #reads}). */
    FreshnessWatch(HttpClient http, String gateway, Supplier<String> token, int inFlight,
            java.util.function.IntSupplier phaseNow) {
        this.http = http;
        this.gateway = gateway;
        this.token = token;
        this.inFlight = inFlight;
        this.phaseNow = phaseNow;
        this.loop = new Thread(this::run, "freshness-watch");
        loop.setDaemon(true);
        loop.start();
    }

    /** A batch just answered 2xx: watch its sample row. */
    void watch(SteadyWriter.Batch batch) {
        if (batch.sampleCustomer != null) {
            pending.add(batch);
        }
    }

    /** The polls' answers by status during a phase (404 while a sample's customer is not stored yet). */
    SteadyWriter.PhaseStats reads(int phase) {
        return reads.computeIfAbsent(phase, p -> new SteadyWriter.PhaseStats());
    }

    int pending() {
        return pending.size();
    }

    /** Waits until every sample is counted or given up, at most {@code timeout}. */
    void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void run() {
        while (running) {
            long tick = System.nanoTime();
            int taken = 0;
            for (SteadyWriter.Batch b : pending) {
                if (taken >= inFlight) {
                    break;
                }
                if (tick - b.acceptedNanos > GIVE_UP_NANOS) {
                    b.stale = true;
                    pending.remove(b);
                    continue;
                }
                taken++;
                if (polling.add(b)) {
                    poll(b);
                }
            }
            long sleep = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - tick);
            if (sleep > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void poll(SteadyWriter.Batch b) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(gateway + "/v1/customers/" + b.sampleCustomer))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token.get()).GET().build();
        } catch (RuntimeException e) {
            polling.remove(b);
            return;
        }
        int phase = phaseNow.getAsInt();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            long now = System.nanoTime();
            reads(phase).count(r == null ? SteadyWriter.PhaseStats.CONNECTION : r.statusCode());
            if (r != null && r.statusCode() == 200 && purchases(r.body()) >= 1) {
                b.freshNanos = now;
                pending.remove(b);
            }
            polling.remove(b);
        });
    }

    private static long purchases(String body) {
        try {
            JsonNode data = JSON.readTree(body).path("data");
            return data.path("metrics").path("purchase_count").asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
    }
}
