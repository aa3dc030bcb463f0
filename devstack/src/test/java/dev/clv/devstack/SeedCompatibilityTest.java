package dev.clv.devstack;

import static dev.clv.devstack.SeedClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The old systems' documented calls, sent as their documents write them (bodies, paths, query strings and curl's
 * way of sending them), against the whole platform through the gateway: only the base URL and the credential are
 * ours. One test per system replaced: the Tinybird CLV API, the FastAPI CLV predictor, the Spark Customer-360 API
 * and the customer analytics API (base path /customer-analytics/v1, an API key as the bearer).
 */
@ExtendWith(SharedStack.class)
class SeedCompatibilityTest {
    private static Stack stack;
    private static String gateway;

    @BeforeAll
    static void up() {
        stack = SharedStack.stack();
        gateway = stack.url("gateway");
    }

    @Test
    void tinybirdsCurlsWorkUnchanged() throws Exception {
        String token = stack.token("seed-tinybird");
        SeedClient tb = new SeedClient(gateway, token);
        // the data sources' curls: -d with a pretty-printed object (curl calls it a form), flags as 1/0
        HttpResponse<String> customer = tb.curlData("/v0/events?name=customers", """
                {
                       "customer_id": "cust_123456",
                       "registration_date": "2023-01-15 10:30:00",
                       "country": "US",
                       "city": "New York",
                       "age": 35,
                       "gender": "F",
                       "acquisition_source": "organic_search",
                       "segment": "premium",
                       "is_active": 1
                     }""");
        assertAccepted(customer);
        assertAccepted(tb.curlData("/v0/events?name=transactions", """
                {
                       "transaction_id": "tx_789012",
                       "customer_id": "cust_123456",
                       "transaction_date": "2023-02-20 14:25:00",
                       "amount": 89.99,
                       "product_category": "electronics",
                       "transaction_type": "purchase",
                       "payment_method": "credit_card",
                       "is_refund": 0
                     }"""));
        assertAccepted(tb.curlData("/v0/events?name=customer_interactions", """
                {
                       "interaction_id": "int_456789",
                       "customer_id": "cust_123456",
                       "interaction_date": "2023-03-05 09:15:00",
                       "interaction_type": "login",
                       "channel": "mobile_app",
                       "duration_seconds": 240,
                       "satisfaction_score": 5
                     }"""));

        // the pipes' curls: the token in the URL, dates as YYYY-MM-DD HH:MM:SS
        SeedClient url = new SeedClient(gateway, null);
        JsonNode ltv = url.await("/v0/pipes/customer_ltv.json?start_date=2020-01-01%2000:00:00&country=US&is_active=1"
                + "&token=" + token,
                a -> a.get("rows").asInt() == 1
                        // the profile and the purchase are separate topics: the row may show before its purchase
                        && a.at("/data/0/transaction_count").asInt() == 1,
                60);
        assertEquals("cust_123456", ltv.at("/data/0/customer_id").asText());
        assertEquals(0, new BigDecimal("89.99").compareTo(ltv.at("/data/0/ltv").decimalValue()), ltv.toString());
        JsonNode cohorts = JSON.readTree(ok(url.get("/v0/pipes/ltv_by_cohort.json?start_date=2020-01-01%2000:00:00"
                + "&country=US&segment=premium&token=" + token)).body());
        assertEquals(1, cohorts.at("/data/0/customers").asInt(), cohorts.toString());
        for (String pipe : new String[]{
                "ltv_influencing_factors.json?segment=premium&country=US&min_customers=10",
                "customer_retention_analysis.json?start_date=2020-01-01%2000:00:00&country=US&segment=premium",
                "ltv_forecast.json?segment=premium&country=US&min_transactions=3&min_ltv=50&limit=100",
                "customer_segmentation.json?start_date=2020-01-01%2000:00:00&country=US&min_frequency=2"
                        + "&min_monetary=100&segment_filter=Champions&limit=100"}) {
            JsonNode answer = JSON.readTree(ok(url.get("/v0/pipes/" + pipe + "&token=" + token)).body());
            assertTrue(answer.has("meta") && answer.has("data") && answer.has("rows"), pipe + ": " + answer);
        }
        // a registration window ending before the customer's registration time leaves her out (not rounded to
        // the day: she registered at 10:30 local time)
        JsonNode before = JSON.readTree(ok(url.get("/v0/pipes/customer_ltv.json?start_date=2023-01-15%2000:00:00"
                + "&end_date=2023-01-15%2010:29:59&token=" + token)).body());
        assertEquals(0, before.get("rows").asInt(), before.toString());
    }

    @Test
    void theClvPredictorsCallsWorkUnchanged() throws Exception {
        SeedClient api = new SeedClient(gateway, stack.token("seed-predictor"));
        ok(api.postEmpty("/generate-sample-data?n_customers=100"));
        // the train example asks for 1,000 customers: the tenant's own data must have enough (xgboost refuses
        // fewer than 50 in its training window), so a second, larger sample, as a user of the old API would do
        ok(api.postEmpty("/generate-sample-data?n_customers=1000&seed=2"));
        // training reads what analytics has projected: a client of the old API would simply call train once data
        // is in; here the test waits for the samples to be queryable
        api.await("/v1/customers?limit=1000", a -> a.get("count").asInt() == 1000, 120);
        HttpResponse<String> train = api.postEmpty("/train/xgboost?n_samples=1000");
        assertEquals(202, train.statusCode(), train.body());
        String job = train.headers().firstValue("Location").orElseThrow();
        JsonNode done = api.await(job, j -> !Set.of("queued", "running").contains(j.get("status").asText()), 180);
        assertEquals("succeeded", done.get("status").asText(), done.toString());

        JsonNode predicted = JSON.readTree(ok(api.postJson("/predict?model_type=xgboost", """
                {
                    "customer_id": "CUST_001",
                    "recency": 30,
                    "frequency": 5,
                    "monetary_value": 1500.0,
                    "tenure": 180,
                    "avg_order_value": 300.0,
                    "days_between_purchases": 36.0,
                    "total_orders": 5
                  }""")).body());
        assertTrue(predicted.get("predicted_clv").isNumber(), predicted.toString());
        assertTrue(predicted.has("as_of"), predicted.toString());
        JsonNode batch = JSON.readTree(ok(api.postJson("/predict/batch", """
                [{"customer_id": "A", "recency": 10, "frequency": 3, "monetary_value": 300.0, "tenure": 90},
                 {"customer_id": "B", "recency": 100, "frequency": 2, "monetary_value": 50.0, "tenure": 60}]"""))
                .body());
        assertEquals(1, batch.get("results").size(), "B's recency is past its tenure: " + batch);
        assertEquals(1, batch.get("errors").size(), batch.toString());

        assertTrue(JSON.readTree(ok(api.get("/model/info")).body()).hasNonNull("xgboost"));
        JsonNode performance = JSON.readTree(ok(api.get("/model/performance")).body()).get("xgboost");
        assertTrue(performance.has("rmse") && performance.has("mae") && performance.has("r2"), performance.toString());
        SeedClient anonymous = new SeedClient(gateway, null);
        assertTrue(JSON.readTree(ok(anonymous.get("/health")).body()).has("status"));
        assertTrue(JSON.readTree(ok(anonymous.get("/")).body()).get("endpoints").size() > 20);
    }

    @Test
    void theCustomer360ClientsCallsWorkUnchanged() throws Exception {
        String token = stack.token("seed-c360");
        SeedClient api = new SeedClient(gateway, token);
        ok(api.postEmpty("/generate-sample-data?n_customers=200"));
        api.await("/v1/customers?limit=1000", a -> a.get("count").asInt() >= 200, 90);

        JsonNode churn = envelope(api.get("/marketing/churn-risk-customers?min_lifetime_value=5000&limit=10"));
        for (JsonNode row : churn.get("data")) {
            for (String member : new String[]{"customer_id", "customer_name", "customer_segment", "loyalty_tier",
                    "total_spent", "risk_status", "customer_health_score"}) {
                assertTrue(row.has(member), member + " in " + row);
            }
        }
        envelope(api.get("/product/digital-engagement-analysis"));
        JsonNode clv = envelope(api.get("/finance/customer-lifetime-value"));
        assertTrue(clv.get("data").size() > 0, clv.toString());
        for (JsonNode row : clv.get("data")) {
            assertTrue(row.has("avg_lifetime_value") && row.has("total_revenue") && row.has("customer_count"),
                    row.toString());
        }
        JsonNode healthy = envelope(api.get("/analytics/customer-profiles?customer_status=Active&min_health_score=4.0"
                + "&limit=50"));
        for (JsonNode row : healthy.get("data")) {
            assertTrue(row.get("customer_health_score").decimalValue().compareTo(new BigDecimal("4.0")) >= 0,
                    row.toString());
            assertEquals("Active", row.get("customer_status").asText());
        }
        JsonNode either = envelope(api.get("/analytics/customer-profiles?customer_status=Active"
                + "&customer_status=At%20Risk"));
        for (JsonNode row : either.get("data")) {
            assertTrue(Set.of("Active", "At Risk").contains(row.get("customer_status").asText()), row.toString());
        }
        assertTrue(JSON.readTree(ok(new SeedClient(gateway, null).get("/health")).body()).has("components"));
        assertTrue(JSON.readTree(ok(api.get("/admin/metrics")).body()).isObject());
        HttpResponse<String> refresh = api.postEmpty("/admin/refresh-data?force_refresh=true");
        assertTrue(refresh.statusCode() == 202 || refresh.statusCode() == 200, refresh.body());

        // the error envelope the seed's client reads, on a problem body
        HttpResponse<String> missing = api.get("/marketing/no-such-answer");
        assertEquals(404, missing.statusCode());
        JsonNode error = JSON.readTree(missing.body());
        assertFalse(error.get("success").asBoolean());
        assertEquals("NotFound", error.get("error_type").asText());
        assertEquals(error.get("detail").asText(), error.get("error_message").asText());
        assertEquals(404, error.at("/error_details/status_code").asInt());
        assertTrue(error.hasNonNull("timestamp"));
    }

    @Test
    void theCustomerAnalyticsApisCallsWorkUnchangedWithAnApiKeyAsBearer() throws Exception {
        String admin = stack.token("seed-teama");
        HttpResponse<String> created = new SeedClient(gateway, admin).postJson("/v1/api-keys", """
                {"name": "team-a", "scopes": ["events:write", "analytics:read", "segments:read", "segments:write",
                 "webhooks:write"]}""");
        assertEquals(201, created.statusCode(), created.body());
        SeedClient api = new SeedClient(gateway + "/customer-analytics/v1", JSON.readTree(created.body())
                .get("key").asText());

        ok(api.get("/customers"));
        HttpResponse<String> tracked = api.postJson("/events", """
                {
                    "customer_id": "customer_123",
                    "event_type": "page_view",
                    "properties": {
                      "page_title": "Product Page",
                      "product_id": "product_456"
                    }
                  }""");
        assertAccepted(tracked);
        assertEquals("timestamp", JSON.readTree(tracked.body()).at("/defaults/0/field").asText(), tracked.body());
        assertAccepted(api.postJson("/events", """
                {"customer_id": "customer_123", "event_type": "purchase",
                 "properties": {"order_id": "order_789", "amount": 99.99, "items": ["product_1", "product_2"],
                 "payment_method": "credit_card"}}"""));

        JsonNode customers = api.await("/customers?limit=10", a -> a.get("data").size() == 1, 60);
        JsonNode customer = customers.at("/data/0");
        assertEquals("customer_123", customer.get("id").asText());
        for (String member : new String[]{"email", "name", "created_at", "last_active", "segment_ids",
                "total_purchases", "lifetime_value"}) {
            assertTrue(customer.has(member), member + " in " + customer);
        }
        JsonNode events = api.await("/events?customer_id=customer_123&properties.page_title=Product%20Page",
                a -> a.get("data").size() == 1, 30);
        assertEquals("page_view", events.at("/data/0/event_type").asText());

        HttpResponse<String> segment = api.postJson("/segments", """
                {"name": "At Risk Customers", "criteria": {"last_active_days": 30, "feature_usage_decline": 0.5}}""");
        assertEquals(201, segment.statusCode(), segment.body());
        String id = JSON.readTree(segment.body()).get("id").asText();
        assertTrue(JSON.readTree(segment.body()).at("/criteria/all").isArray(), segment.body());
        ok(api.get("/segments/" + id + "/customers"));
        ok(api.get("/reports/engagement?start_date=2024-01-01&end_date=2024-01-31"));
        HttpResponse<String> hook = api.postJson("/webhooks", """
                {"url": "https://your-app.com/webhooks/analytics",
                 "events": ["segment.customer_added", "segment.customer_removed"]}""");
        assertEquals(201, hook.statusCode(), hook.body());
    }

    private static HttpResponse<String> ok(HttpResponse<String> answer) {
        assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.uri() + ": " + answer.body());
        return answer;
    }

    private static void assertAccepted(HttpResponse<String> answer) throws Exception {
        ok(answer);
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(1, body.get("successful_rows").asInt(), answer.body());
        assertEquals(0, body.get("quarantined_rows").asInt(), answer.body());
    }

    /** The Customer 360 envelope: success, message, timestamp, data and count. */
    private static JsonNode envelope(HttpResponse<String> answer) throws Exception {
        JsonNode body = JSON.readTree(ok(answer).body());
        assertTrue(body.get("success").asBoolean(), body.toString());
        assertTrue(body.has("message") && body.has("timestamp") && body.has("data"), body.toString());
        return body;
    }
}
