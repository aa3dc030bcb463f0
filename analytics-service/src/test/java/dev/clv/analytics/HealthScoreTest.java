package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The continuous health score and the seed's member names (seed 002), over customers placed by hand and a fixed
 * reference date, 2024-06-30. Registered 2024-01-01 (181 days before: not New) unless said otherwise. Each score
 * is worked out below from the documented rules: 1 + recency + purchases + satisfaction − support, clamped to 1–5.
 */
@QuarkusTest
@WithPlatformInfrastructure
class HealthScoreTest {
    private static final String TENANT = "health-" + UUID.randomUUID();
    private static final String AT = "reference_date=2024-06-30";
    private static final TenantRecords ROWS = new TenantRecords(TENANT);
    private static boolean loaded;

    @BeforeEach
    void load() {
        synchronized (HealthScoreTest.class) {
            if (loaded) {
                return;
            }
            loaded = true;
        }
        String reg = "2024-01-01T00:00:00Z";
        ROWS.send(ROWS.customer("h1", reg, "Standard", "Gold", "Ann Lee", "ann@example.com"),
                ROWS.customer("h2", reg, "Premium", "Platinum", "Lisa Anderson", null),
                ROWS.customer("h3", reg, "Premium", null, null, null), ROWS.customer("h4", reg, "Standard", null,
                        null, null),
                ROWS.customer("h5", reg, "Standard", null, null, null), ROWS.customer("h6", reg, "Standard", null,
                        null, null),
                ROWS.customer("h7", reg, "Standard", "Silver", null, null),
                ROWS.customer("h8", "2024-06-20T00:00:00Z", "Standard", null, null, null),
                ROWS.customer("h9", reg, "Standard", null, null, null));
        List<Object> rows = new ArrayList<>();
        // h1: last purchase 45 days back, 3 purchases, ratings 4 and 3, one support contact
        rows.add(ROWS.purchase("h1-1", "h1", "2024-05-16T12:00:00Z", "10.00"));
        rows.add(ROWS.purchase("h1-2", "h1", "2024-03-01T12:00:00Z", "10.00"));
        rows.add(ROWS.purchase("h1-3", "h1", "2024-02-01T12:00:00Z", "10.00"));
        rows.add(ROWS.interaction("h1-i1", "h1", "2024-06-01T12:00:00Z", "support_contact", "web", 4));
        rows.add(ROWS.interaction("h1-i2", "h1", "2024-06-01T13:00:00Z", "chat", "web", 3));
        // h2: one purchase 120 days back; four support contacts, one rated 2
        rows.add(ROWS.purchase("h2-1", "h2", "2024-03-02T12:00:00Z", "500.00"));
        for (int i = 0; i < 4; i++) {
            rows.add(ROWS.interaction("h2-i" + i, "h2", "2024-06-01T12:00:00Z", "support_contact", "app", i == 0
                    ? 2
                    : null));
        }
        // h3: six purchases, the last 10 days back; ratings 5 and 4
        for (String day : new String[]{"06-20", "06-10", "05-20", "05-10", "04-20", "04-10"}) {
            rows.add(ROWS.purchase("h3-" + day, "h3", "2024-" + day + "T12:00:00Z", "20.00"));
        }
        rows.add(ROWS.interaction("h3-i1", "h3", "2024-06-01T12:00:00Z", "chat", "app", 5));
        rows.add(ROWS.interaction("h3-i2", "h3", "2024-06-01T13:00:00Z", "chat", "app", 4));
        // h4: never bought. h5: one purchase 31 days back
        rows.add(ROWS.purchase("h5-1", "h5", "2024-05-30T12:00:00Z", "10.00"));
        // h6: two purchases, the last exactly 90 days back; ratings 3, 3, 4
        rows.add(ROWS.purchase("h6-1", "h6", "2024-04-01T12:00:00Z", "10.00"));
        rows.add(ROWS.purchase("h6-2", "h6", "2024-02-01T12:00:00Z", "10.00"));
        for (int i = 0; i < 3; i++) {
            rows.add(ROWS.interaction("h6-i" + i, "h6", "2024-06-01T12:00:00Z", "chat", "web", i == 2 ? 4 : 3));
        }
        // h7: five purchases of 100.00, the last 200 days back, a refund of 40.00; two unrated support contacts
        for (String day : new String[]{"2023-12-13", "2023-12-01", "2023-11-01", "2023-10-01", "2023-09-01"}) {
            rows.add(ROWS.purchase("h7-" + day, "h7", day + "T12:00:00Z", "100.00"));
        }
        rows.add(ROWS.refund("h7-r", "h7", "2023-12-20T12:00:00Z", "40.00"));
        rows.add(ROWS.interaction("h7-i1", "h7", "2024-06-01T12:00:00Z", "support_contact", "web", null));
        rows.add(ROWS.interaction("h7-i2", "h7", "2024-06-02T12:00:00Z", "support_contact", "web", null));
        // h8: registered 10 days back, bought 5 days back. h9: one purchase 36 days back, eight ratings summing 25
        rows.add(ROWS.purchase("h8-1", "h8", "2024-06-25T12:00:00Z", "30.00"));
        rows.add(ROWS.purchase("h9-1", "h9", "2024-05-25T12:00:00Z", "10.00"));
        for (int i = 0; i < 8; i++) {
            rows.add(ROWS.interaction("h9-i" + i, "h9", "2024-06-01T12:00:00Z", "chat", "web", i == 0 ? 4 : 3));
        }
        ROWS.send(rows.toArray());
        // every row is in: 9 customers, 1180.00 of net revenue, 7 support contacts
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath all = get("analytics/customer-profiles", AT);
            return all.getInt("count") == 9 && all.getList("data.support_contacts", Integer.class).stream()
                    .mapToInt(i -> i).sum() == 7 && all.getList("data.ltv", BigDecimal.class).stream()
                            .reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(new BigDecimal("1180.00")) == 0;
        });
    }

    @Test
    void theScoreIsContinuousOnTheFormerScale() {
        // h1: 1 + (2 − 15/60 = 1.75) + 3 × 0.2 + (3.5 − 3) − 1/3 = 3.5166… → 3.52 (the whole-number score was 2)
        // h2: 1 + (1 − 30/90) + 0.2 + (2 − 3 = −1) − 4 contacts (at most 1) = −0.13… → clamped to 1.00
        // h3: 1 + 2 + 1 (6 purchases, at most 1) + (4.5 − 3, at most 1) − 0 = 5.00
        // h4: never bought, no rating: 1.00. h5: 1 + (2 − 1/60) + 0.2 = 3.1833… → 3.18
        // h6: 1 + (90 days: 1) + 0.4 + (10/3 − 3 = 1/3) = 2.7333… → 2.73
        // h7: 1 + (200 days: 0) + 1 − 2/3 = 1.3333… → 1.33. h8: 1 + 2 + 0.2 = 3.20
        // h9: 1 + (2 − 6/60 = 1.9) + 0.2 + (25/8 − 3 = 0.125) = 3.225 → 3.23 (half up; half even would say 3.22)
        Map<String, String> expected = Map.of("h1", "3.52", "h2", "1.00", "h3", "5.00", "h4", "1.00", "h5", "3.18",
                "h6", "2.73", "h7", "1.33", "h8", "3.20", "h9", "3.23");
        for (Map<String, Object> row : get("analytics/customer-profiles", AT).<Map<String, Object>>getList("data")) {
            String id = (String) row.get("customer_id");
            assertEquals(0, new BigDecimal(expected.get(id)).compareTo(number(row, "customer_health_score")), id);
            assertEquals(0, new BigDecimal(expected.get(id)).compareTo(number(row, "health_score")), id);
        }
        // per status, the mean of the scores: Active h1 h3 h5 h6 h9 (17.66 / 5 = 3.532), At Risk h2, Churned h4 h7
        // (2.33 / 2 = 1.165, half up), New h8
        Map<String, String> means = Map.of("Active", "3.53", "At Risk", "1.00", "Churned", "1.17", "New", "3.20");
        Map<String, Integer> counts = Map.of("Active", 5, "At Risk", 1, "Churned", 2, "New", 1);
        for (Map<String, Object> row : get("marketing/customer-health-overview", AT).<Map<String, Object>>getList(
                "data")) {
            assertEquals(0, new BigDecimal(means.get(row.get("status"))).compareTo(number(row, "avg_health_score")),
                    row.toString());
            assertEquals(counts.get(row.get("status")), number(row, "customer_count").intValue(), row.toString());
            assertEquals(row.get("status"), row.get("customer_status"));
        }
    }

    @Test
    void profilesFilterOnTheDecimalScoreAndAnyOfTheStatuses() {
        // the seed's own examples: Active with 4.0 or more is h3 only; Active or At Risk with 3.2 or more: h1, h3, h9
        assertEquals(List.of("h3"), get("analytics/customer-profiles", AT + "&customer_status=Active"
                + "&min_health_score=4.0&limit=50").getList("data.customer_id"));
        assertEquals(List.of("h1", "h3", "h9"), get("analytics/customer-profiles", AT + "&customer_status=Active"
                + "&customer_status=At Risk&min_health_score=3.2").getList("data.customer_id"));
        // 3.23 passes a floor of 3.23 (the filter compares the two-decimal score shown)
        assertEquals(List.of("h1", "h3", "h9"), get("analytics/customer-profiles", AT
                + "&min_health_score=3.23&customer_status=active").getList("data.customer_id"));
        given().auth().oauth2(token()).get("/v1/analytics/customer-profiles?min_health_score=5.5").then()
                .statusCode(400).body("errors[0].field", equalTo("min_health_score"));
        given().auth().oauth2(token()).get("/v1/analytics/customer-profiles?min_health_score=high").then()
                .statusCode(400).body("errors[0].field", equalTo("min_health_score"));
    }

    @Test
    void churnRiskRowsCarryTheSeedsMembers() {
        // At Risk h2 (500.00) and Churned h7 (500.00 bought, 40.00 refunded: 460.00) and h4 (0), most valuable first
        List<Map<String, Object>> rows = get("marketing/churn-risk-customers", AT).getList("data");
        assertEquals(List.of("h2", "h7", "h4"), rows.stream().map(r -> r.get("customer_id")).toList());
        Map<String, Object> lisa = rows.get(0);
        assertEquals("Lisa Anderson", lisa.get("customer_name"));
        assertEquals("Premium", lisa.get("customer_segment"));
        assertEquals("Platinum", lisa.get("loyalty_tier"));
        assertEquals(0, new BigDecimal("500.00").compareTo(number(lisa, "total_spent")));
        assertEquals("CHURN RISK", lisa.get("risk_status"));
        assertEquals(0, new BigDecimal("1.00").compareTo(number(lisa, "customer_health_score")));
        Map<String, Object> h7 = rows.get(1);
        assertEquals("CHURNED", h7.get("risk_status"));
        assertEquals(0, new BigDecimal("500.00").compareTo(number(h7, "total_spent")), "gross: refunds not taken off");
        assertEquals(0, new BigDecimal("460.00").compareTo(number(h7, "lifetime_value")));
        // members without a value are written as null, not left out: the seed's client reads them by name
        assertTrue(h7.containsKey("customer_name") && h7.get("customer_name") == null, h7.toString());
        assertEquals(List.of("h2"), get("marketing/churn-risk-customers", AT + "&min_lifetime_value=470")
                .getList("data.customer_id"));
    }

    @Test
    void segmentAndRevenueAnswersCarryTheSeedsNames() {
        // Premium: h2 500.00 + h3 6 × 20.00 = 620.00 over 2 customers; Standard: the other seven, h1 30 + h4 0 +
        // h5 10 + h6 20 + h7 460 + h8 30 + h9 10 = 560.00, 80.00 each
        Map<String, Object> premium = get("finance/customer-lifetime-value", "reference_date=2024-06-30")
                .getMap("data.find { it.segment == 'Premium' }");
        assertEquals("Premium", premium.get("customer_segment"));
        assertEquals(2, number(premium, "customer_count").intValue());
        assertEquals(0, new BigDecimal("620.00").compareTo(number(premium, "total_revenue")));
        assertEquals(0, new BigDecimal("310.00").compareTo(number(premium, "avg_lifetime_value")));
        Map<String, Object> standard = get("marketing/customer-segmentation", AT)
                .getMap("data.find { it.segment == 'Standard' }");
        assertEquals(7, number(standard, "customer_count").intValue());
        assertEquals(0, new BigDecimal("560.00").compareTo(number(standard, "total_revenue")));
        assertEquals(0, new BigDecimal("80.00").compareTo(number(standard, "avg_lifetime_value")));
        // June 2024: Premium h3's two purchases (40.00, one buyer), Standard h8's one (30.00)
        List<Map<String, Object>> june = get("finance/revenue-analysis", "start_date=2024-06-01&end_date=2024-06-30")
                .getList("data");
        assertEquals(List.of("Premium 40.00 1", "Standard 30.00 1"), june.stream().map(r -> r.get("customer_segment")
                + " " + number(r, "total_revenue").setScale(2) + " " + r.get("customer_count")).toList());
        // the second quarter: h3 bought in each of its three months and is one buyer of it, not three; Standard's
        // h1, h5, h6, h8 and h9 one purchase each
        List<Map<String, Object>> quarter = get("finance/revenue-analysis",
                "granularity=quarter&start_date=2024-04-01&end_date=2024-06-30").getList("data");
        assertEquals(List.of("2024-04-01 Premium 120.00 1 6", "2024-04-01 Standard 70.00 5 5"), quarter.stream()
                .map(r -> r.get("period") + " " + r.get("customer_segment") + " " + number(r, "total_revenue")
                        .setScale(2) + " " + r.get("customer_count") + " " + r.get("orders"))
                .toList());
    }

    private static BigDecimal number(Map<String, Object> row, String key) {
        return new BigDecimal(String.valueOf(row.get(key)));
    }

    private static String token() {
        return OidcResource.token(TENANT, "analytics:read");
    }

    private static JsonPath get(String path, String query) {
        return TenantRecords.get(token(), "/v1/" + path + "?" + query);
    }
}
