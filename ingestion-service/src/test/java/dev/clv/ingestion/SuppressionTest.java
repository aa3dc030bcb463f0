package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.awaitService;
import static dev.clv.ingestion.PrivacyCalls.count;
import static dev.clv.ingestion.PrivacyCalls.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Headers;
import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A suppressed customer's rows are dropped at the door of every write route, before quarantine, the dedup claim
 * and Kafka, and counted as {@code suppressed_rows}; the other customers' rows are taken as ever. Once unsuppressed,
 * the same rows are accepted as new, not as duplicates.
 */
@QuarkusTest
@WithPlatformInfrastructure
class SuppressionTest {
    @Test
    void aSuppressedCustomersRowsAreCountedAndNeitherStoredNorClaimedUntilUnsuppressed() throws Exception {
        String tenant = "suppress-" + UUID.randomUUID();
        String rows = row("t1", "cs", "2024-01-01") + row("t2", "co", "2024-01-01") + row("t3", "cs", "bad")
                + row("t4", "co", "bad");
        // a write first: the tenant suppresses no one yet, which this process then remembers for a while
        write(tenant, row("t0", "co", "2024-01-01")).body("suppressed_rows", equalTo(0));

        String suppress = request(tenant, "suppress", "cs");
        awaitService(tenant, suppress, "ingestion", "completed");
        write(tenant, rows).statusCode(202).header(Headers.ROWS_RECEIVED, "4").body("successful_rows", equalTo(1))
                .body("quarantined_rows", equalTo(1)).body("duplicate_rows", equalTo(0))
                .body("suppressed_rows", equalTo(2)).body("errors[0].row", equalTo(4));
        String events = OidcResource.token(tenant, "events:write");
        given().auth().oauth2(events).contentType("application/json")
                .body("{\"customer_id\":\"cs\",\"event_type\":\"login\",\"event_id\":\"e1\"}").post("/v1/events")
                .then().statusCode(202).body("suppressed_rows", equalTo(1)).body("successful_rows", equalTo(0));
        given().auth().oauth2(events).contentType("application/json").body("{\"customer_id\":\" cs \"}")
                .post("/v1/customers").then().statusCode(202).body("suppressed_rows", equalTo(1));
        given().auth().oauth2(events).contentType("application/merge-patch+json").body("{\"age\":\"old\"}")
                .patch("/v1/customers/cs").then().statusCode(202).body("suppressed_rows", equalTo(1))
                .body("quarantined_rows", equalTo(0));

        // nothing of cs was claimed, quarantined or published; co's rows were
        assertEquals(0, count("SELECT count(*) FROM ingestion.seen_rows WHERE tenant_id = ? AND row_id IN "
                + "('t1', 't3', 'e1')", tenant));
        assertEquals(2, count("SELECT count(*) FROM ingestion.seen_rows WHERE tenant_id = ?", tenant));
        assertEquals(0, count("SELECT count(*) FROM ingestion.quarantined_rows WHERE tenant_id = ? AND raw LIKE "
                + "'%cs%'", tenant));
        assertEquals(1, count("SELECT count(*) FROM ingestion.quarantined_rows WHERE tenant_id = ?", tenant));
        assertEquals(0, TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "cs"), 0).size());
        assertEquals(0, TopicReader.read(Topics.CUSTOMERS, Topics.key(tenant, "cs"), 0).size());

        String unsuppress = request(tenant, "unsuppress", "cs");
        awaitService(tenant, unsuppress, "ingestion", "completed");
        PrivacyCalls.get(tenant, "/" + unsuppress).body("services.ingestion.counts.unsuppressed_customers",
                equalTo(1));
        // t1 was never claimed: new now; t2 is the duplicate it always was; both bad rows are quarantined
        write(tenant, rows).statusCode(202).body("successful_rows", equalTo(1)).body("duplicate_rows", equalTo(1))
                .body("quarantined_rows", equalTo(2)).body("suppressed_rows", equalTo(0));
        assertEquals(1, TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "cs"), 1).size());
    }

    private static String row(String id, String customer, String date) {
        return "{\"transaction_id\":\"" + id + "\",\"customer_id\":\"" + customer + "\",\"transaction_date\":\""
                + date + "\",\"amount\":1}\n";
    }

    private static ValidatableResponse write(String tenant, String body) {
        return given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                .body(body.getBytes()).post("/v0/events?name=transactions").then();
    }
}
