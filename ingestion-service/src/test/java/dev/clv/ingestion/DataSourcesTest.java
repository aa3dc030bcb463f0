package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithPlatformInfrastructure
class DataSourcesTest {

    private static ValidatableResponse send(String tenant, String source, String ndjson) {
        return given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v0/events?name=" + source).then();
    }

    @Test
    void everySourceReachesItsTopicWithUnknownFieldsKeptAsAttributes() {
        String id = UUID.randomUUID().toString();
        send("ds", "customers",
                """
                        {"customer_id":"%s","registration_date":"2024-01-15","country":"DE","age":41,"is_active":true,"favourite_colour":"green"}
                        """
                        .formatted(id))
                .statusCode(202).body("successful_rows", equalTo(1));
        JsonNode customer = TopicReader.read(Topics.CUSTOMERS, Topics.key("ds", id), 1).get(0);
        assertEquals("green", customer.at("/attributes/favourite_colour").asText());
        assertEquals(41, customer.get("age").asInt());

        send("ds", "customer_interactions",
                """
                        {"interaction_id":"i-%1$s","customer_id":"%1$s","interaction_date":"2024-02-01 08:00:00","interaction_type":"support_contact","satisfaction_score":4,"duration_seconds":300}
                        """
                        .formatted(id))
                .statusCode(202).body("successful_rows", equalTo(1));
        assertEquals(4, TopicReader.read(Topics.INTERACTIONS, Topics.key("ds", id), 1).get(0)
                .get("satisfaction_score").asInt());

        send("ds", "products", """
                {"product_id":"p-%s","name":"Album","category":"music","price":"12.99","cost":7.10,"status":"active"}
                """.formatted(id)).statusCode(202).body("successful_rows", equalTo(1));
        JsonNode product = TopicReader.read(Topics.PRODUCTS, Topics.key("ds", "p-" + id), 1).get(0);
        assertEquals(new BigDecimal("7.10"), product.get("cost").decimalValue());
        assertEquals("USD", product.get("currency").asText());

        send("ds", "events", """
                {"customer_id":"%s","event_type":"page_view","timestamp":1717236000000,"properties":{"path":"/pricing"}}
                """.formatted(id)).statusCode(202).body("successful_rows", equalTo(1));
        JsonNode event = TopicReader.read(Topics.EVENTS, Topics.key("ds", id), 1).get(0);
        assertEquals("/pricing", event.at("/properties/path").asText());
        assertFalse(event.get("event_id").asText().isBlank(), "an event without id gets one");
        assertEquals(Instant.ofEpochMilli(1717236000000L).toString(), event.get("timestamp").asText());
    }

    @Test
    void localTimestampsAreReadInTheTenantsTimeZoneAndAmountsInItsCurrency() {
        String id = UUID.randomUUID().toString();
        // berlin: Europe/Berlin and EUR (see application.properties); 2024-07-01 12:00 CEST is 10:00 UTC, and
        // 12:00 in Tokyo (UTC+9) is 03:00 UTC
        send("berlin", "transactions", """
                {"transaction_id":"%1$s","customer_id":"%1$s","transaction_date":"2024-07-01 12:00:00","amount":3}
                """.formatted(id)).statusCode(202);
        JsonNode tx = TopicReader.read(Topics.TRANSACTIONS, Topics.key("berlin", id), 1).get(0);
        assertEquals("2024-07-01T10:00:00Z", tx.get("transaction_date").asText());
        assertEquals("EUR", tx.get("currency").asText());

        // tokyo is set by the current names (clv.tenants.overrides.tokyo.*), berlin by the older ingestion ones
        send("tokyo", "transactions", """
                {"transaction_id":"%1$s","customer_id":"%1$s","transaction_date":"2024-07-01 12:00:00","amount":300}
                """.formatted(id)).statusCode(202);
        JsonNode yen = TopicReader.read(Topics.TRANSACTIONS, Topics.key("tokyo", id), 1).get(0);
        assertEquals("2024-07-01T03:00:00Z", yen.get("transaction_date").asText());
        assertEquals("JPY", yen.get("currency").asText());
    }

    @Test
    void eachRuleRejectsItsRowNamingTheField() {
        String rows = """
                {"transaction_id":"a","customer_id":"c","transaction_date":"2023-02-29","amount":1}
                {"transaction_id":"b","customer_id":"c","transaction_date":"2999-01-01","amount":1}
                {"transaction_id":"c","customer_id":"c","transaction_date":1700000000,"amount":1}
                {"transaction_id":"d","customer_id":"c","transaction_date":"2024-01-01","amount":1.5e400x}
                {"transaction_id":"e","customer_id":"c","transaction_date":"2024-01-01","amount":"ten"}
                {"transaction_id":"f","customer_id":"c","transaction_date":"2024-01-01","amount":1,"currency":"XYZ"}
                {"transaction_id":"g","customer_id":"c","transaction_date":"2024-01-01","amount":-2}
                {"transaction_id":"h","customer_id":"c","transaction_date":"2024-01-01","amount":1,"is_refund":"yes"}
                {"transaction_id":{"nested":1},"customer_id":"c","transaction_date":"2024-01-01","amount":1}
                {"transaction_id":"j","customer_id":"c","transaction_date":"2024-01-01","amount":1E+30}
                {"transaction_id":"k","customer_id":"c","transaction_date":"2024-01-01","amount":-0E88888888888888888888888888888888}
                """;
        send("rules-" + UUID.randomUUID(), "transactions", rows).statusCode(202)
                .body("successful_rows", equalTo(0)).body("quarantined_rows", equalTo(11))
                .body("errors.field", equalTo(List.of("transaction_date", "transaction_date", "transaction_date", "$",
                        "amount", "currency", "amount", "is_refund", "transaction_id", "amount", "$")))
                .body("errors[1].reason", containsString("future"))
                .body("errors[2].reason", containsString("milliseconds"));
    }

    @Test
    void interactionAndEventRulesNameTheirFields() {
        send("rules", "customer_interactions",
                """
                        {"interaction_id":"x","customer_id":"c","interaction_date":"2024-01-01","interaction_type":"login","satisfaction_score":6}
                        """)
                .statusCode(202).body("errors[0].field", equalTo("satisfaction_score"));
        send("rules", "events", """
                {"customer_id":"c","event_type":"click","timestamp":"2024-01-01","colour":"red"}
                """).statusCode(202).body("errors[0].field", equalTo("colour"))
                .body("errors[0].reason", containsString("properties"));
        send("rules", "products", """
                {"product_id":"p","price":-1}
                """).statusCode(202).body("errors[0].field", equalTo("price"));
    }
}
