package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    void unreadableBodiesAndBadCriteriaAreProblemsNamingTheField() {
        String token = OidcResource.token("seg-a", "segments:write");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"n\",\"criteria\":{\"field\":\"age\",\"op\":\"gt\",\"value\":6e966666666666}}")
                .post("/v1/segments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"n\",\"criteria\":{\"all\":[{\"field\":\"age\",\"op\":\"gt\",\"value\":\"x\"}]}}")
                .post("/v1/segments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("criteria.all[0].value"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"n\",\"criteria\":{\"in_segment\":\"" + java.util.UUID.randomUUID() + "\"}}")
                .post("/v1/segments").then().statusCode(400).body("errors[0].field", equalTo("criteria.in_segment"))
                .body("errors[0].reason", equalTo("is not one of your segments"));
    }

    @Test
    void seed003sFlatCriteriaAreStoredAndShownAsTheirRuleTree() throws Exception {
        String token = OidcResource.token("seg-seed003", "segments:write", "segments:read");
        String created = given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"At Risk Customers\",\"criteria\":{\"last_active_days\":30,"
                        + "\"feature_usage_decline\":0.5}}")
                .post("/v1/segments").then().statusCode(201).body("time_relative", equalTo(true)).extract().asString();
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree("{\"all\":[{\"field\":\"last_active_days\",\"op\":\"gte\",\"value\":30},"
                + "{\"field\":\"event_trend_30d\",\"op\":\"lte\",\"value\":0.5}]}");
        assertEquals(tree, json.readTree(created).get("criteria"));
        String id = json.readTree(created).get("id").asText();
        assertEquals(tree, json.readTree(given().auth().oauth2(token).get("/v1/segments/" + id).then().statusCode(200)
                .extract().asString()).get("criteria"), "stored as the tree");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"n\",\"criteria\":{\"last_active_days\":\"30\",\"churn_risk\":0.5}}")
                .post("/v1/segments").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("criteria.last_active_days", "criteria.churn_risk"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"criteria\":{\"feature_usage_decline\":0}}").post("/v1/segments/preview").then()
                .statusCode(400).body("errors[0].field", equalTo("criteria.feature_usage_decline"));
    }

    @Test
    void cyclesThroughInSegmentAreRefusedAndReadSegmentsCannotBeDeleted() {
        String token = OidcResource.token("seg-cycle", "segments:write", "segments:read");
        String a = given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"a\",\"criteria\":{\"field\":\"age\",\"op\":\"gt\",\"value\":1}}")
                .post("/v1/segments").then().statusCode(201).extract().path("id");
        String b = given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"b\",\"criteria\":{\"in_segment\":\"" + a + "\"}}")
                .post("/v1/segments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\":\"a\",\"criteria\":{\"not\":{\"in_segment\":\"" + b + "\"}}}")
                .put("/v1/segments/" + a).then().statusCode(400)
                .body("errors[0].field", equalTo("criteria.not.in_segment"))
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("cycle"));
        given().auth().oauth2(token).delete("/v1/segments/" + a).then().statusCode(409);
        given().auth().oauth2(token).delete("/v1/segments/" + b).then().statusCode(204);
        given().auth().oauth2(token).delete("/v1/segments/" + a).then().statusCode(204);
        given().auth().oauth2(token).get("/v1/segments/" + a).then().statusCode(404);
    }

    @Test
    void theOpenApiDocumentDescribesSegmentBodiesAsJson() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/segments'.post.requestBody.content.'application/json'.schema.'$ref'",
                        org.hamcrest.Matchers.endsWith("SegmentRequest"))
                .body("paths.'/v1/segments/preview'.post.requestBody.content.'application/json'.schema.'$ref'",
                        org.hamcrest.Matchers.endsWith("SegmentRequest"));
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
