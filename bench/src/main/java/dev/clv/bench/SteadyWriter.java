package dev.clv.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One tenant writing purchases through the gateway on a fixed schedule (open loop: a request leaves when it is
 * due, whatever the earlier ones are doing), as NDJSON batches with unique transaction ids. A batch is sent again
 * with the same rows after a 429, a 5xx, a timeout or a connection error, as a real client would; the ids make
 * that idempotent. Every batch is kept: the ledger the suite checks against PostgreSQL at the end.
 * <p>
 * Customer ids carry the phase a batch was first sent in ({@code calm-p03-c0042}); with sampling, a batch's last
 * row goes to a customer of its own ({@code calm-p03-s000123}) whose purchase count the freshness watch polls.
 */
final class SteadyWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WRITE_PATH = "/v0/events?name=transactions";

    final String name;
    final String tenant;
    private final URI uri;
    private final Supplier<String> token;
    private final HttpClient http;
    private final int rowsPerRequest;
    private final int customersPerPhase;
    private final boolean sample;
    private final boolean retryRefusals;
    private final Consumer<Batch> onAccepted;
    private final ScheduledExecutorService clock;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger unresolved = new AtomicInteger();
    private final Map<Integer, PhaseStats> stats = new ConcurrentHashMap<>();
    final List<Batch> batches = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int phase;
    private volatile boolean giveUp;
    private volatile long maxBatches = Long.MAX_VALUE;
    /** Sees every answer (not connection errors), e.g. to keep the quota headers; null for none. */
    volatile java.util.function.BiConsumer<Batch, HttpResponse<String>> observer;
    private ScheduledFuture<?> schedule;

    /**
     * @param retryRefusals whether a 429 is sent again (a well-behaved client, after Retry-After) or counted and
     *        dropped (the quota abuser, whose Retry-After is the end of the hour)
     */
    SteadyWriter(String name, String tenant, String gateway, Supplier<String> token, HttpClient http,
            int rowsPerRequest, int customersPerPhase, boolean sample, boolean retryRefusals,
            Consumer<Batch> onAccepted) {
        this.name = name;
        this.tenant = tenant;
        this.uri = URI.create(gateway + WRITE_PATH);
        this.token = token;
        this.http = http;
        this.rowsPerRequest = rowsPerRequest;
        this.customersPerPhase = customersPerPhase;
        this.sample = sample;
        this.retryRefusals = retryRefusals;
        this.onAccepted = onAccepted;
        this.clock = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "writer-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    int phase() {
        return phase;
    }

    /** The phase new batches belong to. */
    void phase(int phase) {
        this.phase = phase;
    }

    /** Sends no more than {@code batches} requests in all (retries aside). */
    void limit(long batches) {
        this.maxBatches = batches;
    }

    /** Starts sending {@code rate} requests per second. */
    synchronized void start(double rate) {
        long period = (long) (1e9 / rate);
        schedule = clock.scheduleAtFixedRate(this::next, 0, period, TimeUnit.NANOSECONDS);
    }

    /** Stops sending new batches; batches already sent keep being retried until {@link #drain}. */
    synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    /** Waits until every batch has its answer, at most {@code timeout}; then stops retrying what is left. */
    boolean drain(Duration timeout) throws InterruptedException {
        stop();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unresolved.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        giveUp = true;
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (unresolved.get() > 0 && System.nanoTime() < grace) {
            Thread.sleep(100);
        }
        clock.shutdownNow();
        return unresolved.get() == 0;
    }

    int unresolved() {
        return unresolved.get();
    }

    PhaseStats stats(int phase) {
        return stats.computeIfAbsent(phase, p -> new PhaseStats());
    }

    private void next() {
        try {
            if (batches.size() >= maxBatches) {
                return;
            }
            long first = seq.getAndAdd(rowsPerRequest);
            Batch batch = new Batch(this, phase, first, rowsPerRequest, sample);
            batches.add(batch);
            unresolved.incrementAndGet();
            stats(batch.phase).requests.incrementAndGet();
            attempt(batch);
        } catch (RuntimeException e) {
            System.err.println("writer " + name + ": " + e);
        }
    }

    private void attempt(Batch b) {
        int phaseAtSend = phase;
        long started = System.nanoTime();
        b.attempts++;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(35))
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(b.body, StandardCharsets.UTF_8)).build();
        } catch (RuntimeException e) { // Keycloak did not give a token: a failed attempt like any other
            answered(b, phaseAtSend, started, null, e);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> answered(b, phaseAtSend, started, r, e));
    }

    private void answered(Batch b, int phaseAtSend, long started, HttpResponse<String> r, Throwable e) {
        long now = System.nanoTime();
        PhaseStats s = stats(phaseAtSend);
        int status = r == null ? (isTimeout(e) ? PhaseStats.TIMEOUT : PhaseStats.CONNECTION) : r.statusCode();
        s.count(status);
        if (observer != null && r != null) {
            observer.accept(b, r);
        }
        if (status / 100 == 2) {
            try {
                JsonNode answer = JSON.readTree(r.body());
                b.acceptedRows = answer.path("successful_rows").asInt() + answer.path("duplicate_rows").asInt();
                b.quarantinedRows = answer.path("quarantined_rows").asInt();
            } catch (IOException parse) {
                b.acceptedRows = 0;
                b.failure = "unreadable 2xx answer: " + r.body();
            }
            b.acceptedNanos = now;
            s.latency.add((now - started) / 1000);
            s.endToEnd.add((now - b.createdNanos) / 1000);
            if (b.attempts > 1) {
                stats(b.phase).retried.incrementAndGet();
            }
            unresolved.decrementAndGet();
            if (onAccepted != null) {
                onAccepted.accept(b);
            }
            return;
        }
        boolean retriable = r == null || status >= 500 || status == 408 || (status == 429 && retryRefusals);
        if (!retriable || giveUp) {
            b.failure = giveUp && retriable
                    ? "gave up after " + b.attempts + " attempts, last " + describe(status)
                    : describe(status) + ": " + truncate(r == null ? String.valueOf(e) : r.body());
            b.finalStatus = status;
            unresolved.decrementAndGet();
            return;
        }
        long delay = backoffMillis(b.attempts, r);
        clock.schedule(() -> attempt(b), delay, TimeUnit.MILLISECONDS);
    }

    // 100 ms doubling to 2 s, with jitter; a Retry-After of a few seconds is honoured (at most 5 s)
    private static long backoffMillis(int attempts, HttpResponse<String> r) {
        long delay = Math.min(2000, 100L << Math.min(5, attempts - 1));
        delay = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        if (r != null) {
            long retryAfter = r.headers().firstValue("Retry-After").map(v -> {
                try {
                    return Long.parseLong(v.strip()) * 1000;
                } catch (NumberFormatException ignored) {
                    return 0L;
                }
            }).orElse(0L);
            delay = Math.max(delay, Math.min(5000, retryAfter));
        }
        return delay;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String describe(int status) {
        return status == PhaseStats.TIMEOUT
                ? "timeout"
                : status == PhaseStats.CONNECTION
                        ? "connection error"
                        : Integer.toString(status);
    }

    private static String truncate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** One request's rows: sent again unchanged until an answer is 2xx. */
    static final class Batch {
        final SteadyWriter writer;
        final int phase;
        final long firstSeq;
        final int rows;
        final String sampleCustomer;
        final String body;
        final long createdNanos = System.nanoTime();
        volatile int attempts;
        /** When the 2xx came (System.nanoTime), 0 before. */
        volatile long acceptedNanos;
        volatile int acceptedRows;
        volatile int quarantinedRows;
        volatile int finalStatus;
        volatile String failure;
        /** When the freshness watch first saw the sample counted (System.nanoTime), 0 before. */
        volatile long freshNanos;
        /** The sample was not counted within the freshness watch's limit. */
        volatile boolean stale;

        Batch(SteadyWriter writer, int phase, long firstSeq, int rows, boolean sample) {
            this.writer = writer;
            this.phase = phase;
            this.firstSeq = firstSeq;
            this.rows = rows;
            this.sampleCustomer = sample ? String.format("%s-p%02d-s%09d", writer.name, phase, firstSeq) : null;
            String date = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            StringBuilder text = new StringBuilder(rows * 200);
            for (int i = 0; i < rows; i++) {
                text.append("{\"transaction_id\":\"").append(id(i)).append("\",\"customer_id\":\"")
                        .append(customer(i)).append("\",\"transaction_date\":\"").append(date)
                        .append("\",\"amount\":12.50,\"currency\":\"USD\",\"product_id\":\"p-")
                        .append((firstSeq + i) % 40).append("\",\"product_category\":\"cat-")
                        .append((firstSeq + i) % 8).append("\",\"payment_method\":\"card\",\"channel\":\"web\"}\n");
            }
            this.body = text.toString();
        }

        String id(int i) {
            return writer.name + "-" + (firstSeq + i);
        }

        String customer(int i) {
            if (sampleCustomer != null && i == rows - 1) {
                return sampleCustomer;
            }
            return String.format("%s-p%02d-c%04d", writer.name, phase,
                    (firstSeq + i) * 7919 % writer.customersPerPhase);
        }

        boolean accepted() {
            return acceptedNanos != 0;
        }
    }

    /** What the attempts sent during one phase met: answers by status, and the latency of the 2xx ones. */
    static final class PhaseStats {
        static final int CONNECTION = 0;
        static final int TIMEOUT = -1;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        /** The 2xx attempt's own time, from when it left. */
        final Latencies latency = new Latencies();
        /** From the batch's first attempt to its 2xx, retries included. */
        final Latencies endToEnd = new Latencies();

        void count(int status) {
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        }

        long count(java.util.function.IntPredicate which) {
            return statuses.entrySet().stream().filter(e -> which.test(e.getKey()))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        /** Non-2xx answers, e.g. "503×40 conn×12"; "-" when there were none. */
        String failures() {
            return failures(status -> status / 100 != 2);
        }

        /** The answers whose status {@code shown} accepts, e.g. "503×40 conn×12"; "-" when there were none. */
        String failures(java.util.function.IntPredicate shown) {
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.forEach((k, v) -> {
                if (shown.test(k)) {
                    sorted.put(k, v.get());
                }
            });
            if (sorted.isEmpty()) {
                return "-";
            }
            StringBuilder text = new StringBuilder();
            sorted.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ")
                    .append(k == CONNECTION ? "conn" : k == TIMEOUT ? "timeout" : k.toString()).append('×').append(v));
            return text.toString();
        }
    }
}
