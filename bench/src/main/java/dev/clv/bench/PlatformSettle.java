package dev.clv.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Waits until a loaded platform is quiet: projection and consumers caught up, the tenant's snapshots refreshed. */
final class PlatformSettle {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformSettle() {
    }

    /** Waits until the group analytics-projector has consumed every record (FaultBench's lags), printing progress. */
    static void awaitProjector(String kafka, PrintStream out) throws Exception {
        long last = System.nanoTime();
        while (true) {
            long lag = FaultBench.groupLags(kafka).getOrDefault("analytics-projector", 0L);
            if (lag == 0) {
                return;
            }
            if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(30)) {
                out.printf("  projecting: %,d records to go%n", lag);
                last = System.nanoTime();
            }
            Thread.sleep(2000);
        }
    }

    /**
     * Waits up to {@code seconds} for every consumer group to reach the end of its topics (segmentation reads a
     * profile change per customer a batch touched); prints what is left either way.
     */
    static void awaitConsumers(String kafka, int seconds, PrintStream out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = System.nanoTime();
        Map<String, Long> lags = FaultBench.groupLags(kafka);
        while (lags.values().stream().anyMatch(l -> l > 0) && System.nanoTime() < deadline) {
            if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(60)) {
                out.println("  consumers still reading: " + lags);
                last = System.nanoTime();
            }
            Thread.sleep(2000);
            lags = FaultBench.groupLags(kafka);
        }
        out.println("  consumer groups' lag: " + lags);
    }

    /**
     * Asks for a refresh of the tenant's snapshots now (an administrator's {@code force_refresh}: after a bulk
     * load the background one may wait twenty times its last duration) and waits until they reflect every
     * projected row.
     */
    static void refreshSnapshots(String gateway, TenantTokens token, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        HttpResponse<String> asked = http.send(HttpRequest.newBuilder(URI.create(gateway
                + "/v1/admin/refresh-data?force_refresh=true")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token.get()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (asked.statusCode() / 100 != 2) {
            throw new IllegalStateException("refresh-data answered " + asked.statusCode() + ": " + asked.body());
        }
        JsonNode status;
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        do {
            Thread.sleep(2000);
            status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/v1/admin/refresh-data/status")).header("Authorization", "Bearer " + token.get()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            status = status.has("data") ? status.path("data") : status;
            if (status.path("state").asText().equals("failed") || System.nanoTime() > deadline) {
                throw new IllegalStateException("the snapshots were not refreshed: " + status);
            }
        } while (!status.path("state").asText().equals("idle") || !status.path("up_to_date").asBoolean());
        out.printf("  snapshots refreshed in %.1f s (the refresh itself %,d ms)%n", (System.nanoTime() - start) / 1e9,
                status.path("last_refresh").path("duration_ms").asLong());
    }
}
