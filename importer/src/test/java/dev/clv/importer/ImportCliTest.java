package dev.clv.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The client's side of an import against a stand-in API that refuses the first attempt with 503 + Retry-After. */
class ImportCliTest {

    @Test
    void aRefusedBatchIsRetriedWithTheSameKeyAndTheSummaryAddsUp(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("customers.csv");
        Files.writeString(csv, "customer_id,age,is_active,country\nc1,30,true,DE\nc2,41,false,FR\nc3,,1,US\n");
        List<String> keys = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        api.createContext("/v0/events", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (calls.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 503, "{}");
                return;
            }
            bodies.add(body);
            int rows = (int) body.lines().count();
            answer(exchange, 202,
                    "{\"successful_rows\":" + (rows - 1) + ",\"quarantined_rows\":1,\"duplicate_rows\":0}");
        });
        api.start();
        try {
            ImportCli.Summary summary = ImportCli.run(Map.of("source", "customers", "file", csv.toString(), "url",
                    "http://localhost:" + api.getAddress().getPort(), "token", "t", "batch-size", "5"),
                    new PrintStream(new ByteArrayOutputStream()));
            assertEquals(3, summary.rows());
            assertEquals(2, summary.accepted());
            assertEquals(1, summary.quarantined());
            assertEquals(1, summary.batches());
            assertEquals(0, summary.failedBatches());
        } finally {
            api.stop(0);
        }
        assertEquals(2, keys.size());
        assertEquals(keys.get(0), keys.get(1), "a retry carries the same Idempotency-Key");
        // CSV text becomes the JSON types the schema asks for: numbers and booleans, empty cells left out
        assertEquals(List.of("{\"customer_id\":\"c1\",\"age\":30,\"is_active\":true,\"country\":\"DE\"}",
                "{\"customer_id\":\"c2\",\"age\":41,\"is_active\":false,\"country\":\"FR\"}",
                "{\"customer_id\":\"c3\",\"is_active\":true,\"country\":\"US\"}"), bodies.get(0).lines().toList());
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
