package dev.clv.prediction;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;

import dev.clv.contracts.features.FeatureQuery;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for the analytics service's model features (its own test and the platform test cover the real
 * one): serves the CDNOW sample to callers whose forwarded token names a tenant starting with {@code cdnow},
 * nothing to others, and keeps every query it was asked. Also stands in for ingestion's {@code /v0/events}: counts
 * the rows each tenant sends per event name.
 */
public class FakeAnalytics implements QuarkusTestResourceLifecycleManager {
    static final String TENANT = "cdnow";
    /** Every feature query received, with the tenant that asked. */
    static final List<Map.Entry<String, FeatureQuery>> QUERIES = new CopyOnWriteArrayList<>();
    /** Rows received by the stand-in ingestion, by "tenant/name". */
    static final Map<String, Integer> INGESTED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/model-features", exchange -> {
            FeatureQuery q = JSON.readValue(exchange.getRequestBody(), FeatureQuery.class);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String tenant = auth == null ? "" : tenantOf(auth.substring("Bearer ".length()));
            QUERIES.add(Map.entry(tenant, q));
            boolean cdnow = tenant.startsWith(TENANT);
            byte[] body = JSON.writeValueAsBytes(cdnow
                    ? CdnowFeatures.asOf(q.calibrationEnd(), q.holdoutEnd(),
                            q.customerIds() == null ? List.of() : q.customerIds())
                    : List.of());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/v0/events", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String name = exchange.getRequestURI().getQuery().replaceAll(".*name=([a-z_]+).*", "$1");
            long rows = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).count();
            INGESTED.merge(tenantOf(auth.substring("Bearer ".length())) + "/" + name, (int) rows, Integer::sum);
            byte[] body = ("{\"successful_rows\":" + rows + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://localhost:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.analytics.url", url, "quarkus.rest-client.ingestion.url", url);
    }

    private static String tenantOf(String jwt) throws IOException {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        Object tenant = JSON.readValue(new String(payload, StandardCharsets.UTF_8), Map.class).get("tenant");
        return tenant == null ? "" : tenant.toString();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
