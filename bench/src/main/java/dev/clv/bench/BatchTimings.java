package dev.clv.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The analytics projection's batch counters from its Prometheus endpoint, to say where a phase's time went. */
record BatchTimings(double batches, double records, double storeSeconds, double publishSeconds) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static BatchTimings read(String analytics) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(analytics + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("projection_batch_")) {
                String[] parts = line.split(" ");
                String name = parts[0].replaceAll("\\{.*}", "");
                values.merge(name, Double.parseDouble(parts[parts.length - 1]), Double::sum);
            }
        }
        return new BatchTimings(values.getOrDefault("projection_batch_records_count", 0.0),
                values.getOrDefault("projection_batch_records_sum", 0.0),
                values.getOrDefault("projection_batch_store_seconds_sum", 0.0),
                values.getOrDefault("projection_batch_publish_seconds_sum", 0.0));
    }

    /** What happened between {@code before} and this reading, one line. */
    String since(BatchTimings before) {
        double n = Math.max(1, batches - before.batches);
        return String.format("%,.0f batches, %,.0f records each, database %.0f ms and Kafka acks %.0f ms per batch",
                batches - before.batches, (records - before.records) / n,
                1000 * (storeSeconds - before.storeSeconds) / n, 1000 * (publishSeconds - before.publishSeconds) / n);
    }
}
