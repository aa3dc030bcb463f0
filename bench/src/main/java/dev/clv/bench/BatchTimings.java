package dev.clv.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** The analytics projection's batch counters from its Prometheus endpoint, to say where a phase's time went. */
record BatchTimings(double batches, double records, double storeSeconds, double publishSeconds,
        Map<String, Double> statementSeconds) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.util.regex.Pattern STATEMENT = java.util.regex.Pattern.compile(
            "projection_statement_seconds_sum\\{.*statement=\"([a-z_]+)\".*} (\\S+)");

    static BatchTimings read(String analytics) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(analytics + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> statements = new java.util.TreeMap<>();
        for (String line : text.split("\n")) {
            java.util.regex.Matcher statement = STATEMENT.matcher(line);
            if (statement.matches()) {
                statements.merge(statement.group(1), Double.parseDouble(statement.group(2)), Double::sum);
            }
            if (line.startsWith("projection_batch_")) {
                String[] parts = line.split(" ");
                String name = parts[0].replaceAll("\\{.*}", "");
                values.merge(name, Double.parseDouble(parts[parts.length - 1]), Double::sum);
            }
        }
        statements.put("guard", values.getOrDefault("projection_batch_guard_seconds_sum", 0.0));
        return new BatchTimings(values.getOrDefault("projection_batch_records_count", 0.0),
                values.getOrDefault("projection_batch_records_sum", 0.0),
                values.getOrDefault("projection_batch_store_seconds_sum", 0.0),
                values.getOrDefault("projection_batch_publish_seconds_sum", 0.0), statements);
    }

    /** What happened between {@code before} and this reading, one line. */
    String since(BatchTimings before) {
        double n = Math.max(1, batches - before.batches);
        StringBuilder perStatement = new StringBuilder();
        statementSeconds.forEach((name, seconds) -> {
            double ms = 1000 * (seconds - before.statementSeconds.getOrDefault(name, 0.0)) / n;
            if (ms >= 0.5) {
                perStatement.append(perStatement.isEmpty() ? "; of which " : ", ").append(String.format("%s %.0f",
                        name, ms));
            }
        });
        return String.format("%,.0f batches, %,.0f records each, database %.0f ms and Kafka acks %.0f ms per batch%s",
                batches - before.batches, (records - before.records) / n,
                1000 * (storeSeconds - before.storeSeconds) / n, 1000 * (publishSeconds - before.publishSeconds) / n,
                perStatement);
    }
}
