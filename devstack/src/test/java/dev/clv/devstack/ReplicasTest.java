package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * More than one replica of a service on the shared stack: a second gateway enforces the same quota as the first
 * (they count in PostgreSQL), and segmentation scaled from one replica to three and back shares its consumer group,
 * with every webhook of the customers who entered a segment meanwhile delivered under one id. Prints each
 * rebalance's time, from the change to a stable group of the new size.
 */
@ExtendWith(SharedStack.class)
class ReplicasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FREE_EVENTS_PER_HOUR = 10_000; // gateway.rate-limits.tiers.free.events
    private static final int ROWS = 500;

    @Test
    void twoGatewaysShareOneQuota() throws Exception {
        Stack stack = SharedStack.stack();
        String one = stack.url("gateway");
        String two = "http://localhost:" + stack.startReplica("gateway", "gateway-2", Map.of(), System.out);
        try {
            // side by side: the same burst through one gateway, then alternating between two
            long alone = burst(stack.token("replicas-quota-1", "free"), one, one);
            long shared = burst(stack.token("replicas-quota-2", "free"), one, two);
            System.out.printf("free-tier hourly quota %d rows, bursts of %d-row calls: %d accepted through one "
                    + "gateway, %d alternating between two%n", FREE_EVENTS_PER_HOUR, ROWS, alone, shared);
            // the documented bound (README, rate limits): a call admitted while any quota remains may pass it by
            // its own size, and a replica admits on its own view for one sync interval (250 ms) before it learns
            // the others' counts: here at most one call each, as each sends one about every 0.6 s
            assertTrue(alone <= FREE_EVENTS_PER_HOUR + ROWS, "one gateway: " + alone);
            assertTrue(shared <= FREE_EVENTS_PER_HOUR + 2 * (ROWS + ROWS), "two gateways: " + shared);
            assertTrue(alone >= FREE_EVENTS_PER_HOUR && shared >= FREE_EVENTS_PER_HOUR, "the quota is usable");
        } finally {
            stack.stop("gateway-2");
        }
    }

    /** Calls alternately through {@code a} and {@code b} until both refuse; answers the rows accepted. */
    private static long burst(String token, String a, String b) throws Exception {
        long accepted = 0;
        Set<Integer> servedBy = new HashSet<>();
        Set<Integer> refusedBy = new HashSet<>();
        String[] gateways = {a, b};
        for (int request = 0; request < 2 * FREE_EVENTS_PER_HOUR / ROWS && refusedBy.size() < 2; request++) {
            int g = request % 2;
            HttpResponse<String> r = post(gateways[g] + "/v0/events?name=transactions", token, rows(request));
            if (r.statusCode() / 100 == 2) {
                accepted += JSON.readTree(r.body()).path("successful_rows").asLong();
                servedBy.add(g);
            } else {
                assertEquals(429, r.statusCode(), r.body());
                refusedBy.add(g);
            }
        }
        assertEquals(Set.of(0, 1), servedBy, "served on both sides");
        assertEquals(Set.of(0, 1), refusedBy, "and refused on both once the quota was spent");
        return accepted;
    }

    @Test
    void segmentationScalesFromOneToThreeAndBackAndEveryWebhookArrivesOnce() throws Exception {
        Stack stack = SharedStack.stack();
        String bootstrap = stack.environment("segmentation-service").get("KAFKA_BOOTSTRAP_SERVERS");
        String token = stack.token("replicas-webhooks");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                SignedReceiver receiver = new SignedReceiver(0)) {
            ConsumerGroups.awaitStable(admin, "segmentation-profiles", -1, 60);
            int perReplica = ConsumerGroups.describe(admin, "segmentation-profiles").members().size();
            assertEquals(201, call(stack.url("gateway") + "/v1/webhooks", token, "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"segment.customer_added\"]}").statusCode());
            int saved = call(stack.url("gateway") + "/v1/segments", token, "{\"name\":\"any purchase\","
                    + "\"criteria\":{\"field\":\"total_spent\",\"op\":\"gt\",\"value\":0}}").statusCode();
            assertTrue(saved == 201 || saved == 202, "segment saved: " + saved);
            long began = System.nanoTime();
            stack.startReplica("segmentation-service", "segmentation-service-2", Map.of(), System.out);
            stack.startReplica("segmentation-service", "segmentation-service-3", Map.of(), System.out);
            double up = seconds(began, stable(admin, 3 * perReplica, 120));
            send(stack, token, "up", 20);
            began = System.nanoTime();
            stack.stop("segmentation-service-2");
            stack.stop("segmentation-service-3");
            double down = seconds(began, stable(admin, perReplica, 120));
            send(stack, token, "down", 20);
            // a crashed replica: its partitions wait for the group's session timeout before they move
            stack.startReplica("segmentation-service", "segmentation-service-2", Map.of(), System.out);
            stable(admin, 2 * perReplica, 120);
            began = System.nanoTime();
            stack.kill("segmentation-service-2");
            double crash = seconds(began, stable(admin, perReplica, 120));
            send(stack, token, "crash", 20);
            System.out.printf("segmentation-profiles rebalances: 1 -> 3 replicas %.1f s, 3 -> 1 (SIGTERM) %.1f s, "
                    + "2 -> 1 (SIGKILL) %.1f s%n", up, down, crash);
            // every customer entered once: one message each, under one webhook-id whatever the retries
            await(() -> customers(receiver).size() == 60, 120, "60 webhooks");
            Map<String, Set<String>> ids = new HashMap<>();
            for (SignedReceiver.Received r : receiver.received()) {
                ids.computeIfAbsent(JSON.readTree(r.body()).at("/data/customer_id").asText(), c -> new HashSet<>())
                        .add(r.id());
            }
            assertEquals(60, ids.size());
            ids.forEach((customer, messages) -> assertEquals(1, messages.size(), customer + ": " + messages));
        } finally {
            for (String replica : List.of("segmentation-service-2", "segmentation-service-3")) {
                try {
                    stack.stop(replica);
                } catch (Stack.StackException alreadyGone) {
                    // stopped or killed above
                }
            }
        }
    }

    /** Waits until segmentation-profiles is stable with {@code members} members (any number when negative). */
    private static long stable(Admin admin, int members, int seconds) throws Exception {
        return ConsumerGroups.awaitStable(admin, "segmentation-profiles", members, seconds);
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static Set<String> customers(SignedReceiver receiver) throws Exception {
        Set<String> out = new HashSet<>();
        for (SignedReceiver.Received r : receiver.received()) {
            JsonNode body = JSON.readTree(r.body());
            out.add(body.at("/data/customer_id").asText());
        }
        return out;
    }

    private static void send(Stack stack, String token, String phase, int customers) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < customers; i++) {
            body.append(String.format("{\"transaction_id\":\"%s-%d\",\"customer_id\":\"%s-%02d\","
                    + "\"transaction_date\":\"2024-06-01T10:00:00Z\",\"amount\":10}%n", phase, i, phase, i));
        }
        assertEquals(2, post(stack.url("gateway") + "/v0/events?name=transactions", token, body.toString())
                .statusCode() / 100);
    }

    private static String rows(int request) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            body.append(String.format("{\"transaction_id\":\"q-%d-%d\",\"customer_id\":\"q-%d\","
                    + "\"transaction_date\":\"2024-06-01T10:00:00Z\",\"amount\":1}%n", request, i, i % 50));
        }
        return body.toString();
    }

    private static HttpResponse<String> post(String url, String token, String ndjson) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
