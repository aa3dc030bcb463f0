package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.query;
import static dev.clv.ingestion.Pseudonyms.customers;
import static dev.clv.ingestion.Pseudonyms.get;
import static dev.clv.ingestion.Pseudonyms.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without a key (PSEUDONYMISATION_KEY unset in production) the service starts, a tenant cannot turn the option on
 * (409), and a tenant that has it on gets its customer rows refused (503), never sent in clear text.
 */
@QuarkusTest
@TestProfile(PseudonymisationWithoutKeyTest.NoKey.class)
@WithPlatformInfrastructure
class PseudonymisationWithoutKeyTest {

    /** The key unset, as in production without the secret. */
    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clv.pseudonymisation.master-key", "");
        }
    }

    @Test
    void theOptionCannotBeTurnedOnAndRowsOfATenantThatHasItAreRefused() throws Exception {
        String tenant = "psk-" + UUID.randomUUID();
        get(tenant).statusCode(200).body("key_configured", equalTo(false));
        put(tenant, "{\"fields\":[\"email\"]}").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("PSEUDONYMISATION_KEY"));
        put(tenant, "{\"fields\":[]}").statusCode(200).body("fields.size()", equalTo(0));

        String on = "psk-on-" + UUID.randomUUID();
        query("INSERT INTO ingestion.pseudonymised_fields (tenant_id, fields, updated_at) "
                + "VALUES (?, ARRAY['email'], now()) RETURNING 1", on);
        customers(on, "{\"customer_id\":\"c1\",\"email\":\"clear@example.com\"}").statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "60")
                .body("detail", containsString("PSEUDONYMISATION_KEY"));
        assertEquals(0, TopicReader.read(Topics.CUSTOMERS, Topics.key(on, "c1"), 0).size());
        // other sources do not carry profile fields: taken as ever
        given().auth().oauth2(OidcResource.token(on, "events:write")).contentType("application/x-ndjson")
                .body(("{\"transaction_id\":\"t1\",\"customer_id\":\"c1\",\"transaction_date\":\"2024-01-01\","
                        + "\"amount\":1}").getBytes())
                .post("/v0/events?name=transactions").then().statusCode(202).body("successful_rows", equalTo(1));
    }
}
