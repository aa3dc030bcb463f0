package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.query;
import static dev.clv.ingestion.Pseudonyms.customers;
import static dev.clv.ingestion.Pseudonyms.get;
import static dev.clv.ingestion.Pseudonyms.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.clv.contracts.Topics;
import dev.clv.ingestion.pseudonym.PseudonymStore;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /v1/admin/pseudonymisation}: every wrong field named, the admin scope required, the choice stored in the
 * database (so a process that never saw the PUT applies it), and quarantine keeping rejected rows pseudonymised.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PseudonymisationApiTest {
    @Inject
    PseudonymStore store;

    @Test
    void wrongFieldsAreRefusedEachByItsPlaceAndNothingChanges() {
        String tenant = "psv-" + UUID.randomUUID();
        get(tenant).statusCode(200).body("fields.size()", equalTo(0)).body("updated_at", nullValue())
                .body("key_configured", equalTo(true));
        put(tenant, "{\"fields\":[\"email\",\"customer_id\",\"shoe_size\",3,\"attributes.\",\"attributes.phone\"]}")
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("fields[1]")).body("errors.size()", equalTo(4))
                .body("errors[0].field", equalTo("fields[1]"))
                .body("errors[0].reason", containsString("customer id"))
                .body("errors[1].field", equalTo("fields[2]")).body("errors[1].reason", containsString("email"))
                .body("errors[2].field", equalTo("fields[3]")).body("errors[3].field", equalTo("fields[4]"));
        put(tenant, "{\"fields\":\"email\"}").statusCode(400).body("errors[0].field", equalTo("fields"));
        put(tenant, "{\"fields\":[],\"tenant\":\"x\"}").statusCode(400).body("errors[0].field", equalTo("tenant"));
        put(tenant, "[\"email\"]").statusCode(400).body("errors[0].field", equalTo("body"));
        get(tenant).statusCode(200).body("fields.size()", equalTo(0)).body("updated_at", nullValue());

        String writer = OidcResource.token(tenant, "events:write");
        given().auth().oauth2(writer).get("/v1/admin/pseudonymisation").then().statusCode(403);
        given().auth().oauth2(writer).contentType("application/json").body("{\"fields\":[\"email\"]}")
                .put("/v1/admin/pseudonymisation").then().statusCode(403);
        get(tenant).statusCode(200).body("fields.size()", equalTo(0));
    }

    @Test
    void theChoiceIsStoredAndAppliedByAProcessThatNeverSawIt() throws Exception {
        String tenant = "psd-" + UUID.randomUUID();
        put(tenant, "{\"fields\":[\"city\",\"attributes.phone\"]}").statusCode(200)
                .body("updated_at", notNullValue());
        PseudonymStore.Stored stored = store.find(tenant).orElseThrow();
        assertEquals(List.of("city", "attributes.phone"), stored.fields());
        get(tenant).statusCode(200).body("fields", equalTo(List.of("city", "attributes.phone")))
                .body("updated_at", notNullValue());
        assertTrue(store.find("psd-never-" + UUID.randomUUID()).isEmpty());

        // as after a restart, or a PUT through another replica: only the database knows this tenant's choice
        String restarted = "psr-" + UUID.randomUUID();
        query("INSERT INTO ingestion.pseudonymised_fields (tenant_id, fields, updated_at) "
                + "VALUES (?, ARRAY['email'], now()) RETURNING 1", restarted);
        customers(restarted, "{\"customer_id\":\"c1\",\"email\":\"Eve@Example.com\"}").statusCode(202);
        assertEquals(Pseudonyms.of(restarted, "eve@example.com"), TopicReader
                .read(Topics.CUSTOMERS, Topics.key(restarted, "c1"), 1).get(0).get("email").asText());
    }

    @Test
    void aRejectedRowIsQuarantinedPseudonymisedAndItsReplayIsNotHashedTwice() throws Exception {
        String tenant = "psq-" + UUID.randomUUID();
        put(tenant, "{\"fields\":[\"email\",\"attributes.phone\"]}").statusCode(200);
        customers(tenant, """
                {"customer_id":"q1","email":"Carol@Example.com","phone":"555-0101","age":200}
                {"customer_id":"q2","email":"dave@example.com"
                """).statusCode(202).body("quarantined_rows", equalTo(2));
        String email = Pseudonyms.of(tenant, "carol@example.com");
        String phone = Pseudonyms.of(tenant, "555-0101");
        String raw = (String) query("SELECT raw FROM ingestion.quarantined_rows WHERE tenant_id = ? "
                + "AND row_number = 1", tenant);
        assertTrue(raw.contains(email) && raw.contains(phone), raw);
        assertFalse(raw.contains("Carol") || raw.contains("555-0101"), raw);
        String cut = (String) query("SELECT raw FROM ingestion.quarantined_rows WHERE tenant_id = ? "
                + "AND row_number = 2", tenant);
        assertTrue(cut.startsWith("[withheld"), cut);
        assertFalse(cut.contains("dave"), cut);

        String writer = OidcResource.token(tenant, "events:write");
        Object id = query("SELECT public_id FROM ingestion.quarantined_rows WHERE tenant_id = ? AND row_number = 1",
                tenant);
        ObjectNode corrected = (ObjectNode) new ObjectMapper().readTree(raw);
        corrected.put("age", 40);
        given().auth().oauth2(writer).contentType("application/json").body(corrected.toString())
                .post("/v1/quarantine/" + id + "/replay").then().statusCode(200).body("successful_rows", equalTo(1));
        var replayed = TopicReader.read(Topics.CUSTOMERS, Topics.key(tenant, "q1"), 1).get(0);
        assertEquals(email, replayed.get("email").asText());
        assertEquals(phone, replayed.at("/attributes/phone").asText());
    }
}
