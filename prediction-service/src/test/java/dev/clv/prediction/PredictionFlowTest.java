package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Training through the API on the CDNOW sample (analytics faked by {@link FakeAnalytics}), the registry, and
 * predictions: published parameters, customer 1's 1.226, per-row batch errors, NDJSON, versions, tenancy.
 */
@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictionFlowTest {
    private static final String WRITE = OidcResource.token(FakeAnalytics.TENANT, "models:write predictions:read");
    private static final String OTHER = OidcResource.token("someone-else", "models:write predictions:read");
    private static String bgNbdV1;

    static String train(String token, String type, String body) {
        String job = given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/v1/models/" + type + "/train").then().statusCode(202).header("Location",
                        org.hamcrest.Matchers.startsWith("/v1/models/jobs/"))
                .extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> !List
                .of("queued", "running").contains(given().auth().oauth2(token).get("/v1/models/jobs/" + job).then()
                        .statusCode(200).extract().<String>path("status")));
        return job;
    }

    static JsonPath job(String token, String id) {
        return given().auth().oauth2(token).get("/v1/models/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void bgNbdTrainedThroughTheApiHasThePublishedCdnowParameters() {
        JsonPath job = job(WRITE, train(WRITE, "bg_nbd", """
                {"calibration_end":"1997-09-30","holdout_end":"1998-06-30","time_unit":"weeks",
                 "hyperparameters":{"bootstrap_samples":8}}"""));
        assertEquals("succeeded", job.getString("status"), job.prettify());
        bgNbdV1 = job.getString("model_id");
        JsonPath model = given().auth().oauth2(WRITE).get("/v1/models/" + bgNbdV1).then().statusCode(200).extract()
                .jsonPath();
        assertEquals("active", model.getString("status"));
        assertEquals(1, model.getInt("version"));
        Map<String, Object> p = model.getMap("parameters");
        assertEquals("0.243", printed(p.get("r"), 3));
        assertEquals("4.414", printed(p.get("alpha"), 3));
        assertEquals("0.793", printed(p.get("a"), 3));
        assertEquals("2.426", printed(p.get("b"), 3));
        assertEquals("6.25", printed(p.get("p"), 2));
        assertEquals("3.74", printed(p.get("q"), 2));
        assertEquals("15.44", printed(p.get("v"), 2));
        assertEquals("weeks", model.getString("training_window.time_unit"));
        assertEquals(true, model.getBoolean("diagnostics.bg_nbd.converged"));

        JsonPath perf = given().auth().oauth2(WRITE).get("/v1/models/" + bgNbdV1 + "/performance").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> table = perf.getList("calibration_table");
        assertEquals(2357, table.stream().mapToInt(r -> (Integer) r.get("customers")).sum());
        assertEquals(1411, table.get(0).get("customers"));
        // FHL (2005), figure 3: the model tracks the holdout purchases of each calibration frequency closely
        for (Map<String, Object> row : table.subList(0, 4)) {
            double predicted = ((Number) row.get("predicted_purchases")).doubleValue();
            double actual = ((Number) row.get("actual_purchases")).doubleValue();
            assertEquals(actual, predicted, 0.25 * actual + 0.05, row.toString());
        }
    }

    @Test
    @Order(2)
    void customerOneExpectsAboutOneAndAQuarterPurchasesIn39Weeks() {
        // first purchase 1997-01-01, last 1997-08-02 (213 days later), calibration end 1997-09-30 (272 days)
        JsonPath answer = given().auth().oauth2(WRITE).contentType("application/json").body("""
                {"features":{"frequency":3,"tenure":272,"recency":59,"avg_order_value":22.345},
                 "horizon":39,"time_unit":"weeks","discount_rate":0}""").post("/v1/predict?model_type=bg_nbd")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("1.226", printed(answer.get("expected_purchases"), 3));
        assertEquals(bgNbdV1, answer.getString("model_id"));
        assertEquals(1, answer.getInt("model_version"));
        double clv = answer.getDouble("clv");
        // undiscounted, CLV is expected purchases times expected spend
        assertEquals(answer.getDouble("expected_purchases") * answer.getDouble("expected_avg_value"), clv,
                1e-6 * clv);
        assertTrue(answer.getDouble("interval.low") <= clv && clv <= answer.getDouble("interval.high"),
                answer.prettify());
    }

    @Test
    @Order(3)
    void aBatchAnswersEveryGoodRowAndNamesEachBadOne() {
        given().auth().oauth2(WRITE).contentType("application/json").body("""
                {"rows":[{"customer_id":"0001"},{"features":{"frequency":2,"tenure":10,"recency":20}},
                 {"customer_id":"no-such-customer"},{"features":{"frequency":1,"tenure":5}}],"intervals":false}""")
                .post("/v1/predict/batch").then().statusCode(200).body("results", hasSize(2))
                .body("results[0].customer_id", equalTo("0001")).body("errors", hasSize(2))
                .body("errors[0].row", equalTo(1)).body("errors[0].field", equalTo("features.recency"))
                .body("errors[1].row", equalTo(2)).body("errors[1].field", equalTo("customer_id"));
    }

    @Test
    @Order(4)
    void ndjsonBatchesStreamOneAnswerPerLineInOrder() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            body.append("{\"customer_id\":\"c").append(i).append("\",\"features\":{\"frequency\":").append(1 + i % 5)
                    .append(",\"tenure\":200,\"recency\":").append(i % 100).append(",\"avg_order_value\":30}}\n");
        }
        body.append("not json\n");
        String answer = given().auth().oauth2(WRITE).contentType("application/x-ndjson")
                .body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/predict/batch?intervals=false").then().statusCode(200).extract().asString();
        List<String> lines = answer.lines().toList();
        assertEquals(3_001, lines.size());
        assertTrue(lines.get(2_999).contains("\"customer_id\":\"c2999\""), lines.get(2_999));
        assertTrue(lines.get(3_000).contains("\"row\":3000") && lines.get(3_000).contains("\"field\":\"line\""));
    }

    @Test
    @Order(5)
    void anotherTenantSeesNoneOfIt() {
        given().auth().oauth2(OTHER).get("/v1/models/" + bgNbdV1).then().statusCode(404);
        given().auth().oauth2(OTHER).get("/v1/models/" + bgNbdV1 + "/performance").then().statusCode(404);
        given().auth().oauth2(OTHER).post("/v1/models/" + bgNbdV1 + "/activate").then().statusCode(404);
        given().auth().oauth2(OTHER).get("/v1/models").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(OTHER).contentType("application/json").body("{\"customer_id\":\"0001\"}")
                .post("/v1/predict").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    @Order(6)
    void xgboostTrainsExportsToOnnxAndServesWithAnInterval() {
        JsonPath job = job(WRITE, train(WRITE, "xgboost", """
                {"calibration_end":"1997-09-30","holdout_end":"1998-06-30","hyperparameters":{"rounds":50}}"""));
        assertEquals("succeeded", job.getString("status"), job.prettify());
        JsonPath perf = given().auth().oauth2(WRITE).get("/v1/models/" + job.getString("model_id") + "/performance")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(perf.getDouble("interval_coverage") > 0.7, perf.prettify());
        JsonPath model = given().auth().oauth2(WRITE).get("/v1/models/" + job.getString("model_id")).then()
                .statusCode(200).extract().jsonPath();
        Map<String, Float> importances = model.getMap("diagnostics.feature_importances");
        assertEquals(1.0, importances.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-3);
        JsonPath answer = given().auth().oauth2(WRITE).contentType("application/json")
                .body("{\"customer_id\":\"0001\"}").post("/v1/predict?model_type=xgboost").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(job.getString("model_id"), answer.getString("model_id"));
        assertTrue(answer.getDouble("interval.low") <= answer.getDouble("interval.high"));
    }

    @Test
    @Order(7)
    void aNewVersionIsActivatedAndRolledBack() {
        String v2 = job(WRITE, train(WRITE, "bg_nbd", """
                {"calibration_end":"1997-12-31","time_unit":"days","hyperparameters":{"bootstrap_samples":0}}"""))
                .getString("model_id");
        given().auth().oauth2(WRITE).get("/v1/models/" + v2).then().body("status", equalTo("ready"))
                .body("version", equalTo(2));
        given().auth().oauth2(WRITE).post("/v1/models/" + v2 + "/activate").then().statusCode(200)
                .body("status", equalTo("active"));
        given().auth().oauth2(WRITE).get("/v1/models/" + bgNbdV1).then().body("status", equalTo("ready"));
        given().auth().oauth2(WRITE).contentType("application/json").body("{\"customer_id\":\"0001\"}")
                .post("/v1/predict").then().statusCode(200).body("model_version", equalTo(2));
        given().auth().oauth2(WRITE).post("/v1/models/" + bgNbdV1 + "/activate").then().statusCode(200);
        given().auth().oauth2(WRITE).contentType("application/json").body("{\"customer_id\":\"0001\"}")
                .post("/v1/predict").then().statusCode(200).body("model_version", equalTo(1));
    }

    @Test
    @Order(8)
    void aRunningJobCanBeCancelled() {
        String job = given().auth().oauth2(WRITE).contentType("application/json").body("""
                {"calibration_end":"1997-09-30","holdout_end":"1998-06-30","hyperparameters":{"rounds":5000,
                 "max_depth":10}}""").post("/v1/models/xgboost/train").then().statusCode(202).extract().path("id");
        given().auth().oauth2(WRITE).delete("/v1/models/jobs/" + job).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "cancelled".equals(job(WRITE, job)
                .getString("status")));
    }

    @Test
    @Order(9)
    void everyCustomerIsScoredOnCustomerScoresWithTheActiveModel() {
        JsonPath run = given().auth().oauth2(WRITE).post("/v1/models/bg_nbd/score").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(2357, run.getInt("customers_scored"));
        assertEquals(bgNbdV1, run.getString("model_id"));
        double clv = given().auth().oauth2(WRITE).contentType("application/json")
                .body("{\"customer_id\":\"0001\",\"horizon\":12,\"time_unit\":\"months\",\"discount_rate\":0.01}")
                .post("/v1/predict").then().statusCode(200).extract().jsonPath().getDouble("clv");
        Map<String, CustomerScore> scores = new java.util.HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "scores-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SCORES));
            long until = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < until && scores.size() < 2357) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    CustomerScore score = EventJson.read(r.value(), CustomerScore.class);
                    if (score.tenantId().equals(FakeAnalytics.TENANT) && score.modelId().equals(bgNbdV1)) {
                        scores.put(score.customerId(), score);
                    }
                });
            }
        }
        assertEquals(2357, scores.size());
        assertEquals(clv, scores.get("0001").predictedClv().doubleValue(), 0.005);
        assertEquals(12, scores.get("0001").horizonMonths());
    }

    @Test
    void badTrainingRequestsAreProblemsNamingTheField() {
        // no calibration_end means the default window (SeedTrainingTest), but not with a holdout_end alone
        given().auth().oauth2(WRITE).contentType("application/json").body("{\"holdout_end\":\"1998-06-30\"}")
                .post("/v1/models/bg_nbd/train").then().statusCode(400)
                .body("errors[0].field", equalTo("calibration_end"));
        given().auth().oauth2(WRITE).contentType("application/json").body("{\"calibration_end\":\"1997-09-30\"}")
                .post("/v1/models/xgboost/train").then().statusCode(400).body("errors[0].field",
                        equalTo("holdout_end"));
        given().auth().oauth2(WRITE).contentType("application/json")
                .body("{\"calibration_end\":\"1997-09-30\",\"hyperparameters\":{\"depth\":3}}")
                .post("/v1/models/bg_nbd/train").then().statusCode(400)
                .body("errors[0].field", equalTo("hyperparameters.depth"));
        given().auth().oauth2(WRITE).contentType("application/json").body("{\"calibration_end\":\"1997-09-30\"}")
                .post("/v1/models/gbm/train").then().statusCode(400).body("errors[0].field", equalTo("type"));
        given().auth().oauth2(OidcResource.token(FakeAnalytics.TENANT, "predictions:read"))
                .contentType("application/json").body("{\"calibration_end\":\"1997-09-30\"}")
                .post("/v1/models/bg_nbd/train").then().statusCode(403);
    }

    static String printed(Object value, int decimals) {
        return new BigDecimal(((Number) value).doubleValue()).setScale(decimals, RoundingMode.HALF_UP)
                .toPlainString();
    }
}
