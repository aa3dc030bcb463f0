package dev.clv.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.devstack.Stack;

/**
 * {@code ./benchmark e2e}: the platform as {@code ./stack up} starts it; purchases through the gateway at a steady
 * rate, each by a new customer who thereby enters a segment; p50/p99 from each purchase's 2xx to its signed webhook
 * at a local receiver (ingestion, Kafka, the analytics projection, the profile change, segmentation, the outbox and
 * the delivery all on the way).
 */
public final class EndToEndBench {
    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "e2e";

    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.rate", "20"));
        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup", 15);
        Path repo = Path.of(System.getProperty("clv.repo.root", ".")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("clv-e2e-");
        OUT.printf("end to end: %.0f purchases/s through the gateway for %d s after a %d s warm-up, each by a new "
                + "customer entering a segment; 2 cores shared by everything%n", rate, seconds, warmup);
        Path apps = BenchStack.snapshotApps(repo, home.resolve("apps"), OUT);
        Stack stack = BenchStack.stack(repo, apps, home, Map.of());
        OUT.println("Starting the platform as ./stack up does:");
        stack.up(OUT);
        int exit;
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            exit = run(stack, receiver, rate, seconds, warmup);
        } finally {
            OUT.println("Stopping the platform; logs of every part: " + home.resolve("logs"));
            stack.down(new PrintStream(PrintStream.nullOutputStream()), false);
            BenchStack.deleteTree(apps);
        }
        System.exit(exit);
    }

    private static int run(Stack stack, WebhookReceiver receiver, double rate, int seconds, int warmup)
            throws Exception {
        TenantTokens token = new TenantTokens(stack, TENANT, null);
        String gateway = stack.url("gateway");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        subscribe(http, token, gateway, receiver, "e2e buyers", 10);

        // one purchase per tick, each by a new customer; the warm-up's are sent and delivered but not measured
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong sequence = new AtomicLong();
        long measuredFrom = (long) (warmup * rate);
        URI write = URI.create(gateway + SteadyWriter.WRITE_PATH);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long began = System.nanoTime();
        clock.scheduleAtFixedRate(() -> {
            long n = sequence.getAndIncrement();
            String customer = "e2e-" + n;
            HttpRequest request = HttpRequest.newBuilder(write).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(purchase(customer, n), StandardCharsets.UTF_8))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (r != null && r.statusCode() / 100 == 2) {
                    accepted.put(customer, System.nanoTime());
                } else {
                    refused.incrementAndGet();
                    OUT.println("  refused: " + (r == null ? e : r.statusCode() + " " + r.body()));
                }
            });
        }, 0, (long) (1e9 / rate), TimeUnit.NANOSECONDS);
        Thread.sleep((warmup + seconds) * 1000L);
        clock.shutdown();
        double sending = (System.nanoTime() - began) / 1e9;
        long sent = sequence.get();

        // every accepted purchase's webhook, or a minute past the last 2xx
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !receiver.arrived().keySet().containsAll(accepted.keySet())) {
            Thread.sleep(200);
        }
        Latencies latencies = new Latencies();
        int missing = 0;
        for (long n = measuredFrom; n < sent; n++) {
            Long ok = accepted.get("e2e-" + n);
            Long arrived = receiver.arrived().get("e2e-" + n);
            if (ok != null && arrived != null) {
                latencies.add(Math.max(0, arrived - ok) / 1000);
            } else if (ok != null) {
                missing++;
            }
        }
        OUT.printf("Sent %,d purchases in %.1f s (%.1f/s), %,d accepted, %d refused; %,d webhooks received (%d "
                + "signatures wrong, %d sent again)%n", sent, sending, sent / sending, accepted.size(), refused.get(),
                receiver.arrived().size(), receiver.badSignatures(), receiver.repeats());
        OUT.printf("From the purchase's 2xx to its signed webhook, %,d measured: p50 %s, p90 %s, p99 %s, max %s; "
                + "%d accepted purchases without a webhook after 60 s%n", latencies.count(),
                ms(latencies.percentileMillis(50)), ms(latencies.percentileMillis(90)),
                ms(latencies.percentileMillis(99)), ms(latencies.percentileMillis(100)), missing);
        stages(stack, accepted, receiver.arrived(), receiver.repeated(), measuredFrom, sent);
        return missing == 0 && receiver.badSignatures() == 0 && refused.get() == 0 ? 0 : 1;
    }

    /**
     * Registers {@code receiver} for segment entries and saves a segment {@code total_spent >= minimum}, waiting
     * until its first evaluation is done.
     */
    static void subscribe(HttpClient http, TenantTokens token, String gateway, WebhookReceiver receiver, String name,
            int minimum) throws Exception {
        JsonNode hook = JSON.readTree(call(http, token, "POST", gateway + "/v1/webhooks", "{\"url\":\""
                + receiver.url() + "\",\"events\":[\"segment.customer_added\"]}"));
        receiver.secret(hook.path("secret").asText());
        JsonNode segment = JSON.readTree(call(http, token, "POST", gateway + "/v1/segments", "{\"name\":\"" + name
                + "\",\"criteria\":{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":" + minimum + "}}"));
        String evaluation = gateway + "/v1/segments/" + segment.path("id").asText() + "/evaluation";
        while (!call(http, token, "GET", evaluation, null).contains("\"status\":\"done\"")) {
            Thread.sleep(100);
        }
    }

    /**
     * Where the time went, from PostgreSQL: a message's row is queued (created_at: the start of the segmentation
     * transaction that changed the membership) after ingestion, the projection and the evaluation, and sent after the
     * dispatcher claims it. Clocks: the bench's nanoTime mapped to the wall clock once, PostgreSQL's on this machine.
     */
    private static void stages(Stack stack, Map<String, Long> accepted, Map<String, Long> arrived,
            Set<String> repeated, long from, long sent) throws Exception {
        long wallMicros = Instant.now().toEpochMilli() * 1000;
        long nano = System.nanoTime();
        Latencies toOutbox = new Latencies();
        Latencies toReceiver = new Latencies();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres")
                + "/postgres", "postgres", "postgres");
                PreparedStatement read = db.prepareStatement("SELECT customer_id, (extract(epoch FROM created_at) * "
                        + "1e6)::bigint FROM segmentation.webhook_deliveries WHERE tenant_id = ? AND event_type = "
                        + "'segment.customer_added'")) {
            read.setString(1, TENANT);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    String customer = rows.getString(1);
                    long n = Long.parseLong(customer.substring("e2e-".length()));
                    Long ok = accepted.get(customer);
                    Long in = arrived.get(customer);
                    if (n < from || n >= sent || ok == null) {
                        continue;
                    }
                    long queued = rows.getLong(2);
                    toOutbox.add(Math.max(0, queued - (wallMicros - (nano - ok) / 1000)));
                    if (in != null) {
                        toReceiver.add(Math.max(0, wallMicros - (nano - in) / 1000 - queued));
                    }
                }
            }
        }
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + stack.port("postgres")
                + "/postgres", "postgres", "postgres");
                PreparedStatement read = db.prepareStatement("SELECT d.attempts, d.status, (SELECT string_agg("
                        + "a.attempt || ' at ' || a.attempted_at || ': ' || coalesce(a.status_code::text, a.error), "
                        + "'; ') FROM segmentation.webhook_attempts a WHERE a.delivery_id = d.id) FROM "
                        + "segmentation.webhook_deliveries d WHERE d.id = ?")) {
            for (String id : repeated) {
                read.setString(1, id);
                try (ResultSet row = read.executeQuery()) {
                    if (row.next()) {
                        OUT.printf("  %s came twice: %d attempts, %s; %s%n", id, row.getInt(1), row.getString(2),
                                row.getString(3));
                    }
                }
            }
        }
        OUT.printf("  2xx to the message queued (ingestion, Kafka, projection, profile change, evaluation): p50 %s, "
                + "p99 %s%n", ms(toOutbox.percentileMillis(50)), ms(toOutbox.percentileMillis(99)));
        OUT.printf("  queued to received (the dispatcher's poll, claim, vetting, signing, the POST): p50 %s, p99 %s%n",
                ms(toReceiver.percentileMillis(50)), ms(toReceiver.percentileMillis(99)));
    }

    private static String purchase(String customer, long n) {
        String date = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        return "{\"transaction_id\":\"e2e-t" + n + "\",\"customer_id\":\"" + customer + "\",\"transaction_date\":\""
                + date + "\",\"amount\":25.00,\"currency\":\"USD\",\"product_id\":\"p-" + (n % 40)
                + "\",\"product_category\":\"cat-" + (n % 8) + "\",\"payment_method\":\"card\",\"channel\":\"web\"}\n";
    }

    static String call(HttpClient http, TenantTokens token, String method, String url, String body)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.get()).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String ms(double millis) {
        return Double.isNaN(millis)
                ? "-"
                : millis >= 10_000
                        ? String.format("%.1f s", millis / 1000)
                        : String.format("%.0f ms", millis);
    }
}
