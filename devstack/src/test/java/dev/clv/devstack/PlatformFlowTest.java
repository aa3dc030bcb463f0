package dev.clv.devstack;

import static dev.clv.devstack.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.importer.ImportCli;

/**
 * The whole platform as ./stack starts it (real PostgreSQL, Kafka, Keycloak and all five services as their own
 * JVMs) driven over HTTP through the gateway, the way a client uses it.
 */
@ExtendWith(SharedStack.class)
class PlatformFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // no call of ours takes this long: a hung exchange fails its test instead of the whole build waiting on it
    private static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(90);
    private static Stack stack;
    private static String gateway;

    @BeforeAll
    static void up() {
        stack = SharedStack.stack();
        gateway = stack.url("gateway");
    }

    @Test
    void twoTransactionsThroughTheGatewayShowTheirExactSumInCustomerLtv() throws Exception {
        String token = stack.token("demo");
        String rows = """
                {"transaction_id":"e2e-1","customer_id":"e2e-customer","transaction_date":"2024-06-01 10:00:00","amount":19.99}
                {"transaction_id":"e2e-2","customer_id":"e2e-customer","transaction_date":"2024-06-02T09:30:00Z","amount":"5.01"}
                """;
        HttpResponse<String> accepted = post("/v0/events?name=transactions&wait=true", token, rows);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals(2, JSON.readTree(accepted.body()).get("successful_rows").asInt());

        // resending the same rows (a client retry) must not count them twice
        assertEquals(200, post("/v0/events?name=transactions&wait=true", token, rows).statusCode());

        JsonNode customer = customerLtv(token, "e2e-customer");
        assertEquals(0, new BigDecimal("25.00").compareTo(customer.get("ltv").decimalValue()), customer.toString());
        assertEquals(2, customer.get("transaction_count").asInt());
    }

    @Test
    void anotherTenantSeesNoneOfTheDemoTenantsRows() throws Exception {
        assertEquals(200, post("/v0/events?name=transactions&wait=true", stack.token("demo"),
                "{\"transaction_id\":\"e2e-t\",\"customer_id\":\"private\",\"transaction_date\":1717236000000,"
                        + "\"amount\":1}")
                .statusCode());
        HttpResponse<String> other = get("/v0/pipes/customer_ltv.json", stack.token("e2e-other"));
        assertEquals(200, other.statusCode());
        assertEquals(0, JSON.readTree(other.body()).get("rows").asInt());
    }

    @Test
    void noTokenIs401AndAReadOnlyUserIs403BothAsProblems() throws Exception {
        HttpResponse<String> anonymous = get("/v0/pipes/customer_ltv.json", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("application/problem+json", anonymous.headers().firstValue("Content-Type").orElse(""));

        // the viewer holds the read scopes only
        HttpResponse<String> viewer = post("/v0/events?name=transactions", viewerToken(), "{}");
        assertEquals(403, viewer.statusCode());
        assertEquals("application/problem+json", viewer.headers().firstValue("Content-Type").orElse(""));
        assertTrue(viewer.body().contains("events:write"), viewer.body());
    }

    @Test
    void theCdnowSampleImportedThroughTheGatewayAddsUpInCustomerLtvAndTrainsToThePublishedParameters()
            throws Exception {
        Path sample = Path.of(PlatformFlowTest.class.getResource("/cdnow/CDNOW_sample.txt").toURI());
        // the expected figures straight from the file: customers, purchases and dollars
        Set<String> customers = new HashSet<>();
        BigDecimal dollars = BigDecimal.ZERO;
        long purchases = 0;
        for (String line : Files.readAllLines(sample)) {
            String[] f = line.strip().split("\\s+");
            customers.add(f[0]);
            dollars = dollars.add(new BigDecimal(f[4]));
            purchases++;
        }
        String token = stack.token("cdnow-e2e");
        ImportCli.Summary summary = ImportCli.run(Map.of("source", "transactions", "file", sample.toString(),
                "preset", "cdnow", "url", gateway, "token", token, "batch-size", "1000"), System.err);
        assertEquals(purchases, summary.accepted(), summary.describe());
        assertEquals(0, summary.failedBatches(), summary.describe());

        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode data = null;
        BigDecimal ltv = null;
        long counted = 0;
        while (System.currentTimeMillis() < deadline) {
            data = JSON.readTree(get("/v0/pipes/customer_ltv.json?limit=10000", token).body()).get("data");
            ltv = BigDecimal.ZERO;
            counted = 0;
            for (JsonNode row : data) {
                ltv = ltv.add(row.get("ltv").decimalValue());
                counted += row.get("transaction_count").asLong();
            }
            if (counted == purchases) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(customers.size(), data.size());
        assertEquals(purchases, counted);
        assertEquals(0, dollars.compareTo(ltv), "sum of ltv " + ltv + " against the file's " + dollars);

        // BG/NBD + Gamma-Gamma trained through the API on the imported rows: the published CDNOW estimates; a
        // subscriber to model.trained hears of the model
        SignedReceiver subscriber = new SignedReceiver(0);
        HttpResponse<String> hook = call("POST", "/v1/webhooks", token, null, "{\"url\":\"" + subscriber.url()
                + "\",\"events\":[\"model.trained\"]}");
        assertEquals(201, hook.statusCode(), hook.body());
        HttpResponse<String> accepted = call("POST", "/v1/models/bg_nbd/train", token, null, """
                {"calibration_end":"1997-09-30","holdout_end":"1998-06-30","time_unit":"weeks",
                 "hyperparameters":{"bootstrap_samples":0}}""");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String jobUrl = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode job = JSON.readTree(get(jobUrl, token).body());
        for (long until = System.currentTimeMillis() + 120_000; System.currentTimeMillis() < until
                && List.of("queued", "running").contains(job.get("status").asText()); Thread.sleep(250)) {
            job = JSON.readTree(get(jobUrl, token).body());
        }
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        String modelUrl = "/v1/models/" + job.get("model_id").asText();
        JsonNode parameters = JSON.readTree(get(modelUrl, token).body()).get("parameters");
        Map<String, String> published = Map.of("r", "0.243", "alpha", "4.414", "a", "0.793", "b", "2.426", "p",
                "6.25", "q", "3.74", "v", "15.44");
        published.forEach((name, value) -> assertEquals(value, parameters.get(name).decimalValue()
                .setScale(value.length() - value.indexOf('.') - 1, java.math.RoundingMode.HALF_UP).toPlainString(),
                name));
        try (subscriber) {
            await(() -> subscriber.received().size() == 1, 30, "the model.trained webhook");
            SignedReceiver.Received announced = subscriber.received().get(0);
            assertTrue(SignedReceiver.signedWith(JSON.readTree(hook.body()).get("secret").asText(), announced));
            assertEquals(job.get("model_id").asText(), JSON.readTree(announced.body()).at("/data/model_id").asText());
        }
        // another tenant finds neither the job nor the model
        String other = stack.token("bola-b");
        assertEquals(404, get(jobUrl, other).statusCode());
        assertEquals(404, get(modelUrl, other).statusCode());
        assertEquals(404, get(modelUrl + "/performance", other).statusCode());
        assertEquals(404, call("POST", modelUrl + "/activate", other, null, null).statusCode());
    }

    @Test
    void rowsSentAcrossAnIngestionCrashEndUpExactlyOnce() throws Exception {
        String token = stack.token("crash-e2e");
        int rowsPerRequest = 100;
        Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> {
            while (!stop.get()) {
                int n = next.getAndIncrement();
                acknowledged.put(n, sendCrashBatch(token, n, rowsPerRequest));
            }
        });
        client.start();
        Thread.sleep(1500);
        stack.kill("ingestion-service");
        Thread.sleep(1000);
        stack.restart("ingestion-service", System.out);
        Thread.sleep(1500);
        stop.set(true);
        client.join();
        long refused = acknowledged.values().stream().filter(ok -> !ok).count();
        assertTrue(refused > 0, "the crash must have refused some requests while the client was sending");
        System.out.printf("crash test: %d requests of %d rows, %d refused around the crash and sent again%n",
                acknowledged.size(), rowsPerRequest, refused);

        // a client's duty after a failure: send the same rows again until they are acknowledged
        for (Map.Entry<Integer, Boolean> request : acknowledged.entrySet()) {
            for (int attempt = 0; !request.getValue() && attempt < 20; attempt++) {
                request.setValue(sendCrashBatch(token, request.getKey(), rowsPerRequest));
                if (!request.getValue()) {
                    Thread.sleep(500);
                }
            }
            assertTrue(request.getValue(), "request " + request.getKey() + " was never acknowledged");
        }

        int requests = acknowledged.size();
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode data = null;
        long counted = 0;
        while (System.currentTimeMillis() < deadline && counted < (long) requests * rowsPerRequest) {
            Thread.sleep(250);
            data = JSON.readTree(get("/v0/pipes/customer_ltv.json?limit=10000", token).body()).get("data");
            counted = 0;
            for (JsonNode row : data) {
                counted += row.get("transaction_count").asLong();
            }
        }
        assertEquals(requests, data.size(), "one customer per request");
        for (JsonNode row : data) {
            assertEquals(rowsPerRequest, row.get("transaction_count").asInt(), row.toString());
            assertEquals(0, BigDecimal.valueOf(rowsPerRequest).compareTo(row.get("ltv").decimalValue()),
                    row.toString());
        }
    }

    // a purchase through the gateway moves the customer into a segment (analytics, profile change, segmentation),
    // and the webhook survives a kill -9 of the segmentation service between its failed first attempt and the retry
    @Test
    void aPurchaseEntersASegmentAndItsWebhookSurvivesACrashOfTheSegmentationService() throws Exception {
        String token = stack.token("segments-e2e");
        try (SignedReceiver receiver = new SignedReceiver(1)) {
            HttpResponse<String> hook = call("POST", "/v1/webhooks", token, null, "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"segment.customer_added\",\"segment.customer_removed\"]}");
            assertEquals(201, hook.statusCode(), hook.body());
            String webhook = JSON.readTree(hook.body()).get("id").asText();
            String secret = JSON.readTree(hook.body()).get("secret").asText();
            HttpResponse<String> created = call("POST", "/v1/segments", token, null, "{\"name\":\"spent 100\","
                    + "\"criteria\":{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":100}}");
            // 201 when evaluated within half a second, else 202 while it goes on in the background
            assertTrue(created.statusCode() == 201 || created.statusCode() == 202, created.body());
            String segment = JSON.readTree(created.body()).get("id").asText();
            String purchase = "{\"transaction_id\":\"%s\",\"customer_id\":\"sara\",\"transaction_date\":"
                    + "\"2024-06-01T10:00:00Z\",\"amount\":%s}";
            assertEquals(200, post("/v0/events?name=transactions&wait=true", token, purchase.formatted("s1", "60"))
                    .statusCode());
            assertEquals(200, post("/v0/events?name=transactions&wait=true", token, purchase.formatted("s2", "50"))
                    .statusCode());
            await(() -> receiver.received().size() == 1, 60, "the first attempt");
            stack.kill("segmentation-service"); // its retry is due about 5 s after the failed attempt
            stack.restart("segmentation-service", System.out);
            await(() -> receiver.received().size() == 2, 90, "the retry after the restart");
            Thread.sleep(2000);
            List<SignedReceiver.Received> got = receiver.received();
            assertEquals(2, got.size(), "one message, tried twice, nothing invented");
            assertEquals(got.get(0).id(), got.get(1).id(), "the same webhook-id after the crash");
            for (SignedReceiver.Received r : got) {
                assertTrue(SignedReceiver.signedWith(secret, r), r.toString());
                JsonNode payload = JSON.readTree(r.body());
                assertEquals("segment.customer_added", payload.get("type").asText());
                assertEquals("sara", payload.at("/data/customer_id").asText());
                assertEquals(segment, payload.at("/data/segment_id").asText());
            }
            JsonNode members = JSON.readTree(get("/v1/segments/" + segment + "/customers", token).body());
            assertEquals("sara", members.at("/data/0/customer_id").asText(), members.toString());
            JsonNode mine = JSON.readTree(get("/v1/customers/sara/segments", token).body());
            assertEquals(segment, mine.at("/current/0/segment_id").asText(), mine.toString());
            JsonNode deliveries = JSON.readTree(get("/v1/webhooks/" + webhook + "/deliveries", token).body());
            assertEquals("succeeded", deliveries.at("/0/status").asText(), deliveries.toString());

            // another tenant reaches none of it, on any {id} route
            String other = stack.token("segments-e2e-other");
            for (String[] route : new String[][]{{"GET", "/v1/segments/" + segment}, {"PUT", "/v1/segments/"
                    + segment}, {"DELETE", "/v1/segments/" + segment}, {"GET",
                            "/v1/segments/" + segment
                                    + "/customers"},
                    {"GET", "/v1/webhooks/" + webhook}, {"DELETE", "/v1/webhooks/"
                            + webhook},
                    {"GET", "/v1/webhooks/" + webhook + "/deliveries"}, {"POST",
                            "/v1/webhooks/" + webhook + "/rotate-secret"},
                    {"POST", "/v1/webhooks/"
                            + webhook + "/enable"},
                    {"POST", "/v1/webhooks/" + webhook
                            + "/deliveries/" + got.get(0).id() + "/redeliver"}}) {
                String body = route[0].equals("PUT")
                        ? "{\"name\":\"x\",\"criteria\":{\"field\":\"age\","
                                + "\"op\":\"gt\",\"value\":1}}"
                        : route[0].equals("POST") ? "{}" : null;
                assertEquals(404, call(route[0], route[1], other, null, body).statusCode(), String.join(" ", route));
            }
            assertFalse(get("/v1/webhooks", other).body().contains(webhook));
            assertFalse(get("/v1/segments", other).body().contains(segment));
            assertEquals("[]", JSON.readTree(get("/v1/customers/sara/segments", other).body()).get("current")
                    .toString());
        }
    }

    private static boolean sendCrashBatch(String token, int request, int rows) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            body.append(String.format("{\"transaction_id\":\"crash-%d-%d\",\"customer_id\":\"crash-%05d\","
                    + "\"transaction_date\":\"2024-06-01 10:00:00\",\"amount\":1}%n", request, i, request));
        }
        try {
            return post("/v0/events?name=transactions", token, body.toString()).statusCode() / 100 == 2;
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode customerLtv(String token, String customerId) throws Exception {
        HttpResponse<String> answer = get("/v0/pipes/customer_ltv.json?limit=10000", token);
        assertEquals(200, answer.statusCode(), answer.body());
        for (JsonNode row : JSON.readTree(answer.body()).get("data")) {
            if (customerId.equals(row.get("customer_id").asText())) {
                return row;
            }
        }
        throw new AssertionError(customerId + " missing from " + answer.body());
    }

    // tenant isolation on the customer, API key and quarantine {id} routes (models, segments and webhooks have
    // their own tests above), and API keys end to end: the services verify the token the gateway signs for a key
    @Test
    void anApiKeyWritesAndReadsItsOwnTenantThroughEveryServiceAndAnotherTenantCannotTouchIt() throws Exception {
        String a = stack.token("bola-a");
        String b = stack.token("bola-b");
        HttpResponse<String> created = call("POST", "/v1/api-keys", a, null,
                "{\"name\":\"etl\",\"scopes\":[\"events:write\",\"analytics:read\"],\"tenant\":\"bola-b\"}");
        assertEquals(201, created.statusCode(), created.body());
        String key = JSON.readTree(created.body()).get("key").asText();
        String id = JSON.readTree(created.body()).get("id").asText();

        // the services verify the gateway-signed token: a write and a read in tenant A, whatever the body says
        HttpResponse<String> written = call("POST", "/v0/events?name=transactions&wait=true&tenant_id=bola-b", null,
                key, "{\"transaction_id\":\"k1\",\"customer_id\":\"owned-by-a\",\"tenant_id\":\"bola-b\","
                        + "\"transaction_date\":\"2024-06-01T10:00:00Z\",\"amount\":42}");
        assertEquals(200, written.statusCode(), written.body());
        assertTrue(written.headers().firstValue("RateLimit").isPresent(), "every answer carries its quota");
        HttpResponse<String> mine = call("GET", "/v1/customers/owned-by-a", null, key, null);
        assertEquals(200, mine.statusCode(), mine.body());
        assertEquals(404, call("GET", "/v1/customers/owned-by-a?tenant_id=bola-a", b, null, null).statusCode());
        assertEquals(404, call("GET", "/v1/customers/owned-by-a/timeline", b, null, null).statusCode());

        // B cannot see or revoke A's key; A's key keeps working
        assertEquals(404, call("GET", "/v1/api-keys/" + id, b, null, null).statusCode());
        assertEquals(404, call("DELETE", "/v1/api-keys/" + id, b, null, null).statusCode());
        assertFalse(call("GET", "/v1/api-keys", b, null, null).body().contains(id));
        assertEquals(200, call("GET", "/v1/customers/owned-by-a", null, key, null).statusCode());
    }

    @Test
    void aQuarantinedRowOfOneTenantCannotBeListedReplayedOrDiscardedByAnother() throws Exception {
        String a = stack.token("bola-a");
        String b = stack.token("bola-b");
        HttpResponse<String> bad = call("POST", "/v0/events?name=transactions", a, null,
                "{\"transaction_id\":\"q1\",\"customer_id\":\"c\",\"transaction_date\":\"not a date\",\"amount\":1}");
        assertEquals(1, JSON.readTree(bad.body()).get("quarantined_rows").asInt(), bad.body());
        JsonNode rows = JSON.readTree(call("GET", "/v1/quarantine", a, null, null).body()).get("data");
        String id = rows.get(0).get("id").asText();

        assertFalse(call("GET", "/v1/quarantine", b, null, null).body().contains(id));
        assertEquals(404, call("POST", "/v1/quarantine/" + id + "/replay", b, null, "").statusCode());
        assertEquals(404, call("DELETE", "/v1/quarantine/" + id, b, null, null).statusCode());
        assertTrue(call("GET", "/v1/quarantine", a, null, null).body().contains("\"id\":\"" + id + "\""),
                "A's row is still there");
    }

    private static String viewerToken() throws Exception {
        String form = "grant_type=password&client_id=clv-dashboard&username=viewer&password="
                + URLEncoder.encode("viewer", StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("keycloak")
                + "/realms/clv/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(CALL_TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String token, String apiKey, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(CALL_TIMEOUT).method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
