package dev.clv.segmentation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Each rule tree selects exactly the customers a hand-written Java predicate over the same rows selects. */
@QuarkusTest
@WithPlatformInfrastructure
class SegmentCriteriaTest {
    private static final String TENANT = "criteria-" + UUID.randomUUID();
    private static final Instant NOW = Instant.now();
    private static final List<StoredCustomer> CUSTOMERS = new ArrayList<>();

    @BeforeAll
    static void store() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            CUSTOMERS.add(StoredCustomer.random(random, "c%03d".formatted(i), NOW));
        }
        StoredCustomer.store(TENANT, CUSTOMERS);
    }

    private static boolean atLeast(BigDecimal value, String bound) {
        return value != null && value.compareTo(new BigDecimal(bound)) >= 0;
    }

    private static long recencyDays(StoredCustomer c) {
        return Duration.between(c.lastPurchase(), NOW).toDays();
    }

    private static long purchasesWithin(StoredCustomer c, int days) {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        return c.purchaseDays().entrySet().stream().filter(e -> e.getKey().isAfter(today.minusDays(days)))
                .mapToLong(Map.Entry::getValue).sum();
    }

    // days since the newest purchase, interaction or behavioural event; null for a customer never active
    private static Long lastActiveDays(StoredCustomer c) {
        return Stream.of(c.lastPurchase(), c.lastInteraction(), c.lastEvent()).filter(Objects::nonNull)
                .max(Instant::compareTo).map(t -> Duration.between(t, NOW).toDays()).orElse(null);
    }

    // behavioural events (every type but purchase and interaction) on days 0-29 and 30-59 back from today
    private static long[] eventWindows(StoredCustomer c) {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        long[] windows = new long[2];
        c.activity().forEach((kind, days) -> days.forEach((day, n) -> {
            long back = ChronoUnit.DAYS.between(day, today);
            if (!kind.equals("purchase") && !kind.equals("interaction") && back < 60) {
                windows[back < 30 ? 0 : 1] += n;
            }
        }));
        return windows;
    }

    // event_trend_30d <= bound: recent / earlier <= bound, compared exactly; no trend when earlier is 0
    private static boolean trendAtMost(StoredCustomer c, String bound) {
        long[] w = eventWindows(c);
        return w[1] > 0
                && BigDecimal.valueOf(w[0]).compareTo(new BigDecimal(bound).multiply(BigDecimal.valueOf(w[1]))) <= 0;
    }

    // R and F by the rank definition of RfmSegments, counted here among the buyers: 1 + floor(5 × worse / buyers)
    private static int[] rfm(StoredCustomer c) {
        if (c.purchases() == 0) {
            return null;
        }
        List<StoredCustomer> buyers = CUSTOMERS.stream().filter(b -> b.purchases() > 0).toList();
        LocalDate day = LocalDate.ofInstant(c.lastPurchase(), ZoneOffset.UTC);
        long olderDays = buyers.stream().filter(b -> LocalDate.ofInstant(b.lastPurchase(), ZoneOffset.UTC)
                .isBefore(day)).count();
        long fewer = buyers.stream().filter(b -> b.purchases() < c.purchases()).count();
        return new int[]{(int) (1 + 5 * olderDays / buyers.size()), (int) (1 + 5 * fewer / buyers.size())};
    }

    private static final Map<String, Predicate<StoredCustomer>> CASES = Map.ofEntries(
            Map.entry("{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}", c -> "DE".equals(c.country())),
            Map.entry("{\"field\":\"country\",\"op\":\"neq\",\"value\":\"DE\"}",
                    c -> c.country() != null && !"DE".equals(c.country())),
            Map.entry("{\"not\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}}", c -> !"DE".equals(c
                    .country())),
            Map.entry("{\"field\":\"country\",\"op\":\"exists\"}", c -> c.country() != null),
            Map.entry("{\"field\":\"loyalty_tier\",\"op\":\"in\",\"value\":[\"gold\",\"silver\"]}",
                    c -> "gold".equals(c.loyaltyTier()) || "silver".equals(c.loyaltyTier())),
            Map.entry("{\"field\":\"city\",\"op\":\"contains\",\"value\":\"BE\"}",
                    c -> c.city() != null && c.city().toLowerCase().contains("be")),
            Map.entry("{\"field\":\"total_spent\",\"op\":\"gte\",\"value\":500}", c -> atLeast(c.net(), "500")),
            Map.entry("{\"field\":\"total_spent\",\"op\":\"between\",\"value\":[100.5,300]}",
                    c -> atLeast(c.net(), "100.5") && c.net().compareTo(new BigDecimal("300")) <= 0),
            Map.entry("{\"field\":\"avg_order_value\",\"op\":\"gt\",\"value\":150}",
                    c -> c.avgOrderValue() != null && c.avgOrderValue().compareTo(new BigDecimal("150")) > 0),
            Map.entry("{\"field\":\"is_active\",\"op\":\"eq\",\"value\":true}", c -> Boolean.TRUE.equals(c
                    .active())),
            Map.entry("{\"field\":\"p_alive\",\"op\":\"lt\",\"value\":0.5}", c -> c.pAlive() != null && c
                    .pAlive() < 0.5),
            Map.entry("{\"field\":\"recency_days\",\"op\":\"lte\",\"value\":30}", c -> c.lastPurchase() != null
                    && recencyDays(c) <= 30),
            Map.entry("{\"field\":\"attributes.plan\",\"op\":\"eq\",\"value\":\"pro\"}", c -> "pro".equals(c
                    .plan())),
            Map.entry("{\"field\":\"attributes.seats\",\"op\":\"gt\",\"value\":25}", c -> c.seats() != null && c
                    .seats() > 25),
            Map.entry("{\"event\":\"purchase\",\"within_days\":30,\"op\":\"gte\",\"value\":2}",
                    c -> purchasesWithin(c, 30) >= 2),
            Map.entry("{\"field\":\"last_active_days\",\"op\":\"gte\",\"value\":30}",
                    c -> lastActiveDays(c) != null && lastActiveDays(c) >= 30),
            Map.entry("{\"not\":{\"field\":\"last_active_days\",\"op\":\"exists\"}}",
                    c -> lastActiveDays(c) == null),
            Map.entry("{\"field\":\"event_trend_30d\",\"op\":\"lte\",\"value\":0.5}", c -> trendAtMost(c, "0.5")),
            Map.entry("{\"field\":\"event_trend_30d\",\"op\":\"exists\",\"value\":false}",
                    c -> eventWindows(c)[1] == 0),
            // seed 003's shorthand: inactive for 30 days and behavioural events down by at least 40 %
            Map.entry("{\"last_active_days\":30,\"feature_usage_decline\":0.4}",
                    c -> lastActiveDays(c) != null && lastActiveDays(c) >= 30 && trendAtMost(c, "0.6")),
            Map.entry("{\"field\":\"rfm_segment\",\"op\":\"eq\",\"value\":\"Champions\"}",
                    c -> rfm(c) != null && rfm(c)[0] == 5 && rfm(c)[1] >= 4),
            Map.entry("{\"field\":\"rfm_segment\",\"op\":\"eq\",\"value\":\"Lost\"}",
                    c -> rfm(c) != null && rfm(c)[0] == 1 && rfm(c)[1] == 1),
            Map.entry("{\"all\":[{\"field\":\"frequency\",\"op\":\"gt\",\"value\":2},{\"any\":["
                    + "{\"field\":\"country\",\"op\":\"in\",\"value\":[\"FR\",\"US\"]},"
                    + "{\"not\":{\"field\":\"attributes.plan\",\"op\":\"exists\"}}]}]}",
                    c -> c.purchases() > 2 && ("FR".equals(c.country()) || "US".equals(c.country()) || c
                            .plan() == null)));

    @Test
    void everyRuleTreeSelectsWhatItsJavaPredicateSelects() {
        String token = OidcResource.token(TENANT, "segments:write", "segments:read");
        int n = 0;
        for (Map.Entry<String, Predicate<StoredCustomer>> c : CASES.entrySet()) {
            List<String> expected = CUSTOMERS.stream().filter(c.getValue()).map(StoredCustomer::id).sorted().toList();
            assertTrue(!expected.isEmpty() && expected.size() < CUSTOMERS.size(), "a telling case: " + c.getKey());
            JsonPath preview = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"criteria\":" + c.getKey() + ",\"sample_size\":5}").post("/v1/segments/preview")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(expected.size(), preview.getInt("member_count"), c.getKey());
            assertEquals(expected.subList(0, Math.min(5, expected.size())), preview.getList("sample"), c.getKey());
            String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"name\":\"case " + n++ + "\",\"criteria\":" + c.getKey() + "}").post("/v1/segments")
                    .then().statusCode(201).body("member_count", equalTo(expected.size())).extract().path("id");
            assertEquals(expected, members(token, id), c.getKey());
        }
        assertEquals(CASES.size(), n);
    }

    /** Every member, a page of 37 at a time. */
    static List<String> members(String token, String segment) {
        List<String> all = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = given().auth().oauth2(token).get("/v1/segments/" + segment + "/customers?limit=37&cursor="
                    + cursor).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("data.customer_id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return all;
    }
}
