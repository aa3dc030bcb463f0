package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One purchase, sent through the gateway under a trace of the test's own, followed by its spans (which the stack's
 * trace sink writes to logs/traces.log) from the gateway through ingestion, the analytics projection and
 * segmentation to the signed webhook that announces the customer's entry into a segment: one trace, each span the
 * child of the one before.
 */
@ExtendWith(SharedStack.class)
class TracingFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A span as the sink wrote it. */
    record Span(String service, String trace, String id, String parent, String name, String kind) {
    }

    @Test
    void aPurchaseIsOneTraceFromTheGatewayToItsWebhook() throws Exception {
        Stack stack = SharedStack.stack();
        String gateway = stack.url("gateway");
        String token = stack.token("tracing-e2e");
        String trace = hex(16);
        String root = hex(8);
        try (SignedReceiver receiver = new SignedReceiver(0)) {
            assertEquals(201, send(gateway + "/v1/webhooks", token, "application/json", null, "{\"url\":\""
                    + receiver.url() + "\",\"events\":[\"segment.customer_added\"]}").statusCode());
            int saved = send(gateway + "/v1/segments", token, "application/json", null, "{\"name\":\"big spenders\","
                    + "\"criteria\":{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":100}}").statusCode();
            assertTrue(saved == 201 || saved == 202, "segment saved: " + saved);
            HttpResponse<String> accepted = send(gateway + "/v0/events?name=transactions", token,
                    "application/x-ndjson", "00-" + trace + "-" + root + "-01", "{\"transaction_id\":\"t-1\","
                            + "\"customer_id\":\"tracy\",\"transaction_date\":\"2024-06-01T10:00:00Z\",\"amount\":150}");
            assertEquals(2, accepted.statusCode() / 100, accepted.body());
            await(() -> receiver.received().size() == 1, 60, "the segment.customer_added webhook");
        }
        // each service exports its spans in batches every few seconds: wait until the chain is whole
        Path log = stack.home().resolve("logs/traces.log");
        await(() -> chain(spans(log, trace), root) != null, 60, "every span from the webhook attempt up to ours in "
                + log);
        List<String> path = chain(spans(log, trace), root);
        // the gateway's proxy call may have a client span of its own between its server span and the service's
        List<String> hops = path.stream().filter(h -> !h.equals("gateway SPAN_KIND_CLIENT")).distinct().toList();
        assertEquals(List.of("segmentation-service SPAN_KIND_CLIENT", "segmentation-service SPAN_KIND_CONSUMER",
                "analytics-service SPAN_KIND_CONSUMER", "ingestion-service SPAN_KIND_SERVER",
                "gateway SPAN_KIND_SERVER"), hops, "the chain " + path);
        assertEquals("gateway SPAN_KIND_SERVER", path.get(path.size() - 1), "the gateway's span continues ours");
    }

    /** From the webhook attempt's span to the one whose parent is {@code root}; null while a link is missing. */
    private static List<String> chain(List<Span> spans, String root) {
        Map<String, Span> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.id(), s));
        Span at = spans.stream().filter(s -> s.name().equals("webhook POST")).findFirst().orElse(null);
        List<String> path = new ArrayList<>();
        while (at != null) {
            path.add(at.service() + " " + at.kind());
            if (at.parent().equals(root)) {
                return path;
            }
            at = byId.get(at.parent());
        }
        return null;
    }

    private static List<Span> spans(Path log, String trace) throws Exception {
        List<Span> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            if (!line.startsWith("{\"service\"")) {
                continue;
            }
            JsonNode s = JSON.readTree(line);
            if (s.path("trace").asText().equals(trace)) {
                out.add(new Span(s.path("service").asText(), trace, s.path("span").asText(), s.path("parent")
                        .asText(), s.path("name").asText(), s.path("kind").asText()));
            }
        }
        return out;
    }

    private static HttpResponse<String> send(String url, String token, String type, String traceparent, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hex(int bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            out.append(String.format("%02x", ThreadLocalRandom.current().nextInt(256)));
        }
        return out.toString();
    }
}
