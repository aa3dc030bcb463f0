package dev.clv.bench;

import static dev.clv.bench.ScaleBench.FREE_EVENTS_PER_HOUR;
import static dev.clv.bench.ScaleBench.QUOTA_ROWS;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.devstack.Stack;

/**
 * A free-tier tenant spending twice its hourly events quota in calls alternating between the two gateway replicas
 * (each addressed directly, not through the balancer, so that both surely serve it), until both refuse.
 */
final class QuotaBurst {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Stack stack;
    private final HttpClient http;

    QuotaBurst(Stack stack, HttpClient http) {
        this.stack = stack;
        this.http = http;
    }

    /** Runs the burst; answers what it saw and adds a finding if the quota did not hold. */
    String run(List<String> findings) throws Exception {
        TenantTokens token = new TenantTokens(stack, ScaleBench.QUOTA_TENANT, "free");
        String[] gateways = {"http://localhost:" + stack.port("gateway"), stack.url("gateway-2")};
        long accepted = 0;
        int[] served = new int[2];
        int[] refused = new int[2];
        for (int call = 0; call < 2 * FREE_EVENTS_PER_HOUR / QUOTA_ROWS
                && (refused[0] == 0 || refused[1] == 0); call++) {
            int g = call % 2;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateways[g] + SteadyWriter.WRITE_PATH))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(rows(call), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                accepted += JSON.readTree(r.body()).path("successful_rows").asLong();
                served[g]++;
            } else if (r.statusCode() == 429) {
                refused[g]++;
            } else {
                findings.add("quota burst: gateway " + (g + 1) + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        // the documented bound (README, rate limits): a call admitted while any quota remains may pass it by its own
        // size, and each replica admits on its own view for one sync interval before it learns the other's count
        long bound = FREE_EVENTS_PER_HOUR + 2L * (QUOTA_ROWS + QUOTA_ROWS);
        if (accepted > bound || accepted < FREE_EVENTS_PER_HOUR || served[0] == 0 || served[1] == 0
                || refused[0] == 0 || refused[1] == 0) {
            findings.add("quota across gateways: " + accepted + " rows accepted of a " + FREE_EVENTS_PER_HOUR
                    + "-event quota (bound " + bound + "), calls served " + served[0] + "/" + served[1] + ", refused "
                    + refused[0] + "/" + refused[1]);
        }
        return String.format("free tier (%,d events/hour), %d-row calls alternating between the gateways: %,d rows "
                + "accepted (%d + %d calls served, then 429 from both)", FREE_EVENTS_PER_HOUR, QUOTA_ROWS, accepted,
                served[0], served[1]);
    }

    private static String rows(int call) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < QUOTA_ROWS; i++) {
            body.append(String.format("{\"transaction_id\":\"q-%d-%d\",\"customer_id\":\"q-%d\","
                    + "\"transaction_date\":\"2024-06-01T10:00:00Z\",\"amount\":1}%n", call, i, i % 50));
        }
        return body.toString();
    }
}
