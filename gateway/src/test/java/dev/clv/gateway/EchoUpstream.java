package dev.clv.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

import dev.clv.testsupport.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Upstreams for the proxy tests: ingestion and analytics point at an HTTP server that answers with what it
 * received (method, URI, headers, body) and, for a write, how many rows it received; prediction points at a
 * port nobody listens on.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {
    /** The OpenAPI document every echo upstream serves: one public route, one the route table does not expose. */
    static final String OPENAPI = """
            {"openapi":"3.1.0","paths":{
              "/v0/pipes/{name}":{"get":{"summary":"A pipe","description":"Reads a pipe."},
                "parameters":[{"name":"name","in":"path","required":true}]},
              "/internal/reindex":{"post":{"summary":"Not public"}}},
             "components":{"schemas":{"Problem":{"type":"object"}}}}""";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/q/openapi", exchange -> {
            byte[] bytes = OPENAPI.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String headers = exchange.getRequestHeaders().entrySet().stream()
                    .map(e -> quote(e.getKey().toLowerCase()) + ":" + quote(String.join(",", e.getValue())))
                    .collect(Collectors.joining(","));
            String json = "{\"method\":" + quote(exchange.getRequestMethod()) + ",\"uri\":"
                    + quote(exchange.getRequestURI().toString()) + ",\"body\":" + quote(body) + ",\"headers\":{"
                    + headers + "}}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (exchange.getRequestURI().getPath().endsWith("/events")) {
                // as ingestion does: how many rows the write received, which the gateway charges as events
                exchange.getResponseHeaders().add("Rows-Received", Long.toString(body.lines().count()));
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String echo = "http://localhost:" + server.getAddress().getPort();
        return Map.of("gateway.upstreams.ingestion", echo, "gateway.upstreams.analytics", echo,
                "gateway.upstreams.segmentation", echo,
                "gateway.upstreams.prediction", "http://localhost:" + FreePorts.next());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
