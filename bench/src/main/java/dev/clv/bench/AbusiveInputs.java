package dev.clv.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * What one tenant can throw at the platform through the gateway, each in its own loop while the others run: a gzip
 * bomb, rows with NUL characters, unpaired surrogates and broken UTF-8, one customer with thousands of distinct long
 * event types, arrays past the row and batch limits, random API keys, and the heaviest live analytics questions in
 * parallel. Every answer is counted by kind and status; anything but the expected statuses is a finding.
 */
final class AbusiveInputs implements AutoCloseable {
    static final String MANY_TYPES_CUSTOMER = "abuse-many-types";
    private final HttpClient http;
    private final String gateway;
    private final Supplier<String> token;
    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final List<Thread> loops = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean running;
    private final byte[] gzipBomb;
    private final long bombInflated;
    private final byte[] pastRowLimit;

    AbusiveInputs(HttpClient http, String gateway, Supplier<String> token) {
        this.http = http;
        this.gateway = gateway;
        this.token = token;
        this.bombInflated = 16L << 20;
        this.gzipBomb = gzipOfSpaces(bombInflated);
        StringBuilder rows = new StringBuilder(310_000).append('[');
        for (int i = 0; i < 100_001; i++) {
            rows.append(i == 0 ? "{}" : ",{}");
        }
        this.pastRowLimit = rows.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bomb's size on the wire and inflated, for the report. */
    String bombDescription() {
        return String.format("%,d bytes inflating to %,d", gzipBomb.length, bombInflated);
    }

    /** Loads {@code rows} purchases over rows/10 customers, so that the heavy questions have something to read. */
    static int preload(HttpClient http, String gateway, Supplier<String> token, int rows) throws Exception {
        int customers = Math.max(1, rows / 10);
        int accepted = 0;
        LocalDate today = LocalDate.now();
        for (int start = 0; start < rows; start += 500) {
            StringBuilder body = new StringBuilder();
            for (int i = start; i < Math.min(rows, start + 500); i++) {
                int customer = (int) ((i * 7919L) % customers);
                body.append(String.format("{\"transaction_id\":\"abuse-pre-%d\",\"customer_id\":\"abuse-c%05d\","
                        + "\"transaction_date\":\"%s\",\"amount\":%d.%02d,\"product_id\":\"ap-%d\","
                        + "\"product_category\":\"acat-%d\"}%n", i, customer, today.minusDays(i % 720), 5 + i % 90,
                        i % 100, i % 60, (customer + i) % 12));
            }
            for (int attempt = 1;; attempt++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway
                        + SteadyWriter.WRITE_PATH)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token.get())
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    accepted += Math.min(500, rows - start);
                    break;
                }
                if (attempt == 5) {
                    throw new IllegalStateException("preloading the abuser answered " + r.statusCode() + ": "
                            + r.body());
                }
                Thread.sleep(1000);
            }
        }
        return accepted;
    }

    /**
     * Rows whose keys are as long as the write API allows (512 characters per text field), in characters that take
     * three bytes in UTF-8 and do not compress: a customer id and a category (a transaction), a customer id and an
     * event type (an event), a customer id and an interaction type (an interaction). Answers each write's status and
     * its accepted rows, e.g. "transactions 202 (1 accepted)".
     */
    static List<String> longKeys(HttpClient http, String gateway, Supplier<String> token) throws Exception {
        String date = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String customer = incompressible(512);
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put("transactions", String.format("{\"transaction_id\":\"long-keys-1\",\"customer_id\":\"%s\","
                + "\"transaction_date\":\"%s\",\"amount\":1.00,\"product_id\":\"%s\",\"product_category\":\"%s\"}",
                customer, date, incompressible(512), incompressible(512)));
        writes.put("events", String.format("{\"event_id\":\"long-keys-2\",\"customer_id\":\"%s\",\"event_type\":\"%s\","
                + "\"timestamp\":\"%s\"}", customer, incompressible(512), date));
        writes.put("customer_interactions", String.format("{\"interaction_id\":\"long-keys-3\",\"customer_id\":\"%s\","
                + "\"interaction_date\":\"%s\",\"interaction_type\":\"%s\",\"channel\":\"%s\"}", customer, date,
                incompressible(512), incompressible(512)));
        writes.put("products", String.format("{\"product_id\":\"%s\",\"name\":\"%s\",\"category\":\"%s\"}",
                incompressible(512), incompressible(512), incompressible(512)));
        List<String> answers = new ArrayList<>();
        for (Map.Entry<String, String> write : writes.entrySet()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v0/events?name="
                    + write.getKey())).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(write.getValue() + "\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.add(write.getKey() + " " + r.statusCode() + (r.body().contains("\"successful_rows\":1")
                    ? " (accepted)"
                    : r.body().contains("\"quarantined_rows\":1") ? " (quarantined)" : ""));
        }
        return answers;
    }

    // random CJK ideographs: three bytes each in UTF-8, next to no redundancy for PostgreSQL's compression
    private static String incompressible(int chars) {
        StringBuilder text = new StringBuilder(chars);
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < chars; i++) {
            text.append((char) (0x4E00 + random.nextInt(20_000)));
        }
        return text.toString();
    }

    void start() {
        running = true;
        String writes = gateway + SteadyWriter.WRITE_PATH;
        loop("gzip bomb", Set.of(413), 1000, () -> post(writes, gzipBomb, "application/x-ndjson", "gzip"));
        loop("NUL, unpaired surrogates, broken UTF-8", Set.of(200, 202), 500,
                () -> post(writes, badRows(), "application/x-ndjson", null));
        loop("1,000 new long event types per request, one customer", Set.of(200, 202), 1000,
                () -> post(gateway + "/v1/events/batch", manyTypes(1000), "application/json", null));
        loop("100,001-row array", Set.of(413), 2000, () -> post(writes, pastRowLimit, "application/json", null));
        loop("1,001-event batch", Set.of(400, 413), 2000,
                () -> post(gateway + "/v1/events/batch", manyTypes(1001), "application/json", null));
        loop("random X-API-Key", Set.of(401), 50, () -> send(HttpRequest.newBuilder(URI.create(gateway
                + "/v1/customers/abuse-c00001")).header("X-API-Key", "clv_" + HexFormat.of().formatHex(
                        randomBytes(24)))
                .GET()));
        String today = LocalDate.now().toString();
        for (int i = 0; i < 2; i++) {
            loop("cross-sell-opportunities?min_customers=1", Set.of(200, 503), 0, () -> send(authorized(
                    gateway + "/v1/product/cross-sell-opportunities?min_customers=1").GET()));
            loop("lifecycle-analysis?reference_date=" + today, Set.of(200, 503), 0, () -> send(authorized(
                    gateway + "/v1/customer-success/lifecycle-analysis?reference_date=" + today).GET()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread loop : loops) {
            loop.join(70_000);
        }
    }

    /** One line per kind: requests, statuses, p50/p99 and the answers outside the expected statuses. */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        kinds.forEach((name, kind) -> lines.add(String.format("    %-52s %5d requests  %-26s p50 %7.1f ms  p99 %7.1f ms"
                + "  unexpected %d", name, kind.requests(), kind.statuses(), kind.latency.percentileMillis(50),
                kind.latency.percentileMillis(99), kind.unexpected())));
        return lines;
    }

    /** Answers outside each kind's expected statuses (a 500 among them is an unhandled error). */
    long unexpected() {
        return kinds.values().stream().mapToLong(Kind::unexpected).sum();
    }

    long serverErrors() {
        return kinds.values().stream().mapToLong(k -> k.count(s -> s == 500)).sum();
    }

    private interface Call {
        int run() throws Exception;
    }

    private void loop(String name, Set<Integer> expected, long periodMillis, Call call) {
        Kind kind = kinds.computeIfAbsent(name, n -> new Kind(expected));
        Thread thread = new Thread(() -> {
            while (running) {
                long began = System.nanoTime();
                int status;
                try {
                    status = call.run();
                } catch (IOException e) {
                    status = SteadyWriter.PhaseStats.CONNECTION;
                } catch (Exception e) {
                    status = SteadyWriter.PhaseStats.CONNECTION;
                }
                kind.count(status, (System.nanoTime() - began) / 1000);
                long left = periodMillis - (System.nanoTime() - began) / 1_000_000;
                if (left > 0) {
                    try {
                        Thread.sleep(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "abuse-" + name);
        thread.setDaemon(true);
        loops.add(thread);
        thread.start();
    }

    private int post(String url, byte[] body, String type, String encoding) throws Exception {
        HttpRequest.Builder request = authorized(url).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return send(request);
    }

    private HttpRequest.Builder authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token.get());
    }

    private int send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    // 50 rows, each wrong in its own way: NUL escaped and raw, an unpaired surrogate escaped, broken UTF-8 bytes
    private byte[] badRows() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String date = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < 50; i++) {
            long n = seq.incrementAndGet();
            String prefix = "{\"transaction_id\":\"abuse-bad-" + n + "\",\"transaction_date\":\"" + date
                    + "\",\"amount\":1.00,";
            byte[] row = switch (i % 5) {
                case 0 -> (prefix + "\"customer_id\":\"abuse-nul-\\u0000\"}\n").getBytes(StandardCharsets.UTF_8);
                case 1 -> (prefix + "\"customer_id\":\"abuse-s\",\"product_category\":\"\\ud800\"}\n")
                        .getBytes(StandardCharsets.UTF_8);
                case 2 -> (prefix + "\"customer_id\":\"abuse-s\",\"channel\":\"\\udc00x\\ud83d\"}\n")
                        .getBytes(StandardCharsets.UTF_8);
                case 3 -> concat((prefix + "\"customer_id\":\"abuse-u").getBytes(StandardCharsets.UTF_8),
                        new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}\n".getBytes(StandardCharsets.UTF_8));
                default -> concat((prefix + "\"customer_id\":\"abuse-raw").getBytes(StandardCharsets.UTF_8),
                        new byte[]{0}, "\"}\n".getBytes(StandardCharsets.UTF_8));
            };
            out.writeBytes(row);
        }
        return out.toByteArray();
    }

    // events of one customer, each with a new event type of about 200 characters
    private byte[] manyTypes(int count) {
        StringBuilder body = new StringBuilder(count * 320).append('[');
        String at = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String filler = "x".repeat(180);
        for (int i = 0; i < count; i++) {
            long n = seq.incrementAndGet();
            body.append(i == 0 ? "" : ",").append("{\"event_id\":\"abuse-ev-").append(n)
                    .append("\",\"customer_id\":\"").append(MANY_TYPES_CUSTOMER).append("\",\"event_type\":\"type-")
                    .append(n).append('-').append(filler).append("\",\"timestamp\":\"").append(at).append("\"}");
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] gzipOfSpaces(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (long written = 0; written < size; written += chunk.length) {
                gzip.write(chunk);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static final class Kind {
        final Set<Integer> expected;
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Latencies latency = new Latencies();

        Kind(Set<Integer> expected) {
            this.expected = expected;
        }

        void count(int status, long micros) {
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            latency.add(micros);
        }

        long count(java.util.function.IntPredicate which) {
            return statuses.entrySet().stream().filter(e -> which.test(e.getKey()))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        long requests() {
            return count(s -> true);
        }

        long unexpected() {
            return count(s -> !expected.contains(s));
        }

        String statuses() {
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.forEach((k, v) -> sorted.put(k, v.get()));
            StringBuilder text = new StringBuilder();
            sorted.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ")
                    .append(SteadyWriter.describe(k).replace("connection error", "conn")).append('×').append(v));
            return text.toString();
        }
    }
}
