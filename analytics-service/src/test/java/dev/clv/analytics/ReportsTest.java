package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.datagen.GeneratedTransaction;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * Reports on rows placed by hand around New York's spring-forward night (2024-03-10, -05:00 → -04:00) and around
 * midnight in half- and quarter-hour zones; every expected number below is worked out in the comments.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ReportsTest {
    private static final String TENANT = "reports-" + UUID.randomUUID();
    private static boolean loaded;

    @BeforeEach
    synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        send(customer("c1", "2024-03-10T04:59:00Z", "ads"), // New York: Mar 9, 23:59 EST
                customer("c2", "2024-03-10T05:00:00Z", "ads"), // New York: Mar 10, 00:00 EST
                customer("c3", "2024-03-11T03:59:00Z", null), // New York: Mar 10, 23:59 EDT
                tx("t1", "c1", "2024-03-10T04:30:00Z", "10.00", "USD", false), // NY Mar 9
                tx("t2", "c2", "2024-03-10T05:15:00Z", "20.00", "USD", false), // NY Mar 10, 00:15 EST
                tx("t3", "c3", "2024-03-11T03:30:00Z", "30.00", "EUR", false), // NY Mar 10, 23:30 EDT
                tx("t4", "c1", "2024-03-11T04:30:00Z", "40.00", "USD", false), // NY Mar 11, 00:30 EDT
                tx("t4r", "c1", "2024-03-11T12:00:00Z", "-5.00", "USD", true), // NY Mar 11
                tx("t5", "c2", "2024-03-11T15:00:00Z", "5.00", "USD", false), // NY Mar 11
                interaction("i1", "c1", "2024-03-10T06:59:00Z", 4), // NY Mar 10, 01:59 EST
                interaction("i2", "c2", "2024-03-10T07:00:00Z", 5), // NY Mar 10, 03:00 EDT (02:00 never happened)
                interaction("i3", "c3", "2024-03-09T18:29:00Z", null), // Kolkata Mar 9 23:59; Kathmandu Mar 10 00:14
                interaction("i4", "c3", "2024-03-09T18:30:00Z", null)); // Kolkata Mar 10 00:00
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath all = given().auth().oauth2(OidcResource.token(TENANT, "analytics:read")).get("/v1/customers")
                    .then().statusCode(200).extract().jsonPath();
            return all.getInt("count") == 3
                    && all.getList("data.purchase_count", Integer.class).stream().mapToInt(i -> i).sum() == 5
                    && all.getList("data.interaction_count", Integer.class).stream().mapToInt(i -> i).sum() == 4;
        });
    }

    @Test
    void revenueBucketsByLocalDayAcrossTheDstChange() {
        JsonPath ny = report("revenue", "start_date=2024-03-09&end_date=2024-03-11&timezone=America/New_York");
        assertEquals(List.of("2024-03-09", "2024-03-10", "2024-03-11"), ny.getList("data.periods.period"));
        assertEquals("2024-03-10T00:00-05:00", ny.getString("data.periods[1].period_start"));
        assertEquals("2024-03-11T00:00-04:00", ny.getString("data.periods[2].period_start"));
        // no EUR rate yet: t3 is left out and named; Mar 9 = t1, Mar 10 = t2, Mar 11 = t4 + t5 − refund 5
        assertEquals(List.of("EUR"), ny.getList("data.missing_rates"));
        assertMoney(List.of("10.00", "20.00", "40.00"), ny);
        // in UTC the same rows fall differently: Mar 10 = t1 + t2 = 30, Mar 11 = t4 + t5 − 5 = 40 (t3 left out)
        JsonPath utc = report("revenue", "start_date=2024-03-10&end_date=2024-03-11");
        assertEquals(0, new BigDecimal("30.00").compareTo(utc.getObject("data.periods[0].net_revenue",
                BigDecimal.class)));
        assertEquals(0, new BigDecimal("40.00").compareTo(utc.getObject("data.periods[1].net_revenue",
                BigDecimal.class)));
        // weeks start on Monday: Sat 9 and Sun 10 are in the week of Mar 4, Mon 11 starts the next
        JsonPath weeks = report("revenue", "start_date=2024-03-09&end_date=2024-03-11&granularity=week"
                + "&timezone=America/New_York");
        assertEquals(List.of("2024-03-04", "2024-03-11"), weeks.getList("data.periods.period"));
        // (t3 is still left out for want of a EUR rate)
        assertEquals(List.of(2, 2), weeks.getList("data.periods.orders"));
        ratesConvertByTheDayTheyApplyAndOnlyAdminsSetThem();
    }

    private static void assertMoney(List<String> expected, JsonPath answer) {
        List<Object> actual = answer.getList("data.periods.net_revenue");
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(0, new BigDecimal(expected.get(i)).compareTo(new BigDecimal(actual.get(i).toString())),
                    "period " + i);
        }
    }

    // runs after the checks without rates above: the rates it sets are the tenant's from then on
    private void ratesConvertByTheDayTheyApplyAndOnlyAdminsSetThem() {
        String body = """
                {"reporting_currency": "USD", "rates": [
                  {"currency": "EUR", "valid_from": "2024-01-01", "rate": 1.10},
                  {"currency": "EUR", "valid_from": "2024-03-11", "rate": 1.20}]}""";
        given().auth().oauth2(OidcResource.token(TENANT, "analytics:read")).contentType("application/json")
                .body(body).put("/v1/reports/currency-rates").then().statusCode(403);
        given().auth().oauth2(OidcResource.token(TENANT, "admin")).contentType("application/json")
                .body(body.replace("1.20", "-1")).put("/v1/reports/currency-rates").then().statusCode(400)
                .body("errors[0].field", equalTo("rates[1].rate"));
        given().auth().oauth2(OidcResource.token(TENANT, "admin")).contentType("application/json").body(body)
                .put("/v1/reports/currency-rates").then().statusCode(200).body("data.rates.size()", equalTo(2));
        // t3 (30 EUR) is on New York's Mar 10, when 1.10 applies: 20 + 33 = 53; in UTC it is on Mar 11 (1.20): 40 + 36
        JsonPath ny = report("revenue", "start_date=2024-03-09&end_date=2024-03-11&timezone=America/New_York");
        assertMoney(List.of("10.00", "53.00", "40.00"), ny);
        assertNull(ny.get("data.missing_rates"));
        assertEquals("USD", ny.getString("data.currency"));
        assertMoney(List.of("30.00", "76.00"), report("revenue", "start_date=2024-03-10&end_date=2024-03-11"));
    }

    @Test
    void engagementHonoursHalfAndQuarterHourZones() {
        // New York Mar 10 holds i1 and i2 on both sides of the skipped hour: satisfaction (4 + 5) / 2
        JsonPath ny = report("engagement", "start_date=2024-03-10&end_date=2024-03-10&timezone=America/New_York");
        assertEquals(2, ny.getInt("data.periods[0].interactions"));
        assertEquals(0, new BigDecimal("4.50").compareTo(ny.getObject("data.periods[0].avg_satisfaction",
                BigDecimal.class)));
        // Kolkata (+05:30): i3 at 23:59 on Mar 9, i4 at 00:00 on Mar 10 (and i1, i2 later that day)
        assertEquals(List.of(1, 3), report("engagement", "start_date=2024-03-09&end_date=2024-03-10"
                + "&timezone=Asia/Kolkata").getList("data.periods.interactions"));
        // Kathmandu (+05:45): i3 at 00:14 and i4 at 00:15 on Mar 10
        assertEquals(List.of(0, 4), report("engagement", "start_date=2024-03-09&end_date=2024-03-10"
                + "&timezone=Asia/Kathmandu").getList("data.periods.interactions"));
    }

    @Test
    void acquisitionAndRetentionCountCustomers() {
        // New York: c1 registered Mar 9, c2 and c3 on Mar 10 (c3 has no source)
        JsonPath acquisition = report("acquisition", "start_date=2024-03-09&end_date=2024-03-10"
                + "&timezone=America/New_York");
        assertEquals(List.of(1, 2), acquisition.getList("data.periods.new_customers"));
        assertEquals(Map.of("ads", 1, "unknown", 1), acquisition.getMap("data.periods[1].by_acquisition_source"));
        // buyers by New York day: Mar 9 {c1}, Mar 10 {c2, c3}, Mar 11 {c1, c2}; first purchases t1, t2, t3
        JsonPath retention = report("retention", "start_date=2024-03-09&end_date=2024-03-11"
                + "&timezone=America/New_York");
        assertEquals(List.of(1, 2, 2), retention.getList("data.periods.active_customers"));
        assertEquals(List.of(1, 2, 0), retention.getList("data.periods.new_buyers"));
        assertEquals(List.of(0, 0, 1), retention.getList("data.periods.retained_customers"));
        assertEquals(List.of(0, 1, 2), retention.getList("data.periods.previous_active"));
        assertEquals(0, new BigDecimal("0.5000").compareTo(retention.getObject("data.periods[2].retention_rate",
                BigDecimal.class)));
    }

    @Test
    void retentionOfGeneratedDataMatchesByHandInEveryPath() {
        GeneratedTenant.ensureLoaded();
        // by hand: each customer's purchase days (UTC) and first purchase day
        Map<String, java.util.TreeSet<LocalDate>> days = new java.util.HashMap<>();
        for (GeneratedTransaction t : GeneratedTenant.DATA.transactions()) {
            if (!t.isRefund()) {
                days.computeIfAbsent(t.customerId(), c -> new java.util.TreeSet<>()).add(LocalDate.ofInstant(
                        t.transactionDate(), ZoneOffset.UTC));
            }
        }
        LocalDate last = days.values().stream().map(java.util.TreeSet::last).max(LocalDate::compareTo).orElseThrow();
        // a Monday, so that the weeks are whole: eight weeks up to the newest purchase's week
        LocalDate from = last.with(java.time.DayOfWeek.MONDAY).minusWeeks(7);
        LocalDate to = from.plusWeeks(8).minusDays(1);
        // and eight whole months up to the newest purchase's month
        LocalDate fromMonth = last.withDayOfMonth(1).minusMonths(7);
        LocalDate toMonth = last.withDayOfMonth(1).plusMonths(1).minusDays(1);
        for (String granularity : List.of("day", "week", "month")) {
            boolean months = "month".equals(granularity);
            java.time.Period step = months
                    ? java.time.Period.ofMonths(1)
                    : java.time.Period.ofDays("day".equals(granularity) ? 1 : 7);
            List<List<Long>> expected = new java.util.ArrayList<>();
            for (LocalDate p = months ? fromMonth : from; !p.isAfter(months ? toMonth : to); p = p.plus(step)) {
                LocalDate start = p;
                LocalDate end = p.plus(step);
                long active = 0;
                long fresh = 0;
                long retained = 0;
                long previous = 0;
                for (java.util.TreeSet<LocalDate> d : days.values()) {
                    boolean now = d.ceiling(start) != null && d.ceiling(start).isBefore(end);
                    boolean before = d.ceiling(start.minus(step)) != null && d.ceiling(start.minus(step))
                            .isBefore(start);
                    active += now ? 1 : 0;
                    fresh += now && !d.first().isBefore(start) ? 1 : 0;
                    retained += now && before ? 1 : 0;
                    previous += before ? 1 : 0;
                }
                expected.add(List.of(active, fresh, retained, previous));
            }
            // UTC days read the day rollup, UTC months the buyer-month rollup; a zone of UTC's offset with a
            // history (Abidjan) reads the purchases
            for (String zone : List.of("UTC", "Africa/Abidjan")) {
                JsonPath answer = given().auth().oauth2(GeneratedTenant.token()).get("/v1/reports/retention?"
                        + "granularity=" + granularity + "&timezone=" + zone + "&start_date=" + (months
                                ? fromMonth
                                : from)
                        + "&end_date=" + (months ? toMonth : to))
                        .then().statusCode(200).extract().jsonPath();
                List<List<Long>> got = new java.util.ArrayList<>();
                for (Map<String, Object> p : answer.<Map<String, Object>>getList("data.periods")) {
                    got.add(List.of(((Number) p.get("active_customers")).longValue(), ((Number) p.get("new_buyers"))
                            .longValue(), ((Number) p.get("retained_customers")).longValue(),
                            ((Number) p.get(
                                    "previous_active")).longValue()));
                }
                assertEquals(expected, got, granularity + " in " + zone);
            }
        }
    }

    @Test
    void buyerMonthsCountOutOfOrderSameBatchRefundOnlyAndResentPurchasesByHand() {
        String tenant = "buyer-months-" + UUID.randomUUID();
        // a: April first, March in a later batch; b: March, April and May sent together; c: a March purchase and
        // refund, then an April refund only; d: a March purchase sent twice, then May
        sendTo(tenant, buy(tenant, "a1", "a", "2024-04-10T10:00:00Z", false));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> buyers(tenant, "UTC").get(1).get(0) == 1);
        sendTo(tenant, buy(tenant, "a2", "a", "2024-03-31T23:59:59Z", false),
                buy(tenant, "b1", "b", "2024-03-01T00:00:00Z", false),
                buy(tenant, "b2", "b", "2024-04-30T12:00:00Z", false),
                buy(tenant, "b3", "b", "2024-05-02T12:00:00Z", false),
                buy(tenant, "c1", "c", "2024-03-05T12:00:00Z", false),
                buy(tenant, "c2", "c", "2024-03-06T12:00:00Z", true),
                buy(tenant, "c3", "c", "2024-04-06T12:00:00Z", true),
                buy(tenant, "d1", "d", "2024-03-07T12:00:00Z", false),
                buy(tenant, "d1", "d", "2024-03-07T12:00:00Z", false),
                buy(tenant, "d2", "d", "2024-05-07T12:00:00Z", false));
        // by hand, (active, retained, previous active) per month: March a, b, c, d (February: no one); April a, b,
        // both bought in March; May b, d, of whom b bought in April
        List<List<Long>> expected = List.of(List.of(4L, 0L, 0L), List.of(2L, 2L, 4L), List.of(2L, 1L, 2L));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(expected,
                buyers(tenant, "UTC")));
        // the same counted from the purchases (a zone of UTC's offset with a history)
        assertEquals(expected, buyers(tenant, "Africa/Abidjan"));
        // by day, March 31st to April 1st: a bought on the 31st (sent after April), no one on the 1st
        assertEquals(List.of(List.of(1L, 0L, 0L), List.of(0L, 0L, 1L)), given().auth().oauth2(OidcResource.token(
                tenant, "analytics:read")).get("/v1/reports/retention?granularity=day&start_date=2024-03-31"
                        + "&end_date=2024-04-01")
                .then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("data.periods").stream().map(p -> List.of(((Number) p.get(
                        "active_customers")).longValue(), ((Number) p.get("retained_customers")).longValue(),
                        ((Number) p.get("previous_active")).longValue()))
                .toList());
    }

    /** Active, retained and previous active customers of March to May 2024 by month in a zone. */
    private static List<List<Long>> buyers(String tenant, String zone) {
        return given().auth().oauth2(OidcResource.token(tenant, "analytics:read")).get("/v1/reports/retention?"
                + "granularity=month&start_date=2024-03-01&end_date=2024-05-31&timezone=" + zone).then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("data.periods").stream()
                .map(p -> List.of(((Number) p.get("active_customers")).longValue(), ((Number) p.get(
                        "retained_customers")).longValue(), ((Number) p.get("previous_active")).longValue()))
                .toList();
    }

    private static TransactionEvent buy(String tenant, String id, String customer, String at, boolean refund) {
        return new TransactionEvent(tenant, id, customer, Instant.parse(at), new BigDecimal(refund ? "-5.00" : "10.00"),
                "USD", null, null, refund ? "refund" : "purchase", "card", refund, "web", null, Instant.now());
    }

    private static void sendTo(String tenant, TransactionEvent... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (TransactionEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, e.customerId()),
                        EventJson.write(e)));
            }
        }
    }

    @Test
    void theBuyerBackfillsEqualWhatTheProjectionKept() throws Exception {
        GeneratedTenant.ensureLoaded();
        // V23's and V24's INSERT again, into temporary tables of the same names (searched first), for the generated
        // tenant and this class's (loaded in @BeforeEach)
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                java.sql.Statement st = db.createStatement()) {
            st.execute("SET search_path = analytics");
            for (String[] t : new String[][]{{"buyer_months", "V23__buyer_months.sql"},
                    {"buyer_days", "V24__buyer_days.sql"}}) {
                List<String> inserts = Backfills.statements(t[1], "INSERT");
                assertEquals(1, inserts.size());
                st.execute("CREATE TEMP TABLE " + t[0] + " (LIKE analytics." + t[0] + ")");
                st.execute(inserts.get(0));
                for (String tenant : List.of(GeneratedTenant.TENANT, TENANT)) {
                    String where = " WHERE tenant_id = '" + tenant + "' AND buyers <> 0";
                    Backfills.assertSameRows(st, "SELECT * FROM analytics." + t[0] + where,
                            "SELECT * FROM pg_temp." + t[0] + where, t[0] + " of " + tenant);
                }
            }
        }
    }

    @Test
    void revenueOfGeneratedDataMatchesPerUtcMonth() {
        GeneratedTenant.ensureLoaded();
        TreeMap<YearMonth, BigDecimal> expected = new TreeMap<>();
        for (GeneratedTransaction t : GeneratedTenant.DATA.transactions()) {
            expected.merge(YearMonth.from(t.transactionDate().atOffset(ZoneOffset.UTC)), t.isRefund()
                    ? t.amount().abs().negate()
                    : t.amount(), BigDecimal::add);
        }
        JsonPath answer = given().auth().oauth2(GeneratedTenant.token()).get("/v1/reports/revenue?granularity=month"
                + "&start_date=" + expected.firstKey().atDay(1) + "&end_date=" + expected.lastKey().atEndOfMonth())
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(
                        JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        List<Map<String, Object>> periods = answer.getList("data.periods");
        assertEquals(expected.size(), periods.size());
        for (Map<String, Object> p : periods) {
            BigDecimal want = expected.get(YearMonth.parse(((String) p.get("period")).substring(0, 7)));
            assertEquals(0, want.compareTo(new BigDecimal(p.get("net_revenue").toString())), p.toString());
        }
    }

    @Test
    void badReportParametersAreNamed() {
        String token = OidcResource.token(TENANT, "analytics:read");
        given().auth().oauth2(token).get("/v1/reports/revenue?timezone=Mars/Olympus").then().statusCode(400)
                .body("errors[0].field", equalTo("timezone"));
        given().auth().oauth2(token).get("/v1/reports/revenue?granularity=hour").then().statusCode(400)
                .body("errors[0].field", equalTo("granularity"));
        given().auth().oauth2(token).get("/v1/reports/revenue?start_date=1900-01-01&end_date=2024-01-01").then()
                .statusCode(400).body("errors[0].field", equalTo("start_date"));
        given().auth().oauth2(token).get("/v1/reports/weather").then().statusCode(404);
    }

    private static JsonPath report(String name, String query) {
        return given().auth().oauth2(OidcResource.token(TENANT, "analytics:read")).get("/v1/reports/" + name + "?"
                + query).then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(
                        JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static CustomerEvent customer(String id, String registered, String source) {
        return new CustomerEvent(TENANT, id, Instant.parse(registered), "US", "New York", 40, "f", source, "retail",
                true, null, null, null, null, Instant.now());
    }

    private static TransactionEvent tx(String id, String customer, String at, String amount, String currency,
            boolean refund) {
        return new TransactionEvent(TENANT, id, customer, Instant.parse(at), new BigDecimal(amount), currency, null,
                null, refund ? "refund" : "purchase", "card", refund, "web", null, Instant.now());
    }

    private static InteractionEvent interaction(String id, String customer, String at, Integer satisfaction) {
        return new InteractionEvent(TENANT, id, customer, Instant.parse(at), "page_view", "web", 30, satisfaction,
                null, Instant.now());
    }

    private static void send(Object... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (Object e : events) {
                String topic = e instanceof CustomerEvent
                        ? Topics.CUSTOMERS
                        : e instanceof TransactionEvent ? Topics.TRANSACTIONS : Topics.INTERACTIONS;
                String customer = e instanceof CustomerEvent c
                        ? c.customerId()
                        : e instanceof TransactionEvent t ? t.customerId() : ((InteractionEvent) e).customerId();
                producer.send(new ProducerRecord<>(topic, Topics.key(TENANT, customer), EventJson.write(e)));
            }
        }
    }
}
