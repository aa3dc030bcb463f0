package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class SegmentsResourceTest {

    @BeforeAll
    static void createSegments() throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("""
                    INSERT INTO segmentation.segments (id, tenant_id, name, criteria) VALUES
                    (gen_random_uuid(), 'seg-a', 'vip', '{"field":"total_spent","op":"gte","value":500}'),
                    (gen_random_uuid(), 'seg-a', 'at-risk', '{"field":"recency_days","op":"gt","value":90}'),
                    (gen_random_uuid(), 'seg-b', 'secret', '{"field":"country","op":"eq","value":"DE"}')
                    """);
        }
    }

    @Test
    void aTenantListsOnlyItsOwnSegmentsByName() {
        given().auth().oauth2(OidcResource.token("seg-a", "segments:read")).get("/v1/segments")
                .then().statusCode(200).body("name", contains("at-risk", "vip"));
    }

    @Test
    void writeScopeAloneDoesNotGrantReading() {
        given().auth().oauth2(OidcResource.token("seg-a", "segments:write")).get("/v1/segments")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("segments:read"));
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
