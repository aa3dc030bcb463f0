package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code POST /v1/customers} and {@code PATCH /v1/customers/{id}}: the customers source's validation and Kafka
 * path, and a patch that names exactly the fields it holds.
 */
@QuarkusTest
@WithPlatformInfrastructure
class CustomersWriteTest {
    private static final String TOKEN = OidcResource.token("cw", "events:write");

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void aPostIsAWholeProfileLikeACustomersRow() {
        String id = UUID.randomUUID().toString();
        given().auth().oauth2(TOKEN).contentType("application/json").body("""
                {"customer_id":"%s","country":"DE","is_active":1,"loyalty_tier":"silver","shoe_size":44}
                """.formatted(id)).post("/v1/customers").then().statusCode(202)
                .body("successful_rows", equalTo(1)).body("quarantined_rows", equalTo(0));
        JsonNode event = TopicReader.read(Topics.CUSTOMERS, Topics.key("cw", id), 1).get(0);
        assertEquals("DE", event.get("country").asText());
        assertEquals(true, event.get("is_active").asBoolean(false));
        assertEquals(44, event.at("/attributes/shoe_size").asInt());
        assertFalse(event.has("patched_fields"), "a POST replaces the whole profile");

        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"country\":\"DE\"}")
                .post("/v1/customers").then().statusCode(202).body("quarantined_rows", equalTo(1))
                .body("errors[0].field", equalTo("customer_id")).body("errors[0].reason", equalTo("required"));
        given().auth().oauth2(TOKEN).contentType("application/json").body("[{\"customer_id\":\"x\"}]")
                .post("/v1/customers").then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void aPatchCarriesOnlyTheFieldsItHoldsAndUnknownOnesAsAttributes() {
        String id = UUID.randomUUID().toString();
        given().auth().oauth2(TOKEN).contentType("application/merge-patch+json")
                .body("{\"loyalty_tier\":\"gold\",\"city\":null,\"favourite_colour\":\"green\"}")
                .patch("/v1/customers/" + id).then().statusCode(202).body("successful_rows", equalTo(1));
        JsonNode event = TopicReader.read(Topics.CUSTOMERS, Topics.key("cw", id), 1).get(0);
        assertEquals(id, event.get("customer_id").asText());
        assertEquals("gold", event.get("loyalty_tier").asText());
        // city is named with no value: the patch clears it; nothing else is named, so nothing else changes
        assertEquals(List.of("city", "loyalty_tier"), names(event.get("patched_fields")));
        assertFalse(event.has("city"));
        assertFalse(event.has("country"));
        assertEquals("green", event.at("/attributes/favourite_colour").asText());
    }

    @Test
    void aPatchIsValidatedLikeARowAndItsRejectionStaysAPatchInQuarantine() {
        String tenant = "cwq-" + UUID.randomUUID();
        String token = OidcResource.token(tenant, "events:write");
        String id = "c-" + UUID.randomUUID();
        given().auth().oauth2(token).contentType("application/json").body("{\"age\":200,\"segment\":\"vip\"}")
                .patch("/v1/customers/" + id).then().statusCode(202).body("quarantined_rows", equalTo(1))
                .body("errors[0].field", equalTo("age"));
        String quarantined = given().auth().oauth2(token).get("/v1/quarantine?name=customers").then()
                .statusCode(200).body("data[0].patch", equalTo(true)).extract().path("data[0].id");
        // one row by its id, as the list has it; another tenant's id is unknown there
        given().auth().oauth2(token).get("/v1/quarantine/" + quarantined).then().statusCode(200)
                .body("id", equalTo(quarantined)).body("field", equalTo("age")).body("data_source",
                        equalTo("customers"))
                .body("raw", org.hamcrest.Matchers.containsString("\"age\":200"));
        given().auth().oauth2(OidcResource.token("cwq-other", "events:write")).get("/v1/quarantine/" + quarantined)
                .then().statusCode(404).contentType("application/problem+json");
        // replayed as it was corrected, it is still a patch: a whole profile would clear every other field
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"customer_id\":\"" + id + "\",\"age\":20,\"segment\":\"vip\"}")
                .post("/v1/quarantine/" + quarantined + "/replay").then().statusCode(200)
                .body("successful_rows", equalTo(1));
        JsonNode event = TopicReader.read(Topics.CUSTOMERS, Topics.key(tenant, id), 1).get(0);
        assertEquals(List.of("age", "segment"), names(event.get("patched_fields")));
        assertEquals(20, event.get("age").asInt());

        given().auth().oauth2(token).contentType("application/json").body("{\"customer_id\":\"someone-else\"}")
                .patch("/v1/customers/" + id).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("customer_id"));
        given().auth().oauth2(token).contentType("application/json").body("not json")
                .patch("/v1/customers/" + id).then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void waitTrueAndIdempotencyKeysWorkAsOnTheWriteApi() {
        String id = UUID.randomUUID().toString();
        // no projector runs in these tests: the bounded wait runs out and says how to ask later
        String statusUrl = given().auth().oauth2(TOKEN).contentType("application/json")
                .header("Idempotency-Key", "k-" + id).body("{\"is_active\":false}")
                .patch("/v1/customers/" + id + "?wait=true").then().statusCode(202)
                .body("queryable", equalTo(false)).extract().path("status_url");
        assertTrue(statusUrl.startsWith("/v0/events/status/"), statusUrl);
        given().auth().oauth2(TOKEN).contentType("application/json").header("Idempotency-Key", "k-" + id)
                .body("{\"is_active\":false}").patch("/v1/customers/" + id + "?wait=true").then()
                .statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(1, TopicReader.read(Topics.CUSTOMERS, Topics.key("cw", id), 1).size());
    }

    @Test
    void writingCustomersNeedsTheWriteScope() {
        given().auth().oauth2(OidcResource.token("cw", "analytics:read")).contentType("application/json")
                .body("{\"loyalty_tier\":\"gold\"}").patch("/v1/customers/x").then().statusCode(403)
                .contentType("application/problem+json");
    }
}
