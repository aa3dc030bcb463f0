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
    private static final String TENANT = "pipes-" + UUID.randomUUID();
    private static final Dataset DATA = CustomerDataGenerator.generate(CustomerDataGenerator.Spec.of(300, 5));
    private static final ReferenceAnalytics REF = new ReferenceAnalytics(DATA);

    private static boolean loaded;

    // not @BeforeAll: REST Assured learns the test port only once Quarkus runs the first test
    @BeforeEach
    synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        Instant now = Instant.now();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        DATA.customers().forEach(c -> records.add(record(Topics.CUSTOMERS, c.customerId(), new CustomerEvent(TENANT,
                c.customerId(), c.registrationDate(), c.country(), c.city(), c.age(), c.gender(),
                c.acquisitionSource(), c.segment(), c.isActive(), null, null, c.loyaltyTier(), null, now))));
        List<ProducerRecord<String, byte[]>> transactions = new ArrayList<>();
        DATA.transactions().forEach(t -> transactions.add(record(Topics.TRANSACTIONS, t.customerId(),
                new TransactionEvent(TENANT, t.transactionId(), t.customerId(), t.transactionDate(), t.amount(),
                        t.currency(), t.productId(), t.productCategory(), t.transactionType(), t.paymentMethod(),
                        t.isRefund(), t.channel(), null, now))));
        records.addAll(transactions);
        records.addAll(transactions.subList(0, transactions.size() / 10));
        DATA.interactions().forEach(i -> records.add(record(Topics.INTERACTIONS, i.customerId(),
                new InteractionEvent(TENANT, i.interactionId(), i.customerId(), i.interactionDate(),
                        i.interactionType(), i.channel(), i.durationSeconds(), i.satisfactionScore(), null, now))));
        Collections.shuffle(records, new Random(3));
        records.add(records.size() / 2, new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(TENANT, "poison"),
                "{\"not\": a json".getBytes()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
        }
        long purchases = DATA.transactions().stream().filter(t -> !t.isRefund()).count();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath page = pipe("customer_ltv", "limit=10000");
            return page.getInt("rows") == DATA.customers().size()
                    && page.getList("data.transaction_count", Integer.class).stream().mapToLong(i -> i)
                            .sum() == purchases;
        });
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
        List<Map<String, Object>> rows = pipe("ltv_influencing_factors", "min_customers=1&limit=10000")
                .getList("data");
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
        int big = pipe("ltv_influencing_factors", "min_customers=50").getInt("rows");
        assertTrue(big > 0 && big < rows.size(), "min_customers leaves small groups out");
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
                    if (r.key().equals(Topics.key(TENANT, "poison"))) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            assertEquals(Topics.TRANSACTIONS, new String(found.get(0).headers().lastHeader("dlq-topic").value()));
            assertEquals("{\"not\": a json", new String(found.get(0).value()));
        }
    }

    private static JsonPath pipe(String name, String query) {
        return given().auth().oauth2(token()).get("/v0/pipes/" + name + ".json?" + query).then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private static String token() {
        return OidcResource.token(TENANT, "analytics:read");
    }

    private static ProducerRecord<String, byte[]> record(String topic, String customer, Object event) {
        return new ProducerRecord<>(topic, Topics.key(TENANT, customer), EventJson.write(event));
    }
}
