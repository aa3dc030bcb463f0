package dev.clv.bench;

import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.FreePorts;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;

/**
 * Ingestion throughput against Kafka's own producer, in one run on one broker: (1) the raw producer sending
 * records of the size ingestion produces, with the same settings (acks=all, idempotent); (2) accepted rows/s of
 * NDJSON requests of 500 rows, several in flight, after an unmeasured warm-up of both; (3) p50/p99 of a 500-row request at half that rate, as an open
 * model (requests leave on schedule, waiting counts as latency).
 */
public final class IngestBench {
    private static final int ROWS_PER_REQUEST = 500;
    // one sequence for every phase, so no phase sends ids an earlier one sent (they would count as duplicates)
    private static final AtomicLong SEQ = new AtomicLong();

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("clv.repo.root", "."));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "30"));
        int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "8"));
        int warmup = Integer.parseInt(System.getProperty("bench.warmup", "10"));
        String kafka = KafkaResource.bootstrapServers();
        Map<String, String> db = new PostgresResource().start();
        Map<String, String> oidc = new OidcResource().start();
        int port = FreePorts.next();
        ServiceProcess service = ServiceProcess.start(repo, "ingestion-service", "512m", port, Map.of("INGESTION_PORT",
                Integer.toString(port), "KAFKA_BOOTSTRAP_SERVERS", kafka, "DB_JDBC_URL",
                db.get("quarkus.datasource.jdbc.url"), "DB_REACTIVE_URL", db.get("quarkus.datasource.reactive.url"),
                "OIDC_ISSUER_URL", oidc.get("quarkus.oidc.auth-server-url"), "OIDC_AUDIENCE", "clv-platform"));
        Process ingestion = service.process;
        String base = service.base;
        String token = OidcResource.token("bench", "events:write");

        int recordSize = sampleRecord(0, 0).length;
        // both sides get the same unmeasured warm-up, so the JIT compiles the service before it is timed
        rawProducer(kafka, recordSize, warmup);
        ingestThroughput(base, token, warmup, concurrency);
        CpuMeter cpu = new CpuMeter(ingestion.toHandle());
        cpu.start();
        double raw = rawProducer(kafka, recordSize, seconds);
        CpuMeter.Usage rawCpu = cpu.stop();
        System.out.printf("raw Kafka producer (acks=all, idempotent, %d-byte records): %,.0f records/s "
                + "(machine %.2f cores busy)%n", recordSize, raw, rawCpu.machineCores());
        cpu.start();
        double ingest = ingestThroughput(base, token, seconds, concurrency);
        CpuMeter.Usage ingestCpu = cpu.stop();
        System.out.printf("ingestion, %d-row NDJSON requests, %d in flight: %,.0f accepted rows/s "
                + "(machine %.2f cores busy, of which the service %.2f)%n", ROWS_PER_REQUEST, concurrency, ingest,
                ingestCpu.machineCores(), ingestCpu.processCores());
        System.out.printf("ratio ingestion / raw producer: %.2f; per busy core: %.2f; service CPU per row: %.1f µs%n",
                ingest / raw, (ingest / ingestCpu.machineCores()) / (raw / rawCpu.machineCores()),
                1e6 * ingestCpu.processCores() / ingest);
        Latencies latencies = latencyAt(base, token, ingest / 2, seconds);
        System.out.printf(
                "500-row request at %,.0f rows/s (half the maximum): p50 %.1f ms, p99 %.1f ms (%d requests)%n",
                ingest / 2, latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.count());
        service.close();
        System.exit(0);
    }

    private static byte[] sampleRecord(long thread, long seq) {
        return EventJson.write(new TransactionEvent("bench", "t-" + thread + "-" + seq, "c-" + (seq % 10_000),
                Instant.parse("2024-05-01T10:00:00Z"), new BigDecimal("42.50"), "USD", "p-1", "music", "purchase",
                "card", false, "web", null, Instant.now()));
    }

    private static double rawProducer(String kafka, int recordSize, int seconds) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(DatasetProducer.settings(kafka),
                new StringSerializer(),
                new ByteArraySerializer())) {
            AtomicLong acked = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long started = System.nanoTime();
            long seq = 0;
            while (System.nanoTime() < end) {
                byte[] value = sampleRecord(99, seq);
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS + ".raw-bench", "k" + (seq % 10_000), value),
                        (m, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            }
                        });
                seq++;
            }
            producer.flush();
            return acked.get() / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static double ingestThroughput(String base, String token, int seconds, int concurrency)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        AtomicLong accepted = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            loops.add(loop(http, base, token, end, accepted));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        return accepted.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static CompletableFuture<Void> loop(HttpClient http, String base, String token, long end,
            AtomicLong accepted) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(request(base, token, SEQ.getAndAdd(ROWS_PER_REQUEST)),
                HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
                    accepted.addAndGet(successfulRows(response));
                    return loop(http, base, token, end, accepted);
                });
    }

    private static Latencies latencyAt(String base, String token, double rowsPerSecond, int seconds)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        Latencies latencies = new Latencies();
        long intervalNanos = (long) (1e9 * ROWS_PER_REQUEST / rowsPerSecond);
        long requests = TimeUnit.SECONDS.toNanos(seconds) / intervalNanos;
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 100_000_000L;
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (long i = 0; i < requests; i++) {
            long due = start + i * intervalNanos;
            CompletableFuture<Void> done = new CompletableFuture<>();
            sent.add(done);
            clock.schedule(() -> http.sendAsync(request(base, token, SEQ.getAndAdd(ROWS_PER_REQUEST)),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                        latencies.add((System.nanoTime() - due) / 1000);
                        done.complete(null);
                    }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(seconds + 120L, TimeUnit.SECONDS);
        clock.shutdown();
        return latencies;
    }

    private static HttpRequest request(String base, String token, long firstSeq) {
        StringBuilder body = new StringBuilder(ROWS_PER_REQUEST * 200);
        for (long s = firstSeq; s < firstSeq + ROWS_PER_REQUEST; s++) {
            body.append("{\"transaction_id\":\"t-").append(s).append("\",\"customer_id\":\"c-").append(s % 10_000)
                    .append("\",\"transaction_date\":\"2024-05-01T10:00:00Z\",\"amount\":42.50,\"currency\":\"USD\","
                            + "\"product_id\":\"p-1\",\"product_category\":\"music\",\"payment_method\":\"card\","
                            + "\"channel\":\"web\"}\n");
        }
        return HttpRequest.newBuilder(URI.create(base + "/v0/events?name=transactions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    private static long successfulRows(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            return 0;
        }
        String body = response.body();
        int at = body.indexOf("\"successful_rows\":");
        int from = at + "\"successful_rows\":".length();
        int to = from;
        while (to < body.length() && Character.isDigit(body.charAt(to))) {
            to++;
        }
        return at < 0 ? 0 : Long.parseLong(body.substring(from, to));
    }
}
