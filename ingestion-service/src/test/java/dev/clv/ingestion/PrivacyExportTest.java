package dev.clv.ingestion;

import static dev.clv.ingestion.PrivacyCalls.awaitService;
import static dev.clv.ingestion.PrivacyCalls.awaitStatus;
import static dev.clv.ingestion.PrivacyCalls.get;
import static dev.clv.ingestion.PrivacyCalls.publish;
import static dev.clv.ingestion.PrivacyCalls.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.privacy.PrivacyExportPart;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An export is readable once every service completed it and every part each service counted has arrived: its
 * answer merges ingestion's own part (the customer's quarantined row) with the parts the test publishes as the
 * other services would, per customer of the request, a part delivered twice counting once.
 */
@QuarkusTest
@WithPlatformInfrastructure
class PrivacyExportTest {
    @Test
    void anExportMergesEveryServicesPartsOnceAllOfThemArrived() throws Exception {
        String tenant = "privacy-export-" + UUID.randomUUID();
        String bad = "{\"transaction_id\":\"q1\",\"customer_id\":\"c1\",\"transaction_date\":\"not a date\","
                + "\"amount\":1}";
        String elses = "{\"transaction_id\":\"q3\",\"customer_id\":\"c3\",\"transaction_date\":\"no\",\"amount\":1}";
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).contentType("application/x-ndjson")
                .body((bad + "\n" + elses + "\n").getBytes()).post("/v0/events?name=transactions").then()
                .statusCode(202)
                .body("quarantined_rows", equalTo(2));

        String id = request(tenant, "export", "c1", "c2");
        UUID request = UUID.fromString(id);
        awaitService(tenant, id, "ingestion", "completed");
        get(tenant, "/" + id).body("services.ingestion.counts.quarantined_rows", equalTo(1))
                .body("services.ingestion.counts.dead_letters", equalTo(0))
                .body("services.ingestion.counts.export_parts", equalTo(1));

        // analytics says two parts and sends one; the others have completed
        publish(Topics.PRIVACY_EXPORTS, null, tenant, new PrivacyExportPart(request, tenant, "analytics", 0,
                Map.of("transactions", List.of(Map.of("customer_id", "c1", "amount", 5)))));
        publish(Topics.PRIVACY_RESULTS, null, tenant, result(request, tenant, "analytics", 2));
        publish(Topics.PRIVACY_EXPORTS, null, tenant, new PrivacyExportPart(request, tenant, "segmentation", 0,
                Map.of("memberships", List.of(Map.of("customer_id", "c2", "segment_id", "s1")))));
        publish(Topics.PRIVACY_RESULTS, null, tenant, result(request, tenant, "segmentation", 1));
        publish(Topics.PRIVACY_RESULTS, null, tenant, result(request, tenant, "prediction", 0));
        for (String service : List.of("analytics", "segmentation", "prediction")) {
            awaitService(tenant, id, service, "completed");
        }
        get(tenant, "/" + id).body("status", equalTo("running"));
        get(tenant, "/" + id + "/export").statusCode(409).contentType("application/problem+json");

        // part 0 again, otherwise (a redelivery keeps the first), then the missing part 1
        publish(Topics.PRIVACY_EXPORTS, null, tenant, new PrivacyExportPart(request, tenant, "analytics", 0,
                Map.of("transactions", List.of(Map.of("customer_id", "c1", "amount", 999)))));
        publish(Topics.PRIVACY_EXPORTS, null, tenant, new PrivacyExportPart(request, tenant, "analytics", 1,
                Map.of("transactions", List.of(Map.of("customer_id", "c2", "amount", 7)),
                        "profile", List.of(Map.of("customer_id", "c1", "name", "Ann")))));
        awaitStatus(tenant, id, "completed");

        get(tenant, "/" + id + "/export").statusCode(200).body("request_id", equalTo(id))
                .body("customers.customer_id", contains("c1", "c2"))
                .body("customers[0].ingestion.quarantined_rows", hasSize(1))
                .body("customers[0].ingestion.quarantined_rows[0].raw", equalTo(bad))
                .body("customers[0].ingestion.quarantined_rows[0].customer_id", equalTo("c1"))
                .body("customers[0].ingestion.quarantined_rows[0].field", equalTo("transaction_date"))
                .body("customers[0].analytics.transactions.amount", contains(5))
                .body("customers[0].analytics.profile.name", contains("Ann"))
                .body("customers[0].segmentation", nullValue())
                .body("customers[1].ingestion", nullValue())
                .body("customers[1].analytics.transactions.amount", contains(7))
                .body("customers[1].analytics.profile", nullValue())
                .body("customers[1].segmentation.memberships.segment_id", contains("s1"));
        get("other-" + tenant, "/" + id + "/export").statusCode(404);

        // a request of another type has no export
        String suppress = request(tenant, "unsuppress", "c9");
        get(tenant, "/" + suppress + "/export").statusCode(409);
    }

    private static PrivacyResult result(UUID request, String tenant, String service, long parts) {
        return new PrivacyResult(request, tenant, service, "completed", null, Map.of("export_parts", parts),
                Instant.now());
    }
}
