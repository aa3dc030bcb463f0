package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.datagen.CustomerDataGenerator;
import dev.clv.datagen.Dataset;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * Every pipe against an independent computation over the same generated rows. The rows arrive shuffled (late
 * rows), a tenth of the transactions twice (redeliveries), and one unreadable record among them (a poison
 * message, which must land on the dead-letter topic without stopping the rest).
 */
@QuarkusTest
@WithPlatformInfrastructure
class PipesCorrectnessTest {
    private static final String TENANT = GeneratedTenant.TENANT;
    private static final Dataset DATA = GeneratedTenant.DATA;
    private static final ReferenceAnalytics REF = GeneratedTenant.REF;

    // not @BeforeAll: REST Assured learns the test port only once Quarkus runs the first test
    @BeforeEach
    void load() {
        GeneratedTenant.ensureLoaded();
    }

    @Test
    void customerLtvMatchesPerCustomer() {
        JsonPath answer = pipe("customer_ltv", "limit=10000");
        List<Map<String, Object>> rows = answer.getList("data");
        BigDecimal previous = null;
        for (Map<String, Object> row : rows) {
            ReferenceAnalytics.Ltv expected = REF.ltv.get((String) row.get("customer_id"));
            BigDecimal ltv = new BigDecimal(row.get("ltv").toString());
            assertEquals(0, expected.net().compareTo(ltv), row.toString());
            assertEquals(expected.purchases(), ((Number) row.get("transaction_count")).longValue());
            if (expected.purchases() > 0) {
                assertEquals(0, expected.gross().divide(BigDecimal.valueOf(expected.purchases()), 2,
                        RoundingMode.HALF_UP).compareTo(new BigDecimal(row.get("avg_order_value").toString())));
                assertEquals(expected.first(), Instant.parse((String) row.get("first_purchase")));
                assertEquals(expected.last(), Instant.parse((String) row.get("last_purchase")));
            }
            assertTrue(previous == null || previous.compareTo(ltv) >= 0, "highest first");
            previous = ltv;
        }
        assertEquals(5, pipe("customer_ltv", "limit=5").getInt("rows"));
        assertTrue(answer.getString("as_of.watermark") != null);
    }

    @Test
    void cohortsMatchAndCumulativeEndsAtTotal() {
        List<Map<String, Object>> rows = pipe("ltv_by_cohort", "limit=1000").getList("data");
        var cohorts = REF.cohorts();
        assertEquals(cohorts.size(), rows.size());
        YearMonth newest = REF.newestActivity();
        for (Map<String, Object> row : rows) {
            YearMonth month = YearMonth.parse((String) row.get("cohort"));
            ReferenceAnalytics.Cohort c = cohorts.get(month);
            assertEquals(c.customers(), ((Number) row.get("customers")).longValue());
            assertEquals(0, c.total().compareTo(new BigDecimal(row.get("total_ltv").toString())));
            List<?> cumulative = (List<?>) row.get("cumulative_ltv");
            assertEquals(ReferenceAnalytics.monthsBetween(month, newest) + 1, cumulative.size());
            BigDecimal running = BigDecimal.ZERO;
            for (int k = 0; k < cumulative.size(); k++) {
                running = running.add(c.revenue().getOrDefault(k, BigDecimal.ZERO));
                assertEquals(0, running.compareTo(new BigDecimal(cumulative.get(k).toString())), month + " m" + k);
            }
            assertEquals(0, c.total().compareTo(running), "cumulative ends at the cohort's total");
        }
    }

    @Test
    void cohortRollupsAgreeWithEachCustomersMonths() {
        // whole months read the cohort rollups; a window starting on the 31st reads each customer's months instead.
        // The data starts in 2023, so both windows hold the same customers
        for (String pipe : List.of("ltv_by_cohort", "customer_retention_analysis")) {
            List<Object> rollup = pipe(pipe, "start_date=2023-01-01&end_date=2024-12-31&limit=10000").getList("data");
            List<Object> exact = pipe(pipe, "start_date=2022-12-31&end_date=2024-12-31&limit=10000").getList("data");
            assertTrue(rollup.size() > 10);
            assertEquals(exact, rollup, pipe);
        }
    }

    @Test
    void retentionMatchesActiveBuyersPerMonth() {
        List<Map<String, Object>> rows = pipe("customer_retention_analysis", "limit=10000").getList("data");
        var cohorts = REF.cohorts();
        long checked = 0;
        for (Map<String, Object> row : rows) {
            ReferenceAnalytics.Cohort c = cohorts.get(YearMonth.parse((String) row.get("cohort")));
            int k = ((Number) row.get("months_since_registration")).intValue();
            long active = c.active().getOrDefault(k, 0L);
            assertEquals(active, ((Number) row.get("active_customers")).longValue(), row.toString());
            assertEquals(0, BigDecimal.valueOf(active).divide(BigDecimal.valueOf(c.customers()), 4,
                    RoundingMode.HALF_UP).compareTo(new BigDecimal(row.get("retention_rate").toString())));
            checked += active;
        }
        assertEquals(cohorts.values().stream().mapToLong(c -> c.active().values().stream().mapToLong(v -> v).sum())
                .sum(), checked);
    }

    @Test
    void factorsMatchCountsMeansMediansAndLift() {
        // computed live (a filter that keeps everyone) ...
        List<Map<String, Object>> rows = pipe("ltv_influencing_factors",
                "min_customers=1&limit=10000&start_date=1900-01-01").getList("data");
        var groups = REF.factorGroups();
        BigDecimal overall = ReferenceAnalytics.mean(REF.ltv.values().stream().map(ReferenceAnalytics.Ltv::net)
                .toList());
        assertEquals(groups.values().stream().mapToInt(Map::size).sum(), rows.size());
        for (Map<String, Object> row : rows) {
            List<BigDecimal> values = groups.get((String) row.get("factor")).get((String) row.get("value"));
            assertEquals(values.size(), ((Number) row.get("customers")).intValue(), row.toString());
            BigDecimal mean = ReferenceAnalytics.mean(values);
            assertEquals(0, mean.setScale(2, RoundingMode.HALF_UP).compareTo(new BigDecimal(row.get("mean_ltv")
                    .toString())), row.toString());
            assertEquals(0, ReferenceAnalytics.median(values).compareTo(new BigDecimal(row.get("median_ltv")
                    .toString())), row.toString());
            double lift = mean.divide(overall, java.math.MathContext.DECIMAL64).doubleValue();
            assertEquals(lift, Double.parseDouble(row.get("lift").toString()), 0.0001, row.toString());
        }
        // ... and the whole-tenant snapshot say the same, once the snapshot has caught up with the data
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                rows, pipe("ltv_influencing_factors", "min_customers=1&limit=10000").getList("data")));
        int big = pipe("ltv_influencing_factors", "min_customers=50").getInt("rows");
        assertTrue(big > 0 && big < rows.size(), "min_customers leaves small groups out");
    }

    @Test
    void defaultAnswersOfTheRankingPipesComeFromSnapshotsEqualToTheLiveAnswer() {
        for (String name : List.of("customer_segmentation", "ltv_forecast")) {
            // limit=100 is the default: the same question, but any parameter computes the answer live; a model
            // score another test sends makes the snapshot due again, so it may take a refresh to agree
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath live = pipe(name, "limit=100");
                JsonPath snapshot = pipe(name, "");
                assertTrue(live.getInt("rows") > 0, name);
                assertEquals(live.getList("data"), snapshot.getList("data"), name);
            });
        }
    }

    @Test
    void oneSegmentIsReadFromTheRfmTableAsTheLiveAnswerHasIt() throws Exception {
        // the generated tenant's days are UTC days: asked live with today as the end, the same RFM over all time
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres")) {
            for (String segment : dev.clv.contracts.rfm.RfmSegments.NAMES) {
                // RestAssured encodes the query itself (a space too)
                String only = "segment_filter=" + segment + "&limit=10000";
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertTrue(tableRows(db) > 0, "the tenant's RFM table is there");
                    assertEquals(pipe("customer_segmentation", "end_date=" + today + "&" + only).getList("data"),
                            pipe("customer_segmentation", only).getList("data"), segment);
                });
            }
            // and it is the table that answers: a row changed in it (and changed back) shows in the answer
            String champion = pipe("customer_segmentation", "segment_filter=Champions&limit=1").getString(
                    "data[0].customer_id");
            assertTrue(champion != null, "the generated data has champions");
            try (java.sql.PreparedStatement st = db.prepareStatement("UPDATE analytics.rfm_snapshots SET "
                    + "recency_days = recency_days + 100000 WHERE tenant_id = ? AND customer_id = ?")) {
                st.setString(1, GeneratedTenant.TENANT);
                st.setString(2, champion);
                assertEquals(1, st.executeUpdate());
            }
            try {
                assertTrue(pipe("customer_segmentation", "segment_filter=Champions&limit=1").getInt(
                        "data[0].recency_days") >= 100000);
            } finally {
                try (java.sql.PreparedStatement st = db.prepareStatement("UPDATE analytics.rfm_snapshots SET "
                        + "recency_days = recency_days - 100000 WHERE tenant_id = ? AND customer_id = ?")) {
                    st.setString(1, GeneratedTenant.TENANT);
                    st.setString(2, champion);
                    st.executeUpdate();
                }
            }
        }
    }

    private static long tableRows(java.sql.Connection db) throws java.sql.SQLException {
        try (java.sql.PreparedStatement st = db.prepareStatement(
                "SELECT count(*) FROM analytics.rfm_snapshots WHERE tenant_id = ?")) {
            st.setString(1, GeneratedTenant.TENANT);
            java.sql.ResultSet r = st.executeQuery();
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void rfmSegmentationMatchesOverAllTimeAndAWindow() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertRfm(pipe("customer_segmentation", "limit=10000"), REF.rfm(null, null, today));
        java.time.LocalDate from = java.time.LocalDate.parse("2024-01-01");
        java.time.LocalDate to = java.time.LocalDate.parse("2024-06-30");
        var window = REF.rfm(from, to, to);
        assertRfm(pipe("customer_segmentation", "start_date=2024-01-01&end_date=2024-06-30&limit=10000"), window);
        // scored among one country's customers only: other quintiles than the whole window's
        String country = GeneratedTenant.DATA.customers().stream().map(c -> c.country())
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        var inCountry = REF.rfm(from, to, to, country);
        assertTrue(inCountry.size() > 10 && inCountry.size() < window.size(), "a telling country: " + country);
        assertRfm(pipe("customer_segmentation", "start_date=2024-01-01&end_date=2024-06-30&limit=10000&country="
                + country), inCountry);
        assertRfm(pipe("customer_segmentation", "limit=10000&country=" + country), REF.rfm(null, null, today,
                country));
        long champions = window.values().stream().filter(r -> r.segment().equals("Champions")).count();
        assertTrue(champions > 0, "the generated data has champions in the window");
        List<String> only = pipe("customer_segmentation",
                "start_date=2024-01-01&end_date=2024-06-30&segment_filter=Champions&limit=10000")
                .getList("data.rfm_segment");
        assertEquals(champions, only.size());
        assertTrue(only.stream().allMatch("Champions"::equals));
    }

    private static void assertRfm(JsonPath answer, Map<String, ReferenceAnalytics.Rfm> expected) {
        List<Map<String, Object>> rows = answer.getList("data");
        assertEquals(expected.size(), rows.size());
        var segments = new java.util.TreeSet<String>();
        for (Map<String, Object> row : rows) {
            ReferenceAnalytics.Rfm e = expected.get((String) row.get("customer_id"));
            String where = row + " expected " + e;
            assertEquals(e.recencyDays(), ((Number) row.get("recency_days")).longValue(), where);
            assertEquals(e.frequency(), ((Number) row.get("frequency")).longValue(), where);
            assertEquals(0, e.monetary().compareTo(new BigDecimal(row.get("monetary").toString())), where);
            assertEquals("" + e.r() + e.f() + e.m(), row.get("rfm_score"), where);
            assertEquals(e.segment(), row.get("rfm_segment"), where);
            segments.add(e.segment());
        }
        assertTrue(segments.size() >= 6, "the data spreads over many segments: " + segments);
    }

    @Test
    void forecastFollowsTheDocumentedHeuristic() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        List<Map<String, Object>> rows = pipe("ltv_forecast", "limit=10000").getList("data");
        assertEquals(REF.ltv.values().stream().filter(l -> l.purchases() > 0).count(), rows.size());
        BigDecimal previous = null;
        for (Map<String, Object> row : rows) {
            ReferenceAnalytics.Ltv l = REF.ltv.get((String) row.get("customer_id"));
            BigDecimal forecast = new BigDecimal(row.get("forecast_12m").toString());
            assertEquals(0, ReferenceAnalytics.forecast12m(l, today).compareTo(forecast), row.toString());
            assertTrue(previous == null || previous.compareTo(forecast) >= 0, "highest first");
            previous = forecast;
        }
        long repeat = REF.ltv.values().stream().filter(l -> l.purchases() >= 3 && l.net().compareTo(
                new BigDecimal("100")) >= 0).count();
        assertEquals(repeat, pipe("ltv_forecast", "min_transactions=3&min_ltv=100&limit=10000").getInt("rows"));
    }

    @Test
    void forecastCarriesTheNewestModelScore() {
        String customer = REF.ltv.entrySet().stream().filter(e -> e.getValue().purchases() > 0).findFirst()
                .orElseThrow().getKey();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record(Topics.SCORES, customer, new CustomerScore(TENANT, customer, "bg_nbd-7", 7,
                    new BigDecimal("123.45"), 0.8, 1.5, 12, at)));
            // an older score arriving later must not replace the newer one
            producer.send(record(Topics.SCORES, customer, new CustomerScore(TENANT, customer, "bg_nbd-6", 6,
                    new BigDecimal("1.00"), 0.1, 0.1, 12, at.minusSeconds(3600))));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pipe("ltv_forecast", "limit=10000")
                .getList("data", Map.class).stream().anyMatch(r -> customer.equals(r.get("customer_id"))
                        && "bg_nbd-7".equals(r.get("ml_model_id"))));
        Map<?, ?> row = pipe("ltv_forecast", "limit=10000").getList("data", Map.class).stream()
                .filter(r -> customer.equals(r.get("customer_id"))).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("123.45").compareTo(new BigDecimal(row.get("ml_predicted_clv").toString())));
        assertEquals(0.8, Double.parseDouble(row.get("ml_p_alive").toString()), 1e-12);
        assertEquals(7, ((Number) row.get("ml_model_version")).intValue());
    }

    @Test
    void cohortsSumTheirScoredCustomersPredictions() {
        // two cohorts away from the customer the forecast test scores: three scores of one horizon in the first, two
        // of different horizons in the second
        String forecastCustomer = REF.ltv.entrySet().stream().filter(e -> e.getValue().purchases() > 0).findFirst()
                .orElseThrow().getKey();
        Map<YearMonth, List<String>> byCohort = new java.util.TreeMap<>();
        DATA.customers().forEach(c -> byCohort.computeIfAbsent(ReferenceAnalytics.month(c.registrationDate()),
                m -> new ArrayList<>()).add(c.customerId()));
        YearMonth skip = byCohort.entrySet().stream().filter(e -> e.getValue().contains(forecastCustomer))
                .findFirst().orElseThrow().getKey();
        List<YearMonth> picked = byCohort.entrySet().stream().filter(e -> !e.getKey().equals(skip) && e.getValue()
                .size() >= 3).map(Map.Entry::getKey).limit(2).toList();
        List<String> first = byCohort.get(picked.get(0)).subList(0, 3);
        List<String> second = byCohort.get(picked.get(1)).subList(0, 2);
        Instant at = Instant.parse("2026-02-01T00:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            String[] values = {"10.00", "20.25", "30.50"};
            for (int i = 0; i < 3; i++) {
                producer.send(record(Topics.SCORES, first.get(i), new CustomerScore(TENANT, first.get(i), "cohorts",
                        1, new BigDecimal(values[i]), 0.5, 1.0, 12, at)));
            }
            producer.send(record(Topics.SCORES, second.get(0), new CustomerScore(TENANT, second.get(0), "cohorts", 1,
                    new BigDecimal("5.00"), 0.5, 1.0, 12, at)));
            producer.send(record(Topics.SCORES, second.get(1), new CustomerScore(TENANT, second.get(1), "cohorts", 1,
                    new BigDecimal("7.00"), 0.5, 1.0, 6, at)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> scored(picked.get(1)) == 2
                && scored(picked.get(0)) == 3);
        JsonPath answer = pipe("ltv_by_cohort", "limit=1000&predictions=true");
        assertEquals(List.of("cohort", "customers", "total_ltv", "avg_ltv", "cumulative_ltv", "scored_customers",
                "predicted_clv", "horizon_months"), answer.getList("meta.name"));
        Map<String, Map<String, Object>> rows = new java.util.HashMap<>();
        answer.getList("data", Map.class).forEach(r -> rows.put((String) r.get("cohort"), r));
        Map<String, Object> one = rows.get(picked.get(0).toString());
        assertEquals(0, new BigDecimal("60.75").compareTo(new BigDecimal(one.get("predicted_clv").toString())));
        assertEquals(12, ((Number) one.get("horizon_months")).intValue());
        Map<String, Object> two = rows.get(picked.get(1).toString());
        assertEquals(0, new BigDecimal("12.00").compareTo(new BigDecimal(two.get("predicted_clv").toString())));
        assertEquals(null, two.get("horizon_months"), "two horizons: none can be named");
        rows.forEach((cohort, r) -> {
            if (!cohort.equals(skip.toString()) && !picked.contains(YearMonth.parse(cohort))) {
                assertEquals(0, ((Number) r.get("scored_customers")).intValue(), cohort);
                assertEquals(null, r.get("predicted_clv"), cohort);
            }
        });
        // the cohort score rollup (no window: whole months) and each customer's score (a window starting on the
        // 31st; the data starts in 2023, so both hold the same customers) give the same answer
        assertEquals(pipe("ltv_by_cohort", "limit=1000&predictions=true&start_date=2022-12-31").getList("data"),
                answer.getList("data"));
        // without the parameter the answer is the seed's, column for column
        assertEquals(5, pipe("ltv_by_cohort", "limit=1000").getList("meta").size());
    }

    @Test
    void theCohortScoreBackfillEqualsWhatTheProjectionKept() throws Exception {
        cohortsSumTheirScoredCustomersPredictions();
        // V22's INSERT again, into a temporary table of the same name (searched first)
        List<String> inserts = Backfills.statements("V22__cohort_scores.sql", "INSERT");
        assertEquals(1, inserts.size());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                java.sql.Statement st = db.createStatement()) {
            st.execute("SET search_path = analytics");
            st.execute("CREATE TEMP TABLE cohort_scores (LIKE analytics.cohort_scores)");
            st.execute(inserts.get(0));
            String where = " WHERE tenant_id = '" + TENANT + "' AND customers <> 0";
            Backfills.assertSameRows(st, "SELECT * FROM analytics.cohort_scores" + where,
                    "SELECT * FROM pg_temp.cohort_scores" + where, "cohort_scores");
        }
    }

    private static long scored(YearMonth cohort) {
        return pipe("ltv_by_cohort", "limit=1000&predictions=true").getList("data", Map.class).stream()
                .filter(r -> cohort.toString().equals(r.get("cohort"))).mapToLong(r -> ((Number) r.get(
                        "scored_customers")).longValue())
                .sum();
    }

    @Test
    void badPipeParametersAreNamedProblems() {
        given().auth().oauth2(token()).get("/v0/pipes/customer_segmentation.json?segment_filter=Royalty").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("segment_filter"));
        given().auth().oauth2(token()).get("/v0/pipes/ltv_forecast.json?min_ltv=lots").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("min_ltv"));
    }

    @Test
    void csvHasAHeaderAndOneLinePerRow() {
        String csv = given().auth().oauth2(token()).get("/v0/pipes/customer_ltv.csv?limit=3").then().statusCode(200)
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("customer_id,ltv,transaction_count,avg_order_value,first_purchase,last_purchase,tenure_days",
                lines[0]);
        assertEquals(4, lines.length);
    }

    @Test
    void thePoisonMessageIsDeadLetteredWithItsReason() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ANALYTICS_DEAD_LETTERS));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(Topics.key(TENANT, "poison")) || r.key().equals(Topics.key(TENANT, "refused"))) {
                        found.add(r);
                    }
                });
                return found.size() == 2;
            });
            found.sort(java.util.Comparator.comparing(ConsumerRecord::key));
            assertEquals(Topics.TRANSACTIONS, new String(found.get(0).headers().lastHeader("dlq-topic").value()));
            assertEquals("{\"not\": a json", new String(found.get(0).value()));
            assertTrue(new String(found.get(1).headers().lastHeader("dlq-reason").value()).contains("22021"),
                    "the database's reason is kept");
        }
    }

    private static JsonPath pipe(String name, String query) {
        return GeneratedTenant.pipe(name, query);
    }

    private static String token() {
        return GeneratedTenant.token();
    }

    private static ProducerRecord<String, byte[]> record(String topic, String customer, Object event) {
        return GeneratedTenant.record(topic, customer, event);
    }
}
