package dev.clv.ingestion;

import static dev.clv.ingestion.Pseudonyms.customers;
import static dev.clv.ingestion.Pseudonyms.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A tenant's chosen customer fields reach customers.v1 as its keyed hash, computed here independently: on
 * {@code /v0/events}, {@code POST /v1/customers} and a patch; the same value gives the same pseudonym, another tenant
 * another one, a pseudonym stays as it is, and a tenant without the option is untouched.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PseudonymisationTest {

    private static JsonNode record(String tenant, String customer) {
        List<JsonNode> found = TopicReader.read(Topics.CUSTOMERS, Topics.key(tenant, customer), 1);
        assertEquals(1, found.size(), "one record of " + customer);
        return found.get(0);
    }

    @Test
    void chosenFieldsBecomeTheTenantsKeyedHashOnEveryCustomerRoute() {
        String tenant = "ps-" + UUID.randomUUID();
        String elsewhere = Pseudonyms.of("another-tenant", "whatever");
        put(tenant, "{\"fields\":[\"email\",\"name\",\"city\",\"attributes.phone\",\"email\"]}").statusCode(200)
                .body("fields", equalTo(List.of("email", "name", "city", "attributes.phone")))
                .body("key_configured", equalTo(true));
        customers(tenant,
                """
                        {"customer_id":"c1","email":" Ann@Example.COM ","name":"Ann Smith","city":"Berlin","country":"DE","phone":"+49 30 1234","shoe_size":44}
                        {"customer_id":"c2","email":"ann@example.com","attributes":{"phone":"+49 30 1234","nick":"annie"}}
                        {"customer_id":"c3","email":"%s","name":"%s"}
                        """
                        .formatted(elsewhere, elsewhere))
                .statusCode(202).body("successful_rows", equalTo(3));

        JsonNode c1 = record(tenant, "c1");
        assertEquals("c1", c1.get("customer_id").asText());
        assertEquals(Pseudonyms.of(tenant, "ann@example.com"), c1.get("email").asText());
        assertEquals(Pseudonyms.of(tenant, "Ann Smith"), c1.get("name").asText());
        assertEquals(Pseudonyms.of(tenant, "Berlin"), c1.get("city").asText());
        assertEquals(Pseudonyms.of(tenant, "+49 30 1234"), c1.at("/attributes/phone").asText());
        assertEquals("DE", c1.get("country").asText(), "not chosen: as sent");
        assertEquals(44, c1.at("/attributes/shoe_size").asInt());
        for (String clear : List.of("Ann@", "ann@", "Ann Smith", "Berlin", "+49 30 1234")) {
            assertFalse(c1.toString().contains(clear), clear + " in " + c1);
        }

        JsonNode c2 = record(tenant, "c2");
        assertEquals(c1.get("email").asText(), c2.get("email").asText(), "the same email, the same pseudonym");
        assertEquals(c1.at("/attributes/phone").asText(), c2.at("/attributes/phone").asText());
        assertEquals("annie", c2.at("/attributes/nick").asText());

        JsonNode c3 = record(tenant, "c3");
        assertEquals(elsewhere, c3.get("email").asText(), "already a pseudonym: not hashed twice");
        assertEquals(elsewhere, c3.get("name").asText());

        String writer = OidcResource.token(tenant, "events:write");
        given().auth().oauth2(writer).contentType("application/json")
                .body("{\"customer_id\":\"c4\",\"email\":\"Bob@X.org\",\"city\":\"Köln\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/v1/customers")
                .then().statusCode(202).body("successful_rows", equalTo(1));
        JsonNode c4 = record(tenant, "c4");
        assertEquals(Pseudonyms.of(tenant, "bob@x.org"), c4.get("email").asText());
        assertEquals(Pseudonyms.of(tenant, "Köln"), c4.get("city").asText());

        given().auth().oauth2(writer).contentType("application/merge-patch+json")
                .body("{\"city\":\"Hamburg\",\"loyalty_tier\":\"gold\",\"phone\":\"+49 40 1\"}")
                .patch("/v1/customers/c5").then().statusCode(202).body("successful_rows", equalTo(1));
        JsonNode patch = record(tenant, "c5");
        assertEquals(Pseudonyms.of(tenant, "Hamburg"), patch.get("city").asText());
        assertEquals(Pseudonyms.of(tenant, "+49 40 1"), patch.at("/attributes/phone").asText());
        assertEquals("gold", patch.get("loyalty_tier").asText());
        assertEquals("[\"city\",\"loyalty_tier\"]", patch.get("patched_fields").toString());
    }

    @Test
    void anotherTenantGetsOtherPseudonymsAndATenantWithoutTheOptionNone() {
        String first = "psa-" + UUID.randomUUID();
        String second = "psb-" + UUID.randomUUID();
        String plain = "psc-" + UUID.randomUUID();
        put(first, "{\"fields\":[\"email\"]}").statusCode(200);
        put(second, "{\"fields\":[\"email\"]}").statusCode(200);
        String row = "{\"customer_id\":\"c1\",\"email\":\"same@example.com\",\"name\":\"Same Person\"}";
        for (String tenant : List.of(first, second, plain)) {
            customers(tenant, row).statusCode(202).body("successful_rows", equalTo(1));
        }
        String a = record(first, "c1").get("email").asText();
        String b = record(second, "c1").get("email").asText();
        assertEquals(Pseudonyms.of(first, "same@example.com"), a);
        assertEquals(Pseudonyms.of(second, "same@example.com"), b);
        assertNotEquals(a, b, "tenants never share pseudonyms");
        assertEquals("Same Person", record(second, "c1").get("name").asText(), "not chosen");
        assertEquals("same@example.com", record(plain, "c1").get("email").asText());

        // turned off: the next row is as sent, at once on this replica
        put(first, "{\"fields\":[]}").statusCode(200).body("fields.size()", equalTo(0));
        customers(first, row.replace("c1", "c2")).statusCode(202);
        assertEquals("same@example.com", record(first, "c2").get("email").asText());
        assertTrue(a.matches("ps1_[A-Za-z0-9_-]{22}"), a);
    }
}
