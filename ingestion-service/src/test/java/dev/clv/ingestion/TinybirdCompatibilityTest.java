package dev.clv.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Seed 000's documented calls, byte for byte: {@code curl -d '{…}'} sends the pretty-printed object as
 * {@code application/x-www-form-urlencoded}, and its flags are UInt8 (1 and 0). Sent with a plain HTTP client, so
 * that nothing rewrites the body or the Content-Type on the way.
 */
@QuarkusTest
@WithPlatformInfrastructure
class TinybirdCompatibilityTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    // the seed's bodies with only the ids made unique, so that each run's rows are new
    private static final String CUSTOMER = """
            {
                   "customer_id": "%s",
                   "registration_date": "2023-01-15 10:30:00",
                   "country": "US",
                   "city": "New York",
                   "age": 35,
                   "gender": "F",
                   "acquisition_source": "organic_search",
                   "segment": "premium",
                   "is_active": 1
                 }""";
    private static final String TRANSACTION = """
            {
                   "transaction_id": "tx_%1$s",
                   "customer_id": "%1$s",
                   "transaction_date": "2023-02-20 14:25:00",
                   "amount": 89.99,
                   "product_category": "electronics",
                   "transaction_type": "purchase",
                   "payment_method": "credit_card",
                   "is_refund": 0
                 }""";
    private static final String INTERACTION = """
            {
                   "interaction_id": "int_%1$s",
                   "customer_id": "%1$s",
                   "interaction_date": "2023-03-05 09:15:00",
                   "interaction_type": "login",
                   "channel": "mobile_app",
                   "duration_seconds": 240,
                   "satisfaction_score": 5
                 }""";

    private HttpResponse<String> post(String tenant, String source, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "v0/events?name=" + source))
                .header("Authorization", "Bearer " + OidcResource.token(tenant, "events:write"))
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(1, answer.get("successful_rows").asInt(), response.body());
        assertEquals(0, answer.get("quarantined_rows").asInt(), response.body());
        return answer;
    }

    @Test
    void theSeedsThreeDocumentedWritesAreTakenAsSent() throws Exception {
        String id = "cust_" + UUID.randomUUID();
        accepted(post("tb", "customers", CUSTOMER.formatted(id).getBytes(StandardCharsets.UTF_8)));
        accepted(post("tb", "transactions", TRANSACTION.formatted(id).getBytes(StandardCharsets.UTF_8)));
        accepted(post("tb", "customer_interactions", INTERACTION.formatted(id).getBytes(StandardCharsets.UTF_8)));

        JsonNode customer = TopicReader.read(Topics.CUSTOMERS, Topics.key("tb", id), 1).get(0);
        assertEquals(true, customer.get("is_active").asBoolean(false));
        assertEquals(true, customer.get("is_active").isBoolean());
        assertEquals("2023-01-15T10:30:00Z", customer.get("registration_date").asText());
        assertEquals("organic_search", customer.get("acquisition_source").asText());
        assertEquals(35, customer.get("age").asInt());
        JsonNode tx = TopicReader.read(Topics.TRANSACTIONS, Topics.key("tb", id), 1).get(0);
        assertEquals(false, tx.get("is_refund").asBoolean(true));
        assertEquals(new BigDecimal("89.99"), tx.get("amount").decimalValue());
        assertEquals("2023-02-20T14:25:00Z", tx.get("transaction_date").asText());
        JsonNode interaction = TopicReader.read(Topics.INTERACTIONS, Topics.key("tb", id), 1).get(0);
        assertEquals(240, interaction.get("duration_seconds").asInt());
        assertEquals("2023-03-05T09:15:00Z", interaction.get("interaction_date").asText());
    }

    @Test
    void aGzipBodyStaysAnEncodingWhateverTheContentType() throws Exception {
        String id = "cust_" + UUID.randomUUID();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(CUSTOMER.formatted(id).getBytes(StandardCharsets.UTF_8));
        }
        accepted(post("tb", "customers", zipped.toByteArray(), "Content-Encoding", "gzip"));
        assertEquals("New York", TopicReader.read(Topics.CUSTOMERS, Topics.key("tb", id), 1).get(0).get("city")
                .asText());
    }

    @Test
    void flagsTakeOneAndZeroAndNothingElse() throws Exception {
        String c = UUID.randomUUID().toString();
        String rows = """
                {"transaction_id":"f1-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":-2,"is_refund":1}
                {"transaction_id":"f2-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":2,"is_refund":true}
                {"transaction_id":"f3-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":2,"is_refund":2}
                {"transaction_id":"f4-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":2,"is_refund":"1"}
                {"transaction_id":"f5-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":2,"is_refund":1.0}
                {"transaction_id":"f6-%1$s","customer_id":"%1$s","transaction_date":"2024-01-01","amount":2,"is_refund":-1}
                """
                .formatted(c);
        HttpResponse<String> response = post("flags", "transactions", rows.getBytes(StandardCharsets.UTF_8));
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(2, answer.get("successful_rows").asInt(), response.body());
        assertEquals(4, answer.get("quarantined_rows").asInt(), response.body());
        for (int i = 0; i < 4; i++) {
            assertEquals("is_refund", answer.get("errors").get(i).get("field").asText());
            assertEquals(i + 3, answer.get("errors").get(i).get("row").asInt());
            assertEquals("must be true or false (or 1 or 0)", answer.get("errors").get(i).get("reason").asText());
        }
        List<JsonNode> stored = TopicReader.read(Topics.TRANSACTIONS, Topics.key("flags", c), 2);
        // is_refund 1 makes the negative amount a refund, as true does
        assertEquals(List.of(true, true), stored.stream().map(t -> t.get("is_refund").asBoolean(false)).toList());

        String customer = "cust_" + UUID.randomUUID();
        accepted(post("flags", "customers", ("{\"customer_id\":\"" + customer + "\",\"is_active\":0}")
                .getBytes(StandardCharsets.UTF_8)));
        JsonNode profile = TopicReader.read(Topics.CUSTOMERS, Topics.key("flags", customer), 1).get(0);
        assertEquals(true, profile.get("is_active").isBoolean());
        assertEquals(false, profile.get("is_active").asBoolean(true));
    }

    @Test
    void valuesSpreadOverLinesAreRowsAndABrokenBodyIsStillReadLineByLine() throws Exception {
        String a = "cust_" + UUID.randomUUID();
        String b = "cust_" + UUID.randomUUID();
        HttpResponse<String> two = post("lines", "customers", (CUSTOMER.formatted(a) + "\n" + CUSTOMER.formatted(b))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, JSON.readTree(two.body()).get("successful_rows").asInt(), two.body());
        assertEquals("premium", TopicReader.read(Topics.CUSTOMERS, Topics.key("lines", b), 1).get(0).get("segment")
                .asText());

        // a first line that is no JSON, then an NDJSON row: the row still gets in, the line is rejected as before
        String c = "cust_" + UUID.randomUUID();
        HttpResponse<String> mixed = post("lines", "customers", ("{\"customer_id\": \n{\"customer_id\":\"" + c
                + "\"}").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = JSON.readTree(mixed.body());
        assertEquals(1, answer.get("successful_rows").asInt(), mixed.body());
        assertEquals(1, answer.get("quarantined_rows").asInt(), mixed.body());
        assertEquals(1, answer.get("errors").get(0).get("row").asInt());
        assertEquals("$", answer.get("errors").get(0).get("field").asText());
    }
}
