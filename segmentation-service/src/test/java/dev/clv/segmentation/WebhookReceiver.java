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
 * the script is used up) and records what arrived; a flooded path answers 200 with a body that goes on for 20 s.
 * Signatures are checked here by the test's own reading of Standard Webhooks.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String path, String id, long timestamp, String signature, String body, long arrivedMillis) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
    private final Map<String, ConcurrentLinkedQueue<Integer>> scripts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> headers = Map.of();
    private final java.util.Set<String> floods = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
            if (floods.contains(exchange.getRequestURI().getPath())) {
                flood(exchange);
                return;
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        // a thread per request: a flooding answer must not hold up the others
        server.setExecutor(threads);
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

    /** Requests for {@code path} get 200 and then 64 KiB of body every 10 ms for 20 s, until the caller hangs up. */
    WebhookReceiver flood(String path) {
        floods.add(path);
        return this;
    }

    private static void flood(com.sun.net.httpserver.HttpExchange exchange) {
        byte[] chunk = new byte[64 * 1024];
        long until = System.currentTimeMillis() + 20_000;
        try {
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            while (System.currentTimeMillis() < until) {
                out.write(chunk);
                out.flush();
                Thread.sleep(10);
            }
        } catch (IOException | InterruptedException e) {
            // the caller hung up: what the flood was for
        } finally {
            exchange.close();
        }
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
        threads.shutdownNow();
    }
}
