package dev.clv.prediction;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;

import dev.clv.contracts.features.FeatureQuery;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for the analytics service's model features (its own test and the platform test cover the real
 * one): serves the CDNOW sample to callers whose forwarded token names tenant {@code cdnow}, nothing to others.
 * Ingestion points at a port nobody listens on.
 */
public class FakeAnalytics implements QuarkusTestResourceLifecycleManager {
    static final String TENANT = "cdnow";
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
            boolean cdnow = auth != null && tenantOf(auth.substring("Bearer ".length())).equals(TENANT);
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
        server.start();
        return Map.of("quarkus.rest-client.analytics.url", "http://localhost:" + server.getAddress().getPort(),
                "quarkus.rest-client.ingestion.url", "http://localhost:1");
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
