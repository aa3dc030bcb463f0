package dev.clv.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint on loopback that fails its first {@code failures} requests with 500, then answers 200, and
 * checks Standard Webhooks signatures by its own reading of the spec.
 */
final class SignedReceiver implements AutoCloseable {
    /** A request as it arrived. */
    record Received(String id, long timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    SignedReceiver(int failures) throws IOException {
        AtomicInteger left = new AtomicInteger(failures);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("webhook-id"), Long.parseLong(h.getFirst("webhook-timestamp")),
                    h.getFirst("webhook-signature"), new String(exchange.getRequestBody().readAllBytes(),
                            StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(left.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    static boolean signedWith(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((r.id() + "." + r.timestamp() + "."
                + r.body()).getBytes(StandardCharsets.UTF_8)));
        return List.of(r.signature().split(" ")).contains(expected);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
