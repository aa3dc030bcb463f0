package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class QuarantineApiTest {

    private static String token(String tenant) {
        return OidcResource.token(tenant, "events:write");
    }

    private static List<String> quarantine(String tenant, String rows) {
        given().auth().oauth2(token(tenant)).contentType("application/x-ndjson").body(rows.getBytes())
                .post("/v0/events?name=transactions").then().statusCode(202);
        return given().auth().oauth2(token(tenant)).get("/v1/quarantine?name=transactions").then().statusCode(200)
                .extract().path("data.id");
    }

    @Test
    void aCorrectedRowReplaysIntoThePipelineAndLeavesQuarantine() {
        String tenant = "q-" + UUID.randomUUID();
        List<String> ids = quarantine(tenant, """
                {"transaction_id":"t1","customer_id":"c1","transaction_date":"2024-02-30","amount":5}
                """);
        assertEquals(1, ids.size());
        String id = ids.get(0);
        given().auth().oauth2(token(tenant)).get("/v1/quarantine").then()
                .body("data[0].field", equalTo("transaction_date")).body("data[0].data_source", equalTo("transactions"))
                .body("data[0].raw", equalTo(
                        "{\"transaction_id\":\"t1\",\"customer_id\":\"c1\",\"transaction_date\":\"2024-02-30\",\"amount\":5}"));

        // still wrong: 422, and the row stays
        given().auth().oauth2(token(tenant)).contentType("application/json")
                .body("{\"transaction_id\":\"t1\",\"customer_id\":\"c1\",\"transaction_date\":\"2024-02-31\",\"amount\":5}")
                .post("/v1/quarantine/" + id + "/replay").then().statusCode(422)
                .body("errors[0].field", equalTo("transaction_date"));
        given().auth().oauth2(token(tenant)).get("/v1/quarantine").then().body("data", hasSize(1));

        given().auth().oauth2(token(tenant)).contentType("application/json")
                .body("{\"transaction_id\":\"t1\",\"customer_id\":\"c1\",\"transaction_date\":\"2024-02-29\",\"amount\":5}")
                .post("/v1/quarantine/" + id + "/replay").then().statusCode(200).body("successful_rows", equalTo(1));
        given().auth().oauth2(token(tenant)).get("/v1/quarantine").then().body("data", hasSize(0));
        assertEquals("2024-02-29T00:00:00Z", TopicReader.read(Topics.TRANSACTIONS, Topics.key(tenant, "c1"), 1)
                .get(0).get("transaction_date").asText());
    }

    @Test
    void rowsAreListedInPagesAndCanBeDiscarded() {
        String tenant = "q-" + UUID.randomUUID();
        List<String> ids = quarantine(tenant, """
                {"customer_id":"c"}
                {"customer_id":"c"}
                {"customer_id":"c"}
                """);
        assertEquals(3, ids.size());
        String next = given().auth().oauth2(token(tenant)).get("/v1/quarantine?limit=2").then()
                .body("data", hasSize(2)).extract().path("next_cursor");
        given().auth().oauth2(token(tenant)).get("/v1/quarantine?limit=2&cursor=" + next).then()
                .body("data", hasSize(1)).body("next_cursor", equalTo(null));
        given().auth().oauth2(token(tenant)).delete("/v1/quarantine/" + ids.get(0)).then().statusCode(204);
        given().auth().oauth2(token(tenant)).get("/v1/quarantine").then().body("data", hasSize(2));
    }

    @Test
    void anotherTenantCanNeitherSeeNorTouchTheRows() {
        String tenant = "q-" + UUID.randomUUID();
        String id = quarantine(tenant, "{\"customer_id\":\"c\"}").get(0);
        String other = token("other-" + tenant);
        given().auth().oauth2(other).get("/v1/quarantine").then().body("data", hasSize(0));
        given().auth().oauth2(other).delete("/v1/quarantine/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body("{}")
                .post("/v1/quarantine/" + id + "/replay").then().statusCode(404);
        given().auth().oauth2(token(tenant)).get("/v1/quarantine").then().body("data", hasSize(1));
    }
}
