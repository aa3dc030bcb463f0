package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

@QuarkusTest
@WithPlatformInfrastructure
class CustomerLtvPipeTest {
    private static final Instant NOW = Instant.parse("2024-05-01T00:00:00Z");

    @Test
    void ltvIsTheExactSumOfPurchasesCountingRedeliveriesOnce() {
        String tenant = "ltv-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, customer(tenant, "alice"));
        TransactionEvent first = purchase(tenant, "t1", "alice", "10.25", false);
        send(Topics.TRANSACTIONS, first, purchase(tenant, "t2", "alice", "20.50", false),
                purchase(tenant, "t3", "bob", "0.10", false), purchase(tenant, "t4", "bob", "0.20", false),
                purchase(tenant, "t5", "alice", "-5.00", true));
        send(Topics.TRANSACTIONS, first); // a redelivery of t1 must change nothing

        // by hand: alice 10.25 + 20.50 - 5.00 refunded = 25.75 over two purchases (a refund is not a purchase),
        // average order 30.75 / 2 = 15.375 -> 15.38; bob 0.30 over two
        JsonPath answer = awaitPipe(tenant, 2, "25.75");
        assertEquals(List.of("alice", "bob"), answer.getList("data.customer_id"));
        assertEquals(0, new BigDecimal("25.75").compareTo(decimal(answer.get("data[0].ltv"))));
        assertEquals(2, answer.getInt("data[0].transaction_count"));
        assertEquals(0, new BigDecimal("15.38").compareTo(decimal(answer.get("data[0].avg_order_value"))));
        assertEquals(0, new BigDecimal("0.30").compareTo(decimal(answer.get("data[1].ltv"))));
        assertEquals("customer_id", answer.getString("meta[0].name"));
        assertEquals(2, answer.getInt("rows"));
    }

    @Test
    void aCustomerWithoutPurchasesIsListedWithZero() {
        String tenant = "zero-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, customer(tenant, "carol"));
        JsonPath answer = awaitPipe(tenant, 1, "0");
        assertEquals(0, answer.getInt("data[0].transaction_count"));
    }

    @Test
    void anotherTenantSeesNothing() {
        String tenant = "mine-" + UUID.randomUUID();
        send(Topics.TRANSACTIONS, purchase(tenant, "t1", "dave", "99.99", false));
        awaitPipe(tenant, 1, "99.99");
        given().auth().oauth2(OidcResource.token("other-" + tenant, "analytics:read"))
                .get("/v0/pipes/customer_ltv.json").then().statusCode(200).body("rows", equalTo(0));
    }

    @Test
    void aProfileChangeMovesTheCustomersHistoryBetweenCohortCells() {
        String tenant = "move-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, customer(tenant, "erin"));
        send(Topics.TRANSACTIONS, purchase(tenant, "t1", "erin", "30.00", false), purchase(tenant, "t2", "erin",
                "12.00", false));
        awaitPipe(tenant, 1, "42.00");
        String token = OidcResource.token(tenant, "analytics:read");
        // registered 2024-05-01 in segment retail, bought twice that month: one cohort, 42.00, one buyer in month 0
        given().auth().oauth2(token).get("/v0/pipes/ltv_by_cohort.json?segment=retail").then().statusCode(200)
                .body("data[0].customers", equalTo(1)).body("data[0].total_ltv", equalTo(42.0f));
        CustomerEvent moved = new CustomerEvent(tenant, "erin", NOW, "DE", "Berlin", 30, "f", "ads", "wholesale", true,
                null, null, null, null, NOW.plusSeconds(60));
        send(Topics.CUSTOMERS, moved);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v0/pipes/ltv_by_cohort.json?segment=wholesale").then().statusCode(200)
                .body("rows", equalTo(1)).body("data[0].customers", equalTo(1))
                .body("data[0].total_ltv", equalTo(42.0f)));
        given().auth().oauth2(token).get("/v0/pipes/ltv_by_cohort.json?segment=retail").then().body("rows",
                equalTo(0));
        given().auth().oauth2(token).get("/v0/pipes/customer_retention_analysis.json?segment=wholesale").then()
                .body("data[0].cohort_size", equalTo(1)).body("data[0].active_customers", equalTo(1));
        // a transaction after the move lands in the new cell
        send(Topics.TRANSACTIONS, purchase(tenant, "t3", "erin", "8.00", false));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v0/pipes/ltv_by_cohort.json?segment=wholesale").then().body("data[0].total_ltv",
                        equalTo(50.0f)));
    }

    @Test
    void factorSnapshotsFollowRefundsAndProfileChanges() {
        String tenant = "factors-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, new CustomerEvent(tenant, "ann", NOW, "US", "New York", 40, "m", "organic", "retail",
                true, null, null, null, null, NOW),
                new CustomerEvent(tenant, "ben", NOW, "US", "Boston", 22, "f", "ads",
                        "retail", true, null, null, null, null, NOW));
        send(Topics.TRANSACTIONS, purchase(tenant, "t1", "ann", "100.00", false), purchase(tenant, "t2", "ann",
                "23.45", false), purchase(tenant, "t3", "ben", "1234.56", false));
        awaitPipe(tenant, 2, "1234.56");
        send(Topics.TRANSACTIONS, purchase(tenant, "t4", "ann", "-3.45", true), purchase(tenant, "t1", "ann",
                "100.00", false)); // a refund, and a redelivery that must change nothing
        send(Topics.CUSTOMERS, new CustomerEvent(tenant, "ann", NOW, "DE", "Berlin", 40, "m", "organic", "retail",
                true, null, null, null, null, NOW.plusSeconds(60)));
        String token = OidcResource.token(tenant, "analytics:read");
        // by hand: ann 100.00 + 23.45 - 3.45 = 120.00 now in DE, ben 1234.56 in US; overall mean 677.28,
        // so lift DE = 120 / 677.28 = 0.1772 and US = 1234.56 / 677.28 = 1.8228; both in segment retail,
        // whose median is the mean of the two. Without a filter this is the snapshot, refreshed every second here
        // the snapshot catches up: its row for DE holds ann's 120.00
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(
                    dev.clv.testsupport.PostgresResource.jdbcUrl(), "postgres", "postgres");
                    java.sql.PreparedStatement q = db.prepareStatement("SELECT (e ->> 3)::numeric FROM "
                            + "analytics.answer_snapshots a, jsonb_array_elements(a.body::jsonb) e WHERE a.tenant_id = ? "
                            + "AND a.answer = 'pipe:ltv_influencing_factors' AND e ->> 0 = 'country' "
                            + "AND e ->> 1 = 'DE'")) {
                q.setString(1, tenant);
                java.sql.ResultSet r = q.executeQuery();
                org.junit.jupiter.api.Assertions.assertTrue(r.next(), "no snapshot row");
                assertEquals(0, new BigDecimal("120").compareTo(r.getBigDecimal(1)));
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v0/pipes/ltv_influencing_factors.json?min_customers=1").then().statusCode(200)
                .body("data.findAll { it.factor == 'country' }.value", equalTo(List.of("US", "DE")))
                .body("data.find { it.value == 'DE' }.mean_ltv", equalTo(120.0f)));
        JsonPath whole = given().auth().oauth2(token).get("/v0/pipes/ltv_influencing_factors.json?min_customers=1")
                .then().extract().jsonPath().using(new JsonPathConfig(NumberReturnType.BIG_DECIMAL));
        assertEquals(0, new BigDecimal("0.1772").compareTo(decimal(whole.get("data.find { it.value == 'DE' }.lift"))));
        assertEquals(0, new BigDecimal("1.8228").compareTo(decimal(whole.get("data.find { it.value == 'US' }.lift"))));
        assertEquals(0, new BigDecimal("1234.56").compareTo(decimal(whole.get(
                "data.find { it.value == 'US' }.median_ltv"))));
        Map<String, Object> retail = whole.getMap("data.find { it.value == 'retail' }");
        assertEquals(2, ((Number) retail.get("customers")).intValue());
        assertEquals(0, new BigDecimal("677.28").compareTo(decimal(retail.get("median_ltv"))));
        assertEquals(0, new BigDecimal("1.0000").compareTo(decimal(retail.get("lift"))));
        assertEquals(List.of(), whole.getList("data.findAll { it.value == 'New York' }"));
        // a snapshot answer names the watermark it reflects
        org.junit.jupiter.api.Assertions.assertNotNull(whole.get("as_of.watermark"), whole.prettify());
        // the snapshot (no filter) and the live answer for a filter that keeps both say the same
        assertEquals(whole.getList("data"), given().auth().oauth2(token).get(
                "/v0/pipes/ltv_influencing_factors.json?min_customers=1&segment=retail").then().extract().jsonPath()
                .using(new JsonPathConfig(NumberReturnType.BIG_DECIMAL)).getList("data"));
    }

    @Test
    void badParametersAndUnknownPipesAreProblems() {
        String token = OidcResource.token("acme", "analytics:read");
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json?limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json?limit=abc").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json?start_date=2024-13-01").then().statusCode(400)
                .body("errors[0].field", equalTo("start_date"));
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json?is_active=maybe").then().statusCode(400)
                .body("errors[0].field", equalTo("is_active"));
        given().auth().oauth2(token).get("/v0/pipes/ltv_by_cohort.json?start_date=2024-02-01&end_date=2024-01-01")
                .then().statusCode(400).body("errors[0].field", equalTo("end_date"));
        given().auth().oauth2(token).get("/v0/pipes/ltv_influencing_factors.json?min_customers=x").then()
                .statusCode(400).body("errors[0].field", equalTo("min_customers"));
        given().auth().oauth2(token).get("/v0/pipes/customer_ltv.xml").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get("/v0/pipes/nope.json").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(OidcResource.token("acme", "events:write")).get("/v0/pipes/customer_ltv.json")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readinessCoversTheDatabaseAndTheProjectorsConsumer() {
        // the projector's consumer carries the Kafka check: a query-only process has none and needs no Kafka
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), containsString("Kafka consumers")));
    }

    private static JsonPath awaitPipe(String tenant, int rows, String topLtv) {
        String token = OidcResource.token(tenant, "analytics:read");
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = given().auth().oauth2(token).get("/v0/pipes/customer_ltv.json").then().statusCode(200)
                    .extract().jsonPath().using(new JsonPathConfig(NumberReturnType.BIG_DECIMAL));
            return last[0].getInt("rows") == rows
                    && new BigDecimal(topLtv).compareTo(decimal(last[0].get("data[0].ltv"))) == 0;
        });
        return last[0];
    }

    // whole numbers arrive as integers even in BIG_DECIMAL mode
    private static BigDecimal decimal(Object number) {
        return new BigDecimal(String.valueOf(number));
    }

    private static CustomerEvent customer(String tenant, String id) {
        return new CustomerEvent(tenant, id, NOW, "DE", "Berlin", 30, "f", "ads", "retail", true, null, null, null,
                null, NOW);
    }

    private static TransactionEvent purchase(String tenant, String id, String customer, String amount,
            boolean refund) {
        return new TransactionEvent(tenant, id, customer, NOW, new BigDecimal(amount), "EUR", null, null,
                refund ? "refund" : "purchase", "card", refund, "web", null, NOW);
    }

    private static void send(String topic, Object... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaResource.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Object e : events) {
                String key = e instanceof TransactionEvent t
                        ? Topics.key(t.tenantId(), t.customerId())
                        : Topics.key(((CustomerEvent) e).tenantId(), ((CustomerEvent) e).customerId());
                producer.send(new ProducerRecord<>(topic, key, EventJson.write(e)));
            }
        }
    }
}
