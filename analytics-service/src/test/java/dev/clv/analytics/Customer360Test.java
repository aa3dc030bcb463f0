package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Every Customer 360 answer against {@link Reference360} over the generated tenant, as of a fixed day. */
@QuarkusTest
@WithPlatformInfrastructure
class Customer360Test {
    // ten days after the newest registration: every status occurs
    private static final LocalDate DAY = GeneratedTenant.DATA.customers().stream()
            .map(c -> c.registrationDate().atOffset(java.time.ZoneOffset.UTC).toLocalDate())
            .max(LocalDate::compareTo).orElseThrow().plusDays(10);
    private static final String AT = "reference_date=" + DAY;
    private static final Reference360 REF = new Reference360(GeneratedTenant.DATA);

    @BeforeEach
    void load() {
        GeneratedTenant.ensureLoaded();
    }

    @Test
    void healthOverviewCountsEveryStatus() {
        List<Map<String, Object>> rows = get("marketing/customer-health-overview", AT).getList("data");
        assertEquals(List.of("New", "Active", "At Risk", "Churned"), rows.stream().map(r -> r.get("status")).toList());
        for (Map<String, Object> row : rows) {
            List<Reference360.Facts> in = REF.facts.values().stream()
                    .filter(f -> Reference360.status(f, DAY).equals(row.get("status"))).toList();
            assertTrue(!in.isEmpty(), "the data holds " + row.get("status") + " customers");
            assertEquals(in.size(), number(row, "customers").intValue(), row.toString());
            BigDecimal health = in.stream().map(f -> Reference360.health(f, DAY)).reduce(BigDecimal.ZERO,
                    BigDecimal::add).divide(BigDecimal.valueOf(in.size()), 2, RoundingMode.HALF_UP);
            assertEquals(0, health.compareTo(number(row, "avg_health_score")), row.toString());
            assertEquals(0, sum(in, f -> f.net).compareTo(number(row, "total_ltv")));
        }
    }

    @Test
    void churnRiskListsAtRiskAndChurnedAboveTheFloor() {
        List<Map<String, Object>> rows = get("marketing/churn-risk-customers", AT
                + "&min_lifetime_value=50&limit=10000").getList("data");
        Set<String> expected = new HashSet<>();
        REF.facts.forEach((id, f) -> {
            String s = Reference360.status(f, DAY);
            if ((s.equals("At Risk") || s.equals("Churned")) && f.net.compareTo(new BigDecimal("50")) >= 0) {
                expected.add(id);
            }
        });
        assertEquals(expected, new HashSet<>(rows.stream().map(r -> (String) r.get("customer_id")).toList()));
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(number(rows.get(i - 1), "lifetime_value").compareTo(number(rows.get(i), "lifetime_value")) >= 0);
        }
        rows.forEach(r -> assertEquals(r.get("status").equals("Churned") ? "high" : "medium", r.get("churn_risk")));
        // the seed's members, from the same facts
        for (Map<String, Object> r : rows) {
            Reference360.Facts f = REF.facts.get((String) r.get("customer_id"));
            assertEquals(r.get("status").equals("Churned") ? "CHURNED" : "CHURN RISK", r.get("risk_status"));
            assertEquals(0, Reference360.health(f, DAY).compareTo(number(r, "customer_health_score")), r.toString());
            assertEquals(0, f.gross.compareTo(number(r, "total_spent")), r.toString());
            assertEquals(f.customer.segment(), r.get("customer_segment"));
            assertEquals(f.customer.loyaltyTier(), r.get("loyalty_tier"));
            assertTrue(r.containsKey("customer_name"), "named, null without a name: " + r);
        }
    }

    @Test
    void segmentLoyaltyAndGenerationGroupsMatch() {
        Map<String, List<Reference360.Facts>> bySegment = group(f -> f.customer.segment());
        for (Map<String, Object> row : get("marketing/customer-segmentation", AT)
                .<Map<String, Object>>getList("data")) {
            List<Reference360.Facts> in = bySegment.get((String) row.get("segment"));
            assertEquals(in.size(), number(row, "customers").intValue());
            assertEquals(0, sum(in, f -> f.net).compareTo(number(row, "total_ltv")));
        }
        Map<String, List<Reference360.Facts>> byTier = group(f -> f.customer.loyaltyTier() == null
                ? "none"
                : f.customer.loyaltyTier());
        List<Map<String, Object>> tiers = get("marketing/loyalty-program-metrics", AT).getList("data");
        assertEquals(byTier.size(), tiers.size());
        for (Map<String, Object> row : tiers) {
            List<Reference360.Facts> in = byTier.get((String) row.get("loyalty_tier"));
            assertEquals(in.size(), number(row, "customers").intValue());
            assertEquals(0, sum(in, f -> f.net).divide(BigDecimal.valueOf(in.size()), 2, RoundingMode.HALF_UP)
                    .compareTo(number(row, "avg_ltv")), row.toString());
        }
        Map<String, List<Reference360.Facts>> byGeneration = group(f -> Reference360.generation(f.customer.age(),
                DAY));
        for (Map<String, Object> row : get("product/digital-engagement-analysis", AT).<Map<String, Object>>getList(
                "data")) {
            List<Reference360.Facts> in = byGeneration.get((String) row.get("generation"));
            assertEquals(in.size(), number(row, "customers").intValue());
            assertEquals(in.stream().mapToLong(f -> f.app).sum(), number(row, "app_interactions").longValue());
            assertEquals(in.stream().mapToLong(f -> f.web).sum(), number(row, "web_interactions").longValue());
            assertEquals(in.stream().filter(f -> f.app > 0).count(), number(row, "app_users").longValue());
        }
    }

    @Test
    void categoriesAndCrossSellMatch() {
        Map<String, long[]> buyers = new TreeMap<>(); // buyers, purchases
        Map<String, BigDecimal> net = new TreeMap<>();
        for (Reference360.Facts f : REF.facts.values()) {
            f.categoryCounts.forEach((c, n) -> {
                long[] b = buyers.computeIfAbsent(c, k -> new long[2]);
                b[0] += n[0] > 0 ? 1 : 0;
                b[1] += n[0];
                BigDecimal[] money = f.categoryMoney.get(c);
                net.merge(c, money[0].subtract(money[1]), BigDecimal::add);
            });
        }
        List<Map<String, Object>> rows = get("product/category-insights", "").getList("data");
        assertEquals(buyers.size(), rows.size());
        for (Map<String, Object> row : rows) {
            String c = (String) row.get("category");
            assertEquals(buyers.get(c)[0], number(row, "buyers").longValue());
            assertEquals(buyers.get(c)[1], number(row, "purchases").longValue());
            assertEquals(0, net.get(c).compareTo(number(row, "net_revenue")));
        }
        long all = REF.facts.values().stream().filter(f -> f.categoryCounts.values().stream().anyMatch(n -> n[0] > 0))
                .count();
        List<Map<String, Object>> pairs = get("product/cross-sell-opportunities",
                "min_customers=1&limit=10000&opportunity_type=category_pair").getList("data");
        assertTrue(pairs.size() > 1);
        // every ordered pair bought together by someone is there, once
        long together = buyers.keySet().stream().mapToLong(a -> buyers.keySet().stream().filter(b -> !b.equals(a)
                && REF.facts.values().stream().anyMatch(f -> bought(f, a) && bought(f, b))).count()).sum();
        assertEquals(together, pairs.stream().map(r -> r.get("from_category") + ">" + r.get("to_category")).distinct()
                .count());
        assertEquals(together, pairs.size());
        for (Map<String, Object> row : pairs) {
            String a = (String) row.get("from_category");
            String b = (String) row.get("to_category");
            long both = REF.facts.values().stream().filter(f -> bought(f, a) && bought(f, b)).count();
            assertEquals(both, number(row, "customers_with_both").longValue(), row.toString());
            BigDecimal confidence = BigDecimal.valueOf(both).divide(BigDecimal.valueOf(buyers.get(a)[0]),
                    MathContext.DECIMAL128);
            BigDecimal lift = confidence.divide(BigDecimal.valueOf(buyers.get(b)[0]).divide(BigDecimal.valueOf(all),
                    MathContext.DECIMAL128), MathContext.DECIMAL128);
            assertEquals(0, confidence.setScale(4, RoundingMode.HALF_UP).compareTo(number(row, "confidence")));
            assertEquals(0, lift.setScale(4, RoundingMode.HALF_UP).compareTo(number(row, "lift")), row.toString());
            assertEquals(buyers.get(a)[0] - both, number(row, "opportunity_customers").longValue());
            assertEquals("category_pair", row.get("opportunity_type"));
            assertEquals(List.of(a, b, buyers.get(a)[0] - both), List.of(row.get("from"), row.get("to"), number(row,
                    "customers").longValue()));
        }
    }

    @Test
    void financeAnswersMatch() {
        Map<String, List<Reference360.Facts>> bySegment = group(f -> f.customer.segment());
        for (Map<String, Object> row : get("finance/customer-lifetime-value", "").<Map<String, Object>>getList(
                "data")) {
            List<BigDecimal> values = bySegment.get((String) row.get("segment")).stream().map(f -> f.net).toList();
            assertEquals(0, ReferenceAnalytics.median(values).compareTo(number(row, "median_ltv")), row.toString());
            // the seed's names of the same values
            BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(row.get("segment"), row.get("customer_segment"));
            assertEquals(values.size(), number(row, "customer_count").intValue());
            assertEquals(0, total.compareTo(number(row, "total_revenue")), row.toString());
            assertEquals(0, total.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP).compareTo(number(
                    row, "avg_lifetime_value")), row.toString());
        }
        // the RFM matrix holds the customer_segmentation pipe's customers, cell by cell
        Map<String, Long> cells = new HashMap<>();
        GeneratedTenant.REF.rfm(null, null, DAY).values().forEach(r -> cells.merge(r.r() + "" + r.f() + r.segment(),
                1L, Long::sum));
        List<Map<String, Object>> matrix = get("finance/rfm-segmentation", AT).getList("data");
        assertEquals(cells.size(), matrix.size());
        matrix.forEach(c -> assertEquals(cells.get("" + c.get("r_score") + c.get("f_score") + c.get("segment")),
                number(c, "customers").longValue(), c.toString()));
        // no product costs are known here: everything is costed by the model, 60 % of net revenue
        List<Map<String, Object>> profit = get("finance/profitability-metrics", "").getList("data");
        Map<String, Object> total = profit.get(profit.size() - 1);
        assertEquals("total", total.get("category"));
        BigDecimal revenue = sum(new ArrayList<>(REF.facts.values()), f -> f.categoryMoney.values().stream()
                .map(m -> m[0].subtract(m[1])).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertEquals(0, revenue.setScale(2, RoundingMode.HALF_UP).compareTo(number(total, "net_revenue")));
        assertEquals(0, revenue.multiply(new BigDecimal("0.6")).setScale(2, RoundingMode.HALF_UP).compareTo(number(
                total, "cost")));
        assertEquals(0, new BigDecimal("40.00").compareTo(number(total, "margin_pct")));
    }

    @Test
    void supportLifecycleAndProfilesMatch() {
        for (Map<String, Object> row : get("customer-success/support-insights", AT).<Map<String, Object>>getList(
                "data")) {
            String bucket = (String) row.get("support_contacts");
            long expected = REF.facts.values().stream().filter(f -> bucket.equals(f.support == 0
                    ? "0"
                    : f.support <= 2 ? "1-2" : f.support <= 5 ? "3-5" : "6+")).count();
            assertEquals(expected, number(row, "customers").longValue(), bucket);
        }
        // a decimal floor on the continuous score, statuses repeated and comma-separated
        JsonPath profiles = get("analytics/customer-profiles", AT
                + "&customer_status=At Risk,Churned&min_health_score=1.5&limit=1000");
        Set<String> expected = new HashSet<>();
        REF.facts.forEach((id, f) -> {
            String s = Reference360.status(f, DAY);
            if ((s.equals("At Risk") || s.equals("Churned")) && Reference360.health(f, DAY).compareTo(
                    new BigDecimal("1.5")) >= 0) {
                expected.add(id);
            }
        });
        assertTrue(!expected.isEmpty());
        assertTrue(expected.size() < REF.facts.values().stream().filter(f -> List.of("At Risk", "Churned").contains(
                Reference360.status(f, DAY))).count(), "the floor leaves some out");
        for (Map<String, Object> row : profiles.<Map<String, Object>>getList("data")) {
            Reference360.Facts f = REF.facts.get((String) row.get("customer_id"));
            assertEquals(0, Reference360.health(f, DAY).compareTo(number(row, "customer_health_score")), row
                    .toString());
            assertEquals(row.get("health_score"), row.get("customer_health_score"));
            assertEquals(row.get("status"), row.get("customer_status"));
            assertEquals(f.customer.segment(), row.get("customer_segment"));
            assertEquals(f.customer.loyaltyTier(), row.get("loyalty_tier"));
            assertEquals(0, f.gross.compareTo(number(row, "total_spent")), row.toString());
            assertEquals(row.get("status").equals("At Risk") ? "CHURN RISK" : "CHURNED", row.get("risk_status"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            JsonPath page = get("analytics/customer-profiles", AT + "&customer_status=At Risk"
                    + "&customer_status=Churned&min_health_score=1.5&limit=7" + (cursor == null
                            ? ""
                            : "&cursor="
                                    + cursor));
            page.getList("data.customer_id", String.class).forEach(id -> assertTrue(seen.add(id)));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        assertEquals(expected, seen);
        assertEquals(expected.size(), profiles.getInt("count"));
    }

    @Test
    void lifecycleTransitionsMatchStagesComputedFromTheRows() {
        // windows whose 181 days before reach back to the data's start and not, short and long, with data after
        String[][] windows = {{"2024-07-01", "2024-09-30"}, {"2024-01-15", "2024-02-14"},
                {"2023-11-01", "2024-12-31"}, {"2024-12-01", "2024-12-01"}};
        for (String[] window : windows) {
            LocalDate start = LocalDate.parse(window[0]);
            LocalDate end = LocalDate.parse(window[1]);
            Map<String, Long> transitions = new TreeMap<>();
            Map<String, Long> atEnd = new TreeMap<>();
            for (var c : GeneratedTenant.DATA.customers()) {
                String from = stage(c, start.minusDays(1));
                String to = stage(c, end);
                transitions.merge(from + " -> " + to, 1L, Long::sum);
                atEnd.merge(to, 1L, Long::sum);
            }
            JsonPath answer = get("customer-success/lifecycle-analysis", "start_date=" + start + "&end_date=" + end);
            Map<String, Long> actual = new TreeMap<>();
            answer.<Map<String, Object>>getList("data.transitions").forEach(t -> actual.put(t.get("from_stage")
                    + " -> " + t.get("to_stage"), number(t, "customers").longValue()));
            Map<String, Long> actualAtEnd = new TreeMap<>();
            answer.<String, Object>getMap("data.stages_at_end").forEach((k, v) -> actualAtEnd.put(k, ((Number) v)
                    .longValue()));
            transitions.entrySet().removeIf(e -> {
                String[] parts = e.getKey().split(" -> ");
                return parts[0].equals(parts[1]);
            });
            if (window == windows[0]) {
                assertTrue(transitions.size() >= 3, "several kinds of transition: " + transitions);
            }
            assertEquals(transitions, actual, String.join("..", window));
            assertEquals(atEnd, actualAtEnd, String.join("..", window));
        }
    }

    // the documented stages, from the raw transactions up to and including day d
    @Test
    void answersOverEveryCustomerComeFromSnapshotsThatEqualTheLiveAnswer() {
        List<String> snapshotted = List.of("marketing/customer-health-overview", "marketing/loyalty-program-metrics",
                "marketing/customer-segmentation", "product/digital-engagement-analysis",
                "product/cross-sell-opportunities", "product/category-insights", "finance/customer-lifetime-value",
                "finance/revenue-analysis", "finance/rfm-segmentation", "finance/profitability-metrics",
                "customer-success/support-insights", "customer-success/lifecycle-analysis");
        // the snapshots are taken (every second in tests): these twelve, three pipes' and the RFM table's marker
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                    dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                    java.sql.PreparedStatement q = db.prepareStatement(
                            "SELECT answer FROM analytics.answer_snapshots WHERE tenant_id = ?")) {
                q.setString(1, GeneratedTenant.TENANT);
                java.sql.ResultSet r = q.executeQuery();
                Set<String> names = new HashSet<>();
                while (r.next()) {
                    names.add(r.getString(1));
                }
                Set<String> expected = new HashSet<>(snapshotted.stream().map(p -> "c360:" + p).toList());
                expected.addAll(List.of("pipe:ltv_influencing_factors", "pipe:customer_segmentation:default",
                        "pipe:ltv_forecast:default", "table:rfm_snapshots"));
                assertEquals(expected, names);
            }
        });
        // an explicit reference date (today, as a snapshot's) forces the live answer: both say the same
        String today = "reference_date=" + LocalDate.now(java.time.ZoneOffset.UTC);
        for (String path : snapshotted) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath live = get(path, today);
                JsonPath snapshot = get(path, "");
                assertEquals(live.getInt("count"), snapshot.getInt("count"), path);
                assertEquals((Object) live.get("data"), snapshot.get("data"), path);
            });
        }
    }

    private static String stage(dev.clv.datagen.GeneratedCustomer c, LocalDate d) {
        if (c.registrationDate().atOffset(java.time.ZoneOffset.UTC).toLocalDate().isAfter(d)) {
            return "Not registered";
        }
        List<LocalDate> days = GeneratedTenant.DATA.transactions().stream().filter(t -> t.customerId().equals(c
                .customerId()) && !t.isRefund()).map(t -> t.transactionDate().atOffset(java.time.ZoneOffset.UTC)
                        .toLocalDate())
                .filter(day -> !day.isAfter(d)).toList();
        if (days.isEmpty()) {
            return "Prospect";
        }
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        if (java.time.temporal.ChronoUnit.DAYS.between(last, d) > 180) {
            return "Lapsed";
        }
        return days.size() == 1 ? "New" : days.size() <= 4 ? "Repeat" : "Loyal";
    }

    @Test
    void profitabilityUsesProductCostsWhereKnown() {
        String tenant = "profit-" + java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant at = java.time.Instant.parse("2024-05-01T10:00:00Z");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", dev.clv.testsupport.KafkaResource.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(dev.clv.contracts.Topics.PRODUCTS,
                    dev.clv.contracts.Topics.key(tenant, "p1"), dev.clv.contracts.event.EventJson.write(
                            new dev.clv.contracts.event.ProductEvent(tenant, "p1", "Novel", "books",
                                    new BigDecimal("10.00"), new BigDecimal("4.00"), "USD", at, "active", null, now))));
            Object[][] rows = {{"t1", "p1", "books", "10.00", false}, {"t2", "p1", "books", "10.00", false},
                    {"t3", "p1", "books", "-10.00", true}, {"t4", "p2", "books", "20.00", false},
                    {"t5", null, "toys", "5.00", false}};
            for (Object[] r : rows) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        dev.clv.contracts.Topics.TRANSACTIONS, dev.clv.contracts.Topics.key(tenant, "c1"),
                        dev.clv.contracts.event.EventJson.write(new dev.clv.contracts.event.TransactionEvent(tenant,
                                (String) r[0], "c1", at, new BigDecimal((String) r[3]), "USD", (String) r[1],
                                (String) r[2], (Boolean) r[4] ? "refund" : "purchase", "card", (Boolean) r[4], "web",
                                null, now))));
            }
        }
        String token = dev.clv.testsupport.OidcResource.token(tenant, "analytics:read");
        // books: revenue 10 + 10 − 10 + 20 = 30, of which p1's 10 is costed from the product: 4 × (2 − 1) kept
        // units, the other 20 by the model: 20 × 0.6 = 12; cost 16, margin 14 (46.67 %), known share 10/30.
        // toys: 5 by the model: cost 3, margin 2 (40 %). total: 35, cost 19, margin 16 (45.71 %)
        // the product and the transactions travel on different topics: wait until both are in
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Map<String, Object>> lines = given().auth().oauth2(token).get("/v1/finance/profitability-metrics")
                    .then()
                    .statusCode(200).extract().jsonPath().getList("data");
            assertEquals(List.of("books", "toys", "total"), lines.stream().map(l -> l.get("category")).toList());
            String[][] expected = {{"30.00", "16.00", "14.00", "46.67", "0.3333"}, {"5.00", "3.00", "2.00", "40.00",
                    "0.0000"}, {"35.00", "19.00", "16.00", "45.71", "0.2857"}};
            String[] keys = {"net_revenue", "cost", "gross_margin", "margin_pct", "cost_known_share"};
            for (int i = 0; i < expected.length; i++) {
                for (int k = 0; k < keys.length; k++) {
                    assertEquals(0, new BigDecimal(expected[i][k]).compareTo(number(lines.get(i), keys[k])),
                            lines.get(i) + " " + keys[k]);
                }
            }
        });
    }

    @Test
    void badParametersAreNamed() {
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/analytics/customer-profiles?customer_status=Happy")
                .then().statusCode(400).body("errors[0].field", equalTo("customer_status"));
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/finance/profitability-metrics?cost_ratio=2").then()
                .statusCode(400).body("errors[0].field", equalTo("cost_ratio"));
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/marketing/horoscope").then().statusCode(404);
        given().auth().oauth2(GeneratedTenant.token()).get("/v1/marketing/churn-risk-customers?reference_date=x")
                .then().statusCode(400).body("errors[0].field", equalTo("reference_date"));
    }

    private static boolean bought(Reference360.Facts f, String category) {
        long[] n = f.categoryCounts.get(category);
        return n != null && n[0] > 0;
    }

    private static Map<String, List<Reference360.Facts>> group(
            java.util.function.Function<Reference360.Facts, String> key) {
        Map<String, List<Reference360.Facts>> out = new HashMap<>();
        REF.facts.values().forEach(f -> out.computeIfAbsent(key.apply(f), k -> new ArrayList<>()).add(f));
        return out;
    }

    private static BigDecimal sum(List<Reference360.Facts> facts,
            java.util.function.Function<Reference360.Facts, BigDecimal> value) {
        return facts.stream().map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal number(Map<String, Object> row, String key) {
        return new BigDecimal(String.valueOf(row.get(key)));
    }

    private static JsonPath get(String path, String query) {
        return GeneratedTenant.get("/v1/" + path + (query.isEmpty() ? "" : "?" + query));
    }
}
