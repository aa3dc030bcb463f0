package dev.clv.importer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts NDJSON batches, a few at a time. Each batch carries its own Idempotency-Key, so a retry after a timeout
 * or a 503/429 (waiting as Retry-After says) can never count a row twice.
 */
final class BatchSender {
    private static final int MAX_ATTEMPTS = 8;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI endpoint;
    private final String token;
    private final Semaphore inFlight;

    BatchSender(URI endpoint, String token, int concurrency) {
        this.endpoint = endpoint;
        this.token = token;
        this.inFlight = new Semaphore(concurrency);
    }

    /** Blocks while {@code concurrency} batches are in flight, then sends this one in the background. */
    CompletableFuture<BatchResult> send(byte[] ndjson, int rows, String idempotencyKey) {
        inFlight.acquireUninterruptibly();
        return CompletableFuture.supplyAsync(() -> attempt(ndjson, rows, idempotencyKey))
                .whenComplete((result, error) -> inFlight.release());
    }

    private BatchResult attempt(byte[] ndjson, int rows, String key) {
        String last = "not sent";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            long waitMs = Math.min(10_000, 250L << attempt);
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint)
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                        .header("Idempotency-Key", key).timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    JsonNode body = json.readTree(response.body());
                    return new BatchResult(rows, body.path("successful_rows").asInt(),
                            body.path("quarantined_rows").asInt(), body.path("duplicate_rows").asInt(), null);
                }
                last = status + " " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
                if (status != 429 && status != 502 && status != 503 && status != 504 && status != 409) {
                    return new BatchResult(rows, 0, 0, 0, last);
                }
                waitMs = response.headers().firstValue("Retry-After").map(s -> Long.parseLong(s.strip()) * 1000)
                        .orElse(waitMs);
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new BatchResult(rows, 0, 0, 0, "interrupted");
            }
            sleep(waitMs);
        }
        return new BatchResult(rows, 0, 0, 0, "gave up after " + MAX_ATTEMPTS + " attempts: " + last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
