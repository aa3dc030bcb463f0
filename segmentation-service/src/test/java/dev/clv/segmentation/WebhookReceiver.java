package dev.clv.segmentation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP endpoint for webhook tests: answers each request with the next status scripted for its path (200 once
 * the script is used up) and records what arrived. Signatures are checked here by the test's own reading of Standard Webhooks.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String path, String id, long timestamp, String signature, String body, long arrivedMillis) {
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedQueue<Integer>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> headers = Map.of();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(new Received(exchange.getRequestURI().getPath(), h.getFirst("webhook-id"),
                    Long.parseLong(h.getFirst("webhook-timestamp")), h.getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8), System.currentTimeMillis()));
            ConcurrentLinkedQueue<Integer> script = scripts.get(exchange.getRequestURI().getPath());
            Integer status = script == null ? null : script.poll();
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Scripts the next answers to requests for {@code path}. */
    WebhookReceiver answer(String path, Integer... statuses) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(statuses));
        return this;
    }

    void responseHeaders(Map<String, String> values) {
        headers = values;
    }

    List<Received> received(String path) {
        List<Received> out = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether one of the space-separated v1 signatures is HMAC-SHA256(secret, id.timestamp.body). */
    static boolean signedWith(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((r.id() + "." + r.timestamp() + "." + r
                .body()).getBytes(StandardCharsets.UTF_8)));
        for (String part : r.signature().split(" ")) {
            if (part.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
