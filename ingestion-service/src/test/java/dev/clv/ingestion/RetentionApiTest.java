package dev.clv.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.contracts.Topics;
import dev.clv.ingestion.retention.IngestionRetention;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The retention policy API and ingestion's purge: defaults until a tenant sets its own, a policy stored and published
 * keyed by its tenant, every wrong field named, the admin scope required; quarantined rows, dead letters and old
 * exports purged by the tenant's days, another tenant's by the defaults.
 */
@QuarkusTest
@WithPlatformInfrastructure
class RetentionApiTest {
    @Inject
    IngestionRetention retention;

    @Test
    void aPolicyIsReadSetPublishedAndValidated() {
        String tenant = "ret-" + UUID.randomUUID();
        String admin = OidcResource.token(tenant, "admin");
        given().auth().oauth2(admin).get("/v1/admin/retention").then().statusCode(200)
                .body("days.events", equalTo(730)).body("days.transactions", nullValue())
                .body("days.quarantine", equalTo(30)).body("defaults.membership_history", equalTo(730))
                .body("policy.size()", equalTo(0)).body("updated_at", nullValue());

        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"days\": {\"quarantine\": 7, \"events\": 365, \"transactions\": null}}")
                .put("/v1/admin/retention").then().statusCode(200).body("days.events", equalTo(365))
                .body("days.quarantine", equalTo(7)).body("days.dead_letters", equalTo(30))
                .body("policy.size()", equalTo(3)).body("policy.transactions", nullValue());
        given().auth().oauth2(admin).get("/v1/admin/retention").then().body("days.events", equalTo(365))
                .body("policy.quarantine", equalTo(7));
        JsonNode published = TopicReader.read(Topics.RETENTION_POLICIES, tenant, 1).get(0);
        assertEquals(365, published.get("days").get("events").asInt());
        assertEquals(true, published.get("days").get("transactions").isNull());
        assertEquals(tenant, published.get("tenant_id").asText());
        // another tenant still has the defaults
        given().auth().oauth2(OidcResource.token("ret-other-" + UUID.randomUUID(), "admin"))
                .get("/v1/admin/retention").then().body("days.events", equalTo(730));

        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"days\": {\"evnts\": 3, \"quarantine\": 0, \"events\": 2.5}, \"extra\": 1}")
                .put("/v1/admin/retention").then().statusCode(400).body("errors", hasSize(4))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("extra", "days.evnts",
                        "days.quarantine", "days.events"));
        given().auth().oauth2(admin).contentType("application/json").body("[]").put("/v1/admin/retention").then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        // refused writes changed nothing
        given().auth().oauth2(admin).get("/v1/admin/retention").then().body("days.events", equalTo(365));
        given().auth().oauth2(OidcResource.token(tenant, "events:write")).get("/v1/admin/retention").then()
                .statusCode(403);
    }

    @Test
    void thePurgeFollowsEachTenantsDays() throws Exception {
        String tenant = "ret-purge-" + UUID.randomUUID();
        String other = "ret-purge-other-" + UUID.randomUUID();
        given().auth().oauth2(OidcResource.token(tenant, "admin")).contentType("application/json")
                .body("{\"days\": {\"quarantine\": 7, \"dead_letters\": 7, \"privacy_exports\": 7}}")
                .put("/v1/admin/retention").then().statusCode(200);
        for (String t : new String[]{tenant, other}) {
            given().auth().oauth2(OidcResource.token(t, "events:write")).contentType("application/x-ndjson")
                    .body("{\"customer_id\":\"c\"}\n".getBytes()).post("/v0/events?name=transactions").then()
                    .statusCode(202)
                    .body("quarantined_rows", equalTo(1));
            sql("INSERT INTO ingestion.dead_letters (tenant_id, data_source, record_key, record, reason, topic, "
                    + "kafka_partition, kafka_offset, dead_at) VALUES ('" + t + "', 'transactions', 'k', '\\x00', "
                    + "'test', 'transactions.v1', 0, " + Math.abs(t.hashCode()) + ", now())");
            sql("INSERT INTO ingestion.privacy_requests (id, tenant_id, type, customer_ids, customer_count, status, "
                    + "updated_at, published) VALUES ('" + uuid(t) + "', '" + t + "', 'export', '{c}', 1, "
                    + "'completed', now(), true)");
            sql("INSERT INTO ingestion.privacy_export_parts (request_id, service, seq, sections) VALUES ('" + uuid(t)
                    + "', 'ingestion', 0, '{}')");
        }
        String exportOf = "/v1/privacy/requests/" + uuid(tenant) + "/export";
        given().auth().oauth2(OidcResource.token(tenant, "privacy:write")).get(exportOf).then().statusCode(200);

        retention.purge(Instant.now());
        assertEquals(1, count("quarantined_rows", tenant));
        assertEquals(1, count("dead_letters", tenant));

        // eight days on: the tenant's 7 days are over, the other's 30 are not
        retention.purge(Instant.now().plus(Duration.ofDays(8)));
        assertEquals(0, count("quarantined_rows", tenant));
        assertEquals(0, count("dead_letters", tenant));
        assertEquals(0, parts(tenant));
        assertEquals(1, count("quarantined_rows", other));
        assertEquals(1, count("dead_letters", other));
        assertEquals(1, parts(other));
        // an export past its days is gone, and says so (here the clock is moved in the database instead)
        sql("UPDATE ingestion.privacy_requests SET updated_at = now() - interval '8 days' WHERE id = '" + uuid(tenant)
                + "'");
        given().auth().oauth2(OidcResource.token(tenant, "privacy:write")).get(exportOf).then().statusCode(410)
                .body("title", equalTo("Gone"));
    }

    private static String uuid(String tenant) {
        return UUID.nameUUIDFromBytes(tenant.getBytes()).toString();
    }

    private static long parts(String tenant) throws Exception {
        return query("SELECT count(*) FROM ingestion.privacy_export_parts WHERE request_id = '" + uuid(tenant) + "'");
    }

    private static long count(String table, String tenant) throws Exception {
        return query("SELECT count(*) FROM ingestion." + table + " WHERE tenant_id = '" + tenant + "'");
    }

    private static long query(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                PreparedStatement q = db.prepareStatement(sql);
                ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void sql(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute(sql);
        }
    }
}
