package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.DriverManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
class ModelsResourceTest {

    @BeforeAll
    static void registerModels() throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            db.createStatement().execute("""
                    INSERT INTO prediction.models (id, tenant_id, model_type, version, status) VALUES
                    (gen_random_uuid(), 'models-a', 'bg_nbd', 1, 'active'),
                    (gen_random_uuid(), 'models-a', 'xgboost', 1, 'ready'),
                    (gen_random_uuid(), 'models-b', 'bg_nbd', 7, 'ready')
                    """);
        }
    }

    @Test
    void aTenantListsOnlyItsOwnModels() {
        given().auth().oauth2(OidcResource.token("models-b", "predictions:read")).get("/v1/models")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].version", equalTo(7));
        given().auth().oauth2(OidcResource.token("models-a", "predictions:read")).get("/v1/models?type=xgboost")
                .then().statusCode(200).body("type", contains("xgboost"));
    }

    @Test
    void anUnknownTypeIsAProblemNamingTheParameter() {
        given().auth().oauth2(OidcResource.token("models-a", "predictions:read")).get("/v1/models?type=nope")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("type"));
    }

    @Test
    void healthNamesTheTenantsActiveModelsToACallerWithTheReadScope() throws Exception {
        String active;
        try (Connection db = DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
                var rows = db.createStatement().executeQuery("SELECT id FROM prediction.models WHERE tenant_id = "
                        + "'models-a' AND model_type = 'bg_nbd' AND status = 'active'")) {
            rows.next();
            active = rows.getString(1);
        }
        given().auth().oauth2(OidcResource.token("models-a", "predictions:read")).get("/health").then()
                .statusCode(200).body("status", equalTo("healthy")).body("active_models.bg_nbd", equalTo(active))
                .body("active_models.xgboost", nullValue()).body("models_loaded.bg_nbd", equalTo(true));
        given().get("/health").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(OidcResource.token("models-a", "analytics:read")).get("/health").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems(
                        org.hamcrest.Matchers.containsString("Database"),
                        org.hamcrest.Matchers.containsString("Kafka")));
    }
}
