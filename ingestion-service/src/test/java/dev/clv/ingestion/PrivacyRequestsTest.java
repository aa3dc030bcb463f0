package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.awaitService;
import static dev.clv.ingestion.PrivacyCalls.awaitStatus;
import static dev.clv.ingestion.PrivacyCalls.get;
import static dev.clv.ingestion.PrivacyCalls.partitionOf;
import static dev.clv.ingestion.PrivacyCalls.post;
import static dev.clv.ingestion.PrivacyCalls.publish;
import static dev.clv.ingestion.PrivacyCalls.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The orchestrator's API: a request is validated, stored and answered 202 with its Location; it is pending until a
 * service answers, running while some have, completed once the four completed (here: ingestion's real part, the
 * three others' results published by the test as their processes would), failed once one failed; an answer naming
 * another tenant is ignored; another tenant cannot see it; requests are listed newest first.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PrivacyRequestsTest {
    private static final List<String> OTHERS = List.of("analytics", "segmentation", "prediction");

    @Test
    void aBadRequestIsAProblemNamingTheField() {
        String tenant = "privacy-bad-" + UUID.randomUUID();
        post(tenant, "not json").statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        post(tenant, "{}").statusCode(400).body("errors.field", contains("type", "customer_ids"));
        post(tenant, "{\"type\":\"delete\",\"customer_ids\":[\"a\"]}").statusCode(400)
                .body("errors.field", contains("type"));
        post(tenant, "{\"type\":\"erase\",\"customer_ids\":[]}").statusCode(400)
                .body("errors.field", contains("customer_ids"));
        post(tenant, "{\"type\":\"erase\",\"customer_ids\":\"a\"}").statusCode(400)
                .body("errors.field", contains("customer_ids"));
        String tooMany = String.join(",", java.util.Collections.nCopies(5001, "\"a\""));
        post(tenant, "{\"type\":\"erase\",\"customer_ids\":[" + tooMany + "]}").statusCode(400)
                .body("errors.field", contains("customer_ids"));
        // blank, not a string or number, 257 bytes, NUL: each named by its place
        post(tenant, "{\"type\":\"export\",\"customer_ids\":[\"ok\",\" \",{\"id\":1},\"" + "é".repeat(128) + "x\","
                + "\"a\\u0000b\"]}").statusCode(400)
                .body("errors.field", contains("customer_ids[1]", "customer_ids[2]", "customer_ids[3]",
                        "customer_ids[4]"));
        post(tenant, "{\"type\":\"erase\",\"customer_ids\":[\"a\"],\"tenant_id\":\"x\"}").statusCode(400)
                .body("errors.field", contains("tenant_id"));
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/json")
                .body("{\"type\":\"erase\",\"customer_ids\":[\"a\"]}").post("/v1/privacy/requests").then()
                .statusCode(403);
        // nothing of the above was stored
        get(tenant, "").statusCode(200).body("data", hasSize(0));
    }

    @Test
    void aRequestIsPendingThenRunningThenCompletedOnceEveryServiceCompletedIt() throws Exception {
        String tenant = "privacy-" + UUID.randomUUID();
        // ids deduplicated after stripping; 128 two-byte characters are 256 bytes: the longest id there may be
        ExtractableResponse<Response> made = post(tenant, "{\"type\":\"suppress\",\"customer_ids\":[\"c1\",\"c1\","
                + "\" c2 \",\"c2\",7,\"" + "é".repeat(128) + "\"]}").statusCode(202)
                .body("status", equalTo("pending")).body("type", equalTo("suppress"))
                .body("customer_count", equalTo(4)).body("customer_ids", nullValue())
                .body("services.analytics.status", equalTo("pending")).body("requested_at", notNullValue())
                .extract();
        String id = made.path("id");
        assertEquals("/v1/privacy/requests/" + id, made.header("Location"));
        // ingestion's own worker may already have answered
        get(tenant, "/" + id).statusCode(200).body("status", is(oneOf("pending", "running")));

        awaitService(tenant, id, "ingestion", "completed");
        get(tenant, "/" + id).body("status", equalTo("running"))
                .body("services.ingestion.counts.suppressed_customers", equalTo(4))
                .body("services.ingestion.counts.export_parts", equalTo(0))
                .body("services.segmentation.status", equalTo("pending"));

        // the same request id in another tenant's name (its key agrees) is ignored; sent first, on the partition
        // of the tenant's own results, so it is read before them
        int partition = partitionOf(tenant);
        publish(Topics.PRIVACY_RESULTS, partition, "intruder", result(id, "intruder", "analytics", "failed"));
        for (String service : OTHERS) {
            publish(Topics.PRIVACY_RESULTS, partition, tenant, result(id, tenant, service, "completed"));
        }
        awaitStatus(tenant, id, "completed");
        get(tenant, "/" + id).body("services.analytics.status", equalTo("completed"))
                .body("services.analytics.counts.rows", equalTo(3)).body("services.prediction.finished_at",
                        notNullValue())
                .body("services.keySet()", containsInAnyOrder("ingestion", "analytics", "segmentation",
                        "prediction"));

        // another tenant sees nothing of it
        String other = "other-" + tenant;
        get(other, "/" + id).statusCode(404).contentType("application/problem+json");
        get(other, "/" + id + "/export").statusCode(404);
        get(other, "").statusCode(200).body("data", hasSize(0));
        get(tenant, "/not-a-uuid").statusCode(404);
        get(tenant, "/" + id + "/export").statusCode(409).contentType("application/problem+json");
    }

    @Test
    void oneFailedServiceFailsTheRequest() throws Exception {
        String tenant = "privacy-failed-" + UUID.randomUUID();
        String id = request(tenant, "erase", "gone");
        publish(Topics.PRIVACY_RESULTS, null, tenant, new PrivacyResult(UUID.fromString(id), tenant, "segmentation",
                "failed", "the database was away", Map.of(), Instant.now()));
        awaitStatus(tenant, id, "failed");
        get(tenant, "/" + id).body("services.segmentation.detail", equalTo("the database was away"));
        get(tenant, "?status=failed").body("data.id", contains(id));
        get(tenant, "?status=completed").body("data", hasSize(0));
    }

    @Test
    void requestsAreListedNewestFirstOnePageAfterAnother() {
        String tenant = "privacy-list-" + UUID.randomUUID();
        String first = request(tenant, "unsuppress", "a");
        String second = request(tenant, "unsuppress", "b");
        String third = request(tenant, "unsuppress", "c");
        String next = get(tenant, "?limit=2").statusCode(200).body("data.id", contains(third, second))
                .body("data[0].customer_count", equalTo(1)).body("data[0].services", nullValue())
                .extract().path("next_cursor");
        get(tenant, "?limit=2&cursor=" + next).body("data.id", contains(first)).body("next_cursor", nullValue());
        get(tenant, "?status=finished").statusCode(400).body("errors[0].field", equalTo("status"));
        get(tenant, "?limit=0").statusCode(400).body("errors[0].field", equalTo("limit"));
        get(tenant, "?cursor=x").statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    private static PrivacyResult result(String id, String tenant, String service, String status) {
        return new PrivacyResult(UUID.fromString(id), tenant, service, status, null, Map.of("rows", 3L,
                "export_parts", 0L), Instant.now());
    }
}
