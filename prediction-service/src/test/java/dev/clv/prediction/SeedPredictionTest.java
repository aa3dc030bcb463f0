package dev.clv.prediction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.clv.contracts.features.FeatureQuery;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The seed's prediction calls: its flat body (features at the top level) mapped onto both models, impossible
 * combinations refused by field, {@code as_of} scoring a historical data set at its own end (CDNOW customer 1's
 * published 1.226 purchases in 39 weeks), and JSON arrays of flat rows with per-row errors.
 */
@QuarkusTest
@WithPlatformInfrastructure
@WithTestResource(value = FakeAnalytics.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedPredictionTest {
    private static final String TENANT = "cdnow-predict";
    private static final String TOKEN = OidcResource.token(TENANT, "models:write predictions:read");
    private static final String SEED_CURL = """
            {
                "customer_id": "CUST_001",
                "recency": 30,
                "frequency": 5,
                "monetary_value": 1500.0,
                "tenure": 180,
                "avg_order_value": 300.0,
                "days_between_purchases": 36.0,
                "total_orders": 5
              }""";
    // customer 0001 on 1997-09-30: purchases on 1997-01-01 and 1997-08-02 and one day between (FHL's x = 2,
    // t_x = 30.43 and T = 38.86 weeks), in the seed's terms
    private static final String CUSTOMER_ONE = """
            {"customer_id":"0001","recency":59,"frequency":3,"tenure":272,"avg_order_value":22.345""";
    private static final String WEEKS_39 = "\"horizon\":39,\"time_unit\":\"weeks\",\"discount_rate\":0";

    @Test
    @Order(1)
    void modelsTrainedOnTheDefaultWindow() {
        SeedTrainingTest.awaitJob(TOKEN, Curl.post("/v1/models/bg_nbd/train", TOKEN,
                "{\"hyperparameters\":{\"bootstrap_samples\":0}}"));
        SeedTrainingTest.awaitJob(TOKEN, Curl.post("/v1/models/xgboost/train", TOKEN,
                "{\"hyperparameters\":{\"rounds\":50}}"));
    }

    @Test
    @Order(2)
    void theSeedsCurlBodyIsPredictedAsOfToday() {
        Curl.Answer answer = Curl.post("/v1/predict?model_type=xgboost", TOKEN, SEED_CURL);
        assertEquals(200, answer.status(), answer.body());
        JsonPath json = answer.json();
        assertEquals("CUST_001", json.getString("customer_id"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), json.getString("as_of"));
        assertTrue(Double.isFinite(json.getDouble("predicted_clv")), answer.body());
        assertTrue(json.getDouble("interval.low") <= json.getDouble("interval.high"), answer.body());
        JsonPath bg = Curl.post("/v1/predict", TOKEN, SEED_CURL).json();
        assertEquals("CUST_001", bg.getString("customer_id"));
        assertTrue(bg.getDouble("p_alive") > 0 && bg.getDouble("p_alive") <= 1, bg.prettify());
    }

    @Test
    @Order(3)
    void aFlatRowGivesBgNbdThePublishedFigure() {
        JsonPath answer = given().auth().oauth2(TOKEN).contentType("application/json").body(CUSTOMER_ONE + ","
                + WEEKS_39 + "}").post("/v1/predict?model_type=bg_nbd").then().statusCode(200).extract().jsonPath();
        assertEquals("1.226", PredictionFlowTest.printed(answer.get("expected_purchases"), 3));
        assertEquals("0001", answer.getString("customer_id"));
    }

    @Test
    @Order(4)
    void aFlatRowIsTheTreesVectorAsAnalyticsWouldComputeIt() throws Exception {
        // the file's own features for customer 0001 on 1997-09-30, sent flat and without the id (so analytics
        // cannot help), score as the id does as of that day
        Map<String, Object> row = new LinkedHashMap<>(new ObjectMapper().setPropertyNamingStrategy(
                PropertyNamingStrategies.SNAKE_CASE).convertValue(
                        FeatureRow.of(CdnowFeatures.asOf(LocalDate.parse(
                                "1997-09-30"), null, List.of("0001")).get(0)),
                        Map.class));
        double flat = given().auth().oauth2(TOKEN).contentType("application/json").body(row)
                .post("/v1/predict?model_type=xgboost").then().statusCode(200).extract().jsonPath()
                .getDouble("predicted_clv");
        JsonPath byId = given().auth().oauth2(TOKEN).contentType("application/json")
                .body("{\"customer_id\":\"0001\",\"as_of\":\"1997-09-30\"}").post("/v1/predict?model_type=xgboost")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(flat, byId.getDouble("predicted_clv"), 1e-9);
        assertEquals("1997-09-30", byId.getString("as_of"));
    }

    @Test
    @Order(5)
    void asOfScoresAHistoricalDataSetAtItsOwnEnd() {
        int asked = FakeAnalytics.QUERIES.size();
        JsonPath then = given().auth().oauth2(TOKEN).contentType("application/json").body("{\"customer_id\":\"0001\","
                + "\"as_of\":\"1997-09-30\"," + WEEKS_39 + "}").post("/v1/predict").then().statusCode(200).extract()
                .jsonPath();
        assertEquals("1.226", PredictionFlowTest.printed(then.get("expected_purchases"), 3));
        assertEquals("1997-09-30", then.getString("as_of"));
        FeatureQuery query = FakeAnalytics.QUERIES.subList(asked, FakeAnalytics.QUERIES.size()).stream()
                .filter(q -> q.getKey().equals(TENANT)).findFirst().orElseThrow().getValue();
        assertEquals(new FeatureQuery(LocalDate.parse("1997-09-30"), null, List.of("0001")), query);
        // the same as a query parameter; and as of today the customer has been silent for decades
        assertEquals("1.226", PredictionFlowTest.printed(given().auth().oauth2(TOKEN).contentType("application/json")
                .body("{\"customer_id\":\"0001\"," + WEEKS_39 + "}").post("/v1/predict?as_of=1997-09-30").then()
                .statusCode(200).extract().path("expected_purchases"), 3));
        JsonPath today = given().auth().oauth2(TOKEN).contentType("application/json").body("{\"customer_id\":"
                + "\"0001\"," + WEEKS_39 + "}").post("/v1/predict").then().statusCode(200).extract().jsonPath();
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), today.getString("as_of"));
        assertTrue(today.getDouble("expected_purchases") < 0.1, today.prettify());
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"customer_id\":\"0001\",\"as_of\":"
                + "\"1996-12-31\"}").post("/v1/predict").then().statusCode(400)
                .body("errors[0].field", equalTo("customer_id"))
                .body("errors[0].reason", org.hamcrest.Matchers.containsString("as of 1996-12-31"));
    }

    @Test
    @Order(6)
    void impossibleCombinationsAreProblemsNamingTheField() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"customer_id\":\"a\",\"recency\":200,\"frequency\":5,\"tenure\":180}", "recency");
        refused.put("{\"recency\":30,\"frequency\":5,\"tenure\":180,\"total_orders\":3}", "total_orders");
        refused.put("{\"recency\":30,\"frequency\":-1,\"tenure\":180}", "frequency");
        refused.put("{\"recency\":30,\"frequency\":2.5,\"tenure\":180}", "frequency");
        refused.put("{\"recency\":\"soon\",\"frequency\":5,\"tenure\":180}", "recency");
        refused.put("{\"recency\":180,\"frequency\":5,\"tenure\":180}", "recency");
        refused.put("{\"recency\":30,\"frequency\":5}", "tenure");
        refused.put("{\"recency\":30,\"features\":{\"frequency\":5,\"tenure\":180}}", "recency");
        refused.put("{\"features\":{\"recency\":200,\"frequency\":5,\"tenure\":180}}", "features.recency");
        refused.put("{\"customer_id\":\"0001\",\"as_of\":\"30/09/1997\"}", "as_of");
        refused.put("{\"customer_id\":\"0001\",\"as_of\":\"" + LocalDate.now(ZoneOffset.UTC).plusDays(1)
                + "\"}", "as_of");
        refused.put("{}", "customer_id");
        refused.forEach((body, field) -> given().auth().oauth2(TOKEN).contentType("application/json").body(body)
                .post("/v1/predict").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)));
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"customer_id\":\"0001\"}")
                .post("/v1/predict?as_of=yesterday").then().statusCode(400).body("errors[0].field", equalTo("as_of"));
    }

    @Test
    @Order(7)
    void aBatchIsAJsonArrayOfFlatRowsWithPerRowErrors() {
        String rows = "[" + CUSTOMER_ONE + "},{\"customer_id\":\"0001\"},{\"customer_id\":\"0002\",\"as_of\":"
                + "\"1997-06-30\"},{\"recency\":300,\"frequency\":2,\"tenure\":10},\"CUST_002\"," + SEED_CURL + "]";
        JsonPath batch = given().auth().oauth2(TOKEN).contentType("application/json").body(rows)
                .post("/v1/predict/batch?as_of=1997-09-30&horizon=39&time_unit=weeks&discount_rate=0&intervals=false")
                .then().statusCode(200).body("results", hasSize(4)).body("errors", hasSize(2)).extract().jsonPath();
        assertEquals("1.226", PredictionFlowTest.printed(batch.get("results[0].expected_purchases"), 3));
        assertEquals("1.226", PredictionFlowTest.printed(batch.get("results[1].expected_purchases"), 3));
        assertEquals("1997-09-30", batch.getString("results[1].as_of"));
        assertEquals("0002", batch.getString("results[2].customer_id"));
        assertEquals("1997-06-30", batch.getString("results[2].as_of"));
        assertEquals("CUST_001", batch.getString("results[3].customer_id"));
        assertEquals(Map.of("row", 3, "field", "recency"), Map.of("row", batch.get("errors[0].row"), "field",
                batch.get("errors[0].field")));
        assertEquals(Map.of("row", 4, "field", "row"), Map.of("row", batch.get("errors[1].row"), "field",
                batch.get("errors[1].field")));
        // the current shape, its options and as_of in the body
        JsonPath shaped = given().auth().oauth2(TOKEN).contentType("application/json").body("{\"rows\":[{"
                + "\"customer_id\":\"0001\"}],\"as_of\":\"1997-09-30\"," + WEEKS_39 + "}").post("/v1/predict/batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("1.226", PredictionFlowTest.printed(shaped.get("results[0].expected_purchases"), 3));
        assertEquals("1997-09-30", shaped.getString("results[0].as_of"));
        // NDJSON takes as_of from the query, like the other options
        String line = given().auth().oauth2(TOKEN).contentType("application/x-ndjson")
                .body("{\"customer_id\":\"0001\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/predict/batch?as_of=1997-09-30&horizon=39&time_unit=weeks&discount_rate=0&intervals=false")
                .then().statusCode(200).extract().asString();
        assertEquals("1.226", PredictionFlowTest.printed(new JsonPath(line).get("expected_purchases"), 3));
        given().auth().oauth2(TOKEN).contentType("application/json").body("{\"customer_id\":\"0001\"}")
                .post("/v1/predict/batch").then().statusCode(400).body("errors[0].field", equalTo("rows"));
        given().auth().oauth2(TOKEN).contentType("application/json").body("[]").post("/v1/predict/batch?horizon=x")
                .then().statusCode(400).body("errors[0].field", equalTo("horizon"));
    }
}
