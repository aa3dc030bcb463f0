package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.clv.contracts.features.CustomerFeatures;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The seed's training, model and sample-data calls, sent as its curl examples send them (no body, no Content-Type):
 * the default window from the tenant's data (CDNOW gets Fader, Hardie and Lee's own split and parameters),
 * n_samples, the active models' info and performance, sample data, and the 409 of a tenant without data.
 */
@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedTrainingTest {
    private static final String TOKEN = OidcResource.token("cdnow-seed", "models:write predictions:read");
    private static final String EMPTY = OidcResource.token("seed-empty", "models:write predictions:read");
    private static String bgNbd;
    private static String xgboost;

    static JsonPath awaitJob(String token, Curl.Answer accepted) {
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals("/v1/models/jobs/" + accepted.json().getString("id"), accepted.headers().get("location"));
        String url = accepted.headers().get("location");
        // generous: XGBoost's 3 x 200 default rounds share two cores with whatever else the machine runs
        Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).until(() -> !List
                .of("queued", "running").contains(given().auth().oauth2(token).get(url).then().statusCode(200)
                        .extract().<String>path("status")));
        JsonPath job = given().auth().oauth2(token).get(url).then().extract().jsonPath();
        assertEquals("succeeded", job.getString("status"), job.prettify());
        return job;
    }

    static JsonPath model(String token, String id) {
        return given().auth().oauth2(token).get("/v1/models/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void aTenantWithoutDataIsToldWhereSampleDataComesFrom() {
        Curl.Answer refused = Curl.post("/v1/models/xgboost/train?n_samples=1000", EMPTY, null);
        assertEquals(409, refused.status(), refused.body());
        assertTrue(refused.headers().get("content-type").startsWith("application/problem+json"));
        assertTrue(refused.body().contains("/generate-sample-data") && refused.body().contains("/v1/sample-data"),
                refused.body());
        // an empty or null JSON body means the same; a body that is not a request is still refused
        given().auth().oauth2(EMPTY).contentType("application/json").post("/v1/models/bg_nbd/train").then()
                .statusCode(409);
        given().auth().oauth2(EMPTY).contentType("application/json").body("null").post("/v1/models/bg_nbd/train")
                .then().statusCode(409);
        given().auth().oauth2(EMPTY).contentType("application/json").body("{\"calibration_end\":\"soon\"}")
                .post("/v1/models/bg_nbd/train").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("calibration_end"));
        given().auth().oauth2(EMPTY).get("/v1/models/info").then().statusCode(200).body("bg_nbd", nullValue())
                .body("xgboost", nullValue()).body("$", org.hamcrest.Matchers.hasKey("xgboost"));
        given().auth().oauth2(EMPTY).get("/v1/models/performance").then().statusCode(200)
                .body("bg_nbd", nullValue()).body("$", org.hamcrest.Matchers.hasKey("bg_nbd"));
    }

    @Test
    @Order(2)
    void anEmptyBodyTrainsOnTheDefaultWindowWhichForCdnowIsFhlsOwnSplit() {
        JsonPath job = awaitJob(TOKEN, Curl.post("/v1/models/bg_nbd/train", TOKEN, null));
        // CDNOW runs from 1997-01-01 to 1998-06-30; FHL (2005) calibrate to 1997-09-30 and hold out the rest
        assertEquals("1997-09-30", job.getString("request.calibration_end"));
        assertEquals("1998-06-30", job.getString("request.holdout_end"));
        assertEquals(true, job.getBoolean("request.default_window"));
        bgNbd = job.getString("model_id");
        Map<String, Object> p = model(TOKEN, bgNbd).getMap("parameters");
        Map<String, String> published = Map.of("r", "0.243", "alpha", "4.414", "a", "0.793", "b", "2.426", "p",
                "6.25", "q", "3.74", "v", "15.44");
        published.forEach((name, value) -> assertEquals(value, PredictionFlowTest.printed(p.get(name),
                value.length() - value.indexOf('.') - 1), name));
    }

    @Test
    @Order(3)
    void theSeedsTrainCallDrawsNSamplesOfTheTenantsCustomers() {
        JsonPath job = awaitJob(TOKEN, Curl.post("/v1/models/xgboost/train?n_samples=1000", TOKEN, null));
        assertEquals(1000, job.getInt("request.n_samples"));
        xgboost = job.getString("model_id");
        JsonPath model = model(TOKEN, xgboost);
        assertEquals(1000, model.getInt("diagnostics.sample.drawn_customers"));
        assertEquals(2357, model.getInt("diagnostics.sample.eligible_customers"));
        assertEquals(1000, model.getInt("diagnostics.training_customers") + model.getInt("diagnostics.test_customers"));
        assertEquals(200, model.getInt("parameters.rounds"));
    }

    @Test
    @Order(4)
    void theSameSeedDrawsTheSameSampleAndTheSampleLooksRandom() {
        String body = "{\"hyperparameters\":{\"bootstrap_samples\":0}}";
        JsonPath first = model(TOKEN, awaitJob(TOKEN, Curl.post("/v1/models/bg_nbd/train?n_samples=1000", TOKEN,
                body)).getString("model_id"));
        JsonPath again = model(TOKEN, awaitJob(TOKEN, Curl.post("/v1/models/bg_nbd/train?n_samples=1000", TOKEN,
                body)).getString("model_id"));
        JsonPath other = model(TOKEN, awaitJob(TOKEN, Curl.post("/v1/models/bg_nbd/train?n_samples=1000", TOKEN,
                "{\"hyperparameters\":{\"bootstrap_samples\":0,\"seed\":7}}")).getString("model_id"));
        assertEquals(first.getMap("parameters"), again.getMap("parameters"));
        assertNotEquals(first.getMap("parameters"), other.getMap("parameters"));
        assertEquals("ready", first.getString("status"), "the default-window model of test 2 stays active");
        assertEquals(1000, first.getInt("diagnostics.customers"));
        // 1,411 of the 2,357 made no repeat purchase by 1997-09-30: a random 1,000 holds about 599 of them
        // (hypergeometric, standard deviation 11.8); four deviations either way
        List<Map<String, Object>> table = given().auth().oauth2(TOKEN).get("/v1/models/" + first.getString("id")
                + "/performance").then().statusCode(200).extract().jsonPath().getList("calibration_table");
        int zeros = (Integer) table.get(0).get("customers");
        assertTrue(Math.abs(zeros - 1000.0 * 1411 / 2357) < 4 * 11.8, "zero repeaters in the sample: " + zeros);
    }

    @Test
    @Order(5)
    void infoNamesTheActiveModelOfEachTypeAndWinsOverAModelId() {
        JsonPath info = given().auth().oauth2(TOKEN).get("/v1/models/info").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(bgNbd, info.getString("bg_nbd.id"));
        assertEquals(1, info.getInt("bg_nbd.version"));
        assertEquals("bg_nbd", info.getString("bg_nbd.type"));
        assertNotNull(info.getString("bg_nbd.trained_at"));
        assertEquals("0.243", PredictionFlowTest.printed(info.get("bg_nbd.parameters.r"), 3));
        assertEquals(20, info.getInt("bg_nbd.hyperparameters.bootstrap_samples"));
        assertEquals(4, info.getList("bg_nbd.features").size());
        assertEquals(xgboost, info.getString("xgboost.id"));
        assertEquals(Map.of("rounds", 200, "max_depth", 4, "learning_rate", 0.1f, "subsample", 0.8f,
                "min_child_weight", 1.0f, "seed", 42), info.getMap("xgboost.hyperparameters"));
        assertEquals(List.of("recency", "frequency", "monetary_value", "tenure", "avg_order_value",
                "days_between_purchases", "total_orders", "age", "gender", "country", "interactions",
                "satisfaction"), info.getList("xgboost.features"));
        // the routes beside it still answer
        given().auth().oauth2(TOKEN).get("/v1/models/" + bgNbd).then().statusCode(200).body("id", equalTo(bgNbd));
        given().auth().oauth2(TOKEN).get("/v1/models?type=xgboost").then().statusCode(200)
                .body("[0].id", equalTo(xgboost));
        given().auth().oauth2(TOKEN).get("/v1/models/" + xgboost + "/performance").then().statusCode(200);
        given().auth().oauth2(OidcResource.token("cdnow-seed", "models:write")).get("/v1/models/info").then()
                .statusCode(403);
        given().auth().oauth2(OidcResource.token("cdnow-seed", "models:write")).get("/v1/models/performance")
                .then().statusCode(403);
    }

    @Test
    @Order(6)
    void performanceGivesTheSeedsMetricsAndSampleSizes() {
        JsonPath perf = given().auth().oauth2(TOKEN).get("/v1/models/performance").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(bgNbd, perf.getString("bg_nbd.model_id"));
        assertEquals(2357, perf.getInt("bg_nbd.samples.training"));
        assertEquals(2357, perf.getInt("bg_nbd.samples.holdout"));
        assertEquals("1997-10-01", perf.getString("bg_nbd.holdout.from"));
        assertEquals(8, perf.getList("bg_nbd.calibration_table").size());
        // R² and RMSE describe the same errors: R² = 1 - n RMSE² / Σ(actual - mean)², the actual holdout values
        // computed here from the transaction file
        double[] actual = CdnowFeatures.asOf(LocalDate.parse("1997-09-30"), LocalDate.parse("1998-06-30"),
                List.of()).stream().mapToDouble(CustomerFeatures::holdoutValue).toArray();
        double mean = java.util.Arrays.stream(actual).average().orElseThrow();
        double total = java.util.Arrays.stream(actual).map(a -> (a - mean) * (a - mean)).sum();
        double rmse = perf.getDouble("bg_nbd.rmse");
        assertEquals(1 - actual.length * rmse * rmse / total, perf.getDouble("bg_nbd.r2"), 1e-4);
        assertTrue(perf.getDouble("bg_nbd.mae") > 0 && perf.getDouble("bg_nbd.mae") <= rmse);
        assertEquals(xgboost, perf.getString("xgboost.model_id"));
        assertEquals(1000, perf.getInt("xgboost.samples.training") + perf.getInt("xgboost.samples.holdout"));
        assertNotNull(perf.get("xgboost.r2"));
    }

    @Test
    @Order(7)
    void theSeedsSampleDataCallNeedsNoBody() {
        String token = OidcResource.token("seed-sample", "models:write events:write");
        Curl.Answer answer = Curl.post("/v1/sample-data?n_customers=100", token, null);
        assertEquals(200, answer.status(), answer.body());
        JsonPath json = answer.json();
        assertEquals(100, json.getInt("customers"));
        assertTrue(json.getString("message").startsWith("Generated 100 customers"), json.getString("message"));
        // what the answer counts is what reached ingestion, for this tenant
        assertEquals(100, FakeAnalytics.INGESTED.get("seed-sample/customers"));
        assertEquals(json.getInt("transactions"), FakeAnalytics.INGESTED.get("seed-sample/transactions"));
        assertEquals(json.getInt("interactions"), FakeAnalytics.INGESTED.get("seed-sample/customer_interactions"));
        given().auth().oauth2(token).post("/v1/sample-data?n_customers=lots").then().statusCode(400)
                .body("errors[0].field", equalTo("n_customers"));
    }
}
