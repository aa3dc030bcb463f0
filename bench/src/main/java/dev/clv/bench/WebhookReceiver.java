package dev.clv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local webhook subscriber for the benchmarks: checks each message's Standard Webhooks signature the way a
 * subscriber would (written here from the spec, not with the platform's signer, so a wrong signature is caught),
 * and notes when each customer's first message arrived.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final Set<String> repeated = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> idsByCustomer = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> repeatsByCustomer = new ConcurrentHashMap<>();
    private volatile byte[] key;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The endpoint's secret as its registration answered it ({@code whsec_} + base64). */
    void secret(String secret) {
        key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    /** When (System.nanoTime) each customer's first correctly signed message arrived. */
    Map<String, Long> arrived() {
        return arrived;
    }

    int badSignatures() {
        return badSignatures.get();
    }

    /** Messages whose webhook-id had come before (at-least-once delivery allows them), counted once per id. */
    int repeats() {
        return repeated.size();
    }

    /** The webhook-ids that came more than once. */
    Set<String> repeated() {
        return repeated;
    }

    /** The webhook-ids of each customer's correctly signed messages: one each when retries keep their id. */
    Map<String, Set<String>> idsByCustomer() {
        return idsByCustomer;
    }

    /** How many messages came again, by the customer they were about. */
    Map<String, AtomicInteger> repeatsByCustomer() {
        return repeatsByCustomer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (!signed(id, timestamp, body, signatures)) {
            badSignatures.incrementAndGet();
        } else {
            String customer = JSON.readTree(body).path("data").path("customer_id").asText();
            idsByCustomer.computeIfAbsent(customer, c -> ConcurrentHashMap.newKeySet()).add(id);
            if (!ids.add(id)) {
                repeated.add(id);
                repeatsByCustomer.computeIfAbsent(customer, c -> new AtomicInteger()).incrementAndGet();
            } else {
                arrived.putIfAbsent(customer, now);
            }
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private boolean signed(String id, String timestamp, byte[] body, String signatures) {
        if (id == null || timestamp == null || signatures == null || key == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String signature : signatures.split(" ")) {
                if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
