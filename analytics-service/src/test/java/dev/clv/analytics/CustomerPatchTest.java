package dev.clv.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A customer patch ({@code patched_fields}) changes only the fields it names in the stored profile, merges its
 * attributes, and moves the customer's cohort cell exactly once when it changes what the cell is made of; their
 * score moves with them.
 */
@QuarkusTest
@WithPlatformInfrastructure
class CustomerPatchTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant REGISTERED = Instant.parse("2024-01-10T08:00:00Z");
    private static final String PROFILE = "SELECT registration_date, country, city, age, gender, acquisition_source, "
            + "segment, is_active, email, name, loyalty_tier, attributes::text FROM analytics.customers "
            + "WHERE tenant_id = ? AND customer_id = ?";

    private static CustomerEvent whole(String tenant, String id, Map<String, Object> attributes) {
        return new CustomerEvent(tenant, id, REGISTERED, "US", "Boston", 40, "f", "ads", "retail", true, "a@x.test",
                "Ann", "silver", attributes, T0);
    }

    private static CustomerEvent patch(String tenant, String id, Instant at, List<String> fields, String country,
            String city, String loyaltyTier, Map<String, Object> attributes) {
        return new CustomerEvent(tenant, id, null, country, city, null, null, null, null, null, null, null,
                loyaltyTier, attributes, at, fields);
    }

    @Test
    void aPatchOfTheLoyaltyTierKeepsEveryOtherFieldAndMergesAttributes() throws Exception {
        String tenant = "patch-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, whole(tenant, "ann", Map.of("shoe_size", 44)));
        awaitProfile(tenant, "ann", "silver");
        send(Topics.CUSTOMERS, patch(tenant, "ann", T0.plusSeconds(60), List.of("loyalty_tier"), null, null, "gold",
                Map.of("favourite_colour", "green")));
        List<Object> row = awaitProfile(tenant, "ann", "gold");
        assertEquals(List.of(REGISTERED, "US", "Boston", 40, "f", "ads", "retail", true, "a@x.test", "Ann", "gold",
                "{\"shoe_size\": 44, \"favourite_colour\": \"green\"}"), row);

        // a named field without a value is cleared; the rest still stays
        send(Topics.CUSTOMERS, patch(tenant, "ann", T0.plusSeconds(120), List.of("city", "loyalty_tier"), null, null,
                "platinum", null));
        row = awaitProfile(tenant, "ann", "platinum");
        assertEquals(List.of(REGISTERED, "US", "-", 40, "f", "ads", "retail", true, "a@x.test", "Ann", "platinum",
                "{\"shoe_size\": 44, \"favourite_colour\": \"green\"}"), row);

        // a patch of a customer not stored yet stores just what it names
        send(Topics.CUSTOMERS, patch(tenant, "new", T0, List.of("loyalty_tier"), null, null, "bronze", null));
        assertEquals(List.of("-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "bronze", "-"),
                awaitProfile(tenant, "new", "bronze"));
    }

    @Test
    void aPatchMovingTheCountryMovesTheCohortCellExactlyOnce() throws Exception {
        String tenant = "patch-cohort-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, whole(tenant, "bob", null));
        send(Topics.TRANSACTIONS, purchase(tenant, "t1", "bob", "2024-01-15T10:00:00Z", "30.00"),
                purchase(tenant, "t2", "bob", "2024-03-02T10:00:00Z", "12.00"));
        // by hand: registered January 2024; 30.00 in January (month 0), 12.00 in March (month 2); a buyer in both
        List<String> us = List.of("2024-01-01|US|ads|retail|1", "2024-01-01|US|ads|retail|k0|30.00|1",
                "2024-01-01|US|ads|retail|k2|12.00|1");
        awaitCells(tenant, us);

        CustomerEvent toGermany = patch(tenant, "bob", T0.plusSeconds(60), List.of("country"), "DE", null, null,
                null);
        send(Topics.CUSTOMERS, toGermany);
        List<String> de = List.of("2024-01-01|DE|ads|retail|1", "2024-01-01|DE|ads|retail|k0|30.00|1",
                "2024-01-01|DE|ads|retail|k2|12.00|1", "2024-01-01|US|ads|retail|0",
                "2024-01-01|US|ads|retail|k0|0.00|0", "2024-01-01|US|ads|retail|k2|0.00|0");
        awaitCells(tenant, de);

        // the same patch again (a redelivery) and a patch of a field no cell is made of move nothing
        send(Topics.CUSTOMERS, toGermany, patch(tenant, "bob", T0.plusSeconds(120), List.of("loyalty_tier"), null,
                null, "gold", null));
        awaitProfile(tenant, "bob", "gold");
        assertEquals(de, cells(tenant));

        // registration and segment together: one move to February's vip cell, where January's 30.00 counts in
        // month 0 without a buyer (it came before the registration) and March is month 1
        send(Topics.CUSTOMERS, new CustomerEvent(tenant, "bob", Instant.parse("2024-02-20T00:00:00Z"), null, null,
                null, null, null, "vip", null, null, null, null, null, T0.plusSeconds(180),
                List.of("registration_date", "segment")));
        awaitCells(tenant, List.of("2024-01-01|DE|ads|retail|0", "2024-01-01|DE|ads|retail|k0|0.00|0",
                "2024-01-01|DE|ads|retail|k2|0.00|0", "2024-01-01|US|ads|retail|0",
                "2024-01-01|US|ads|retail|k0|0.00|0", "2024-01-01|US|ads|retail|k2|0.00|0",
                "2024-02-01|DE|ads|vip|1", "2024-02-01|DE|ads|vip|k0|30.00|0", "2024-02-01|DE|ads|vip|k1|12.00|1"));
        assertEquals("DE", awaitProfile(tenant, "bob", "gold").get(1));
    }

    @Test
    void aScoreCountsInItsCustomersCellAndMovesWithIt() throws Exception {
        String tenant = "patch-score-" + UUID.randomUUID();
        send(Topics.CUSTOMERS, whole(tenant, "cy", null));
        awaitProfile(tenant, "cy", "silver");
        send(Topics.SCORES, score(tenant, "cy", "40.00", 12, T0));
        awaitScores(tenant, List.of("2024-01-01|US|ads|retail|h12|1|40.00"));
        // a newer score replaces it, an older one arriving later changes nothing
        send(Topics.SCORES, score(tenant, "cy", "55.50", 12, T0.plusSeconds(60)),
                score(tenant, "cy", "1.00", 6, T0.plusSeconds(30)));
        awaitScores(tenant, List.of("2024-01-01|US|ads|retail|h12|1|55.50"));
        // a score of a customer known only by a purchase is in no cell until the profile comes; then it moves in
        send(Topics.SCORES, score(tenant, "dee", "9.25", 6, T0));
        send(Topics.TRANSACTIONS, purchase(tenant, "t1", "dee", "2024-03-02T10:00:00Z", "5.00"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> stored(
                "SELECT (SELECT count(*) FROM analytics.customer_scores WHERE tenant_id = ? AND customer_id = 'dee')"
                        + " + (SELECT count(*) FROM analytics.customer_metrics WHERE tenant_id = ?"
                        + " AND customer_id = 'dee' AND purchase_count = 1)",
                tenant) == 2);
        assertEquals(List.of("2024-01-01|US|ads|retail|h12|1|55.50"), scores(tenant));
        send(Topics.CUSTOMERS, new CustomerEvent(tenant, "dee", Instant.parse("2024-03-01T00:00:00Z"), "DE", null,
                null, null, "mail", "vip", null, null, null, "silver", null, T0));
        awaitScores(tenant, List.of("2024-01-01|US|ads|retail|h12|1|55.50", "2024-03-01|DE|mail|vip|h6|1|9.25"));
        // cy moves to Germany: the score leaves the US cell (emptied, kept) for the German one
        send(Topics.CUSTOMERS, patch(tenant, "cy", T0.plusSeconds(60), List.of("country"), "DE", null, null, null));
        awaitScores(tenant, List.of("2024-01-01|DE|ads|retail|h12|1|55.50", "2024-01-01|US|ads|retail|h12|0|0.00",
                "2024-03-01|DE|mail|vip|h6|1|9.25"));
    }

    private static CustomerScore score(String tenant, String customer, String clv, int horizon, Instant at) {
        return new CustomerScore(tenant, customer, "bg_nbd", 1, new BigDecimal(clv), 0.5, 1.0, horizon, at);
    }

    private static void awaitScores(String tenant, List<String> expected) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(expected, scores(tenant)));
    }

    /** Every cohort score cell of the tenant: "cohort|country|source|segment|h(horizon)|customers|predicted clv". */
    private static List<String> scores(String tenant) throws SQLException {
        return lines("SELECT cohort || '|' || country || '|' || acquisition_source || '|' || segment || '|h' "
                + "|| horizon_months || '|' || customers || '|' || predicted_clv FROM analytics.cohort_scores "
                + "WHERE tenant_id = ?", tenant);
    }

    /** One number a query of the tenant (named by every parameter) answers. */
    private static long stored(String sql, String tenant) throws SQLException {
        try (Connection db = connect(); var q = db.prepareStatement(sql)) {
            for (int i = 1; i <= q.getParameterMetaData().getParameterCount(); i++) {
                q.setString(i, tenant);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static TransactionEvent purchase(String tenant, String id, String customer, String at, String amount) {
        return new TransactionEvent(tenant, id, customer, Instant.parse(at), new BigDecimal(amount), "USD", null,
                null, "purchase", "card", false, "web", null, T0);
    }

    /** The stored profile once its loyalty tier is {@code tier}; null columns read "-". */
    private static List<Object> awaitProfile(String tenant, String id, String tier) throws SQLException {
        List<List<Object>> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            try (Connection db = connect(); var q = db.prepareStatement(PROFILE)) {
                q.setString(1, tenant);
                q.setString(2, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= 12; i++) {
                            Object v = i == 1 ? rs.getObject(1, java.time.OffsetDateTime.class) : rs.getObject(i);
                            row.add(v == null ? "-" : v instanceof java.time.OffsetDateTime t ? t.toInstant() : v);
                        }
                        found.add(row);
                    }
                }
            }
            return !found.isEmpty() && tier.equals(found.get(0).get(10));
        });
        return found.get(0);
    }

    private static void awaitCells(String tenant, List<String> expected) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(expected, cells(tenant)));
    }

    /** Every cohort size ("cohort|country|source|segment|customers") and month ("…|k|net|active") of the tenant. */
    private static List<String> cells(String tenant) throws SQLException {
        return lines("""
                SELECT cohort || '|' || country || '|' || acquisition_source || '|' || segment || '|' || customers
                FROM analytics.cohort_sizes WHERE tenant_id = ?
                UNION ALL
                SELECT cohort || '|' || country || '|' || acquisition_source || '|' || segment || '|k' || k || '|'
                  || net_revenue || '|' || active
                FROM analytics.cohort_months WHERE tenant_id = ?""", tenant);
    }

    /** The text rows of a query whose every parameter is the tenant. */
    private static List<String> lines(String sql, String tenant) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection db = connect(); var q = db.prepareStatement(sql)) {
            for (int i = 1; i <= q.getParameterMetaData().getParameterCount(); i++) {
                q.setString(i, tenant);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        // sorted here, by code point: the database's collation may order punctuation otherwise
        java.util.Collections.sort(out);
        return out;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(PostgresResource.jdbcUrl(), "postgres", "postgres");
    }

    private static void send(String topic, Object... events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaResource.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Object e : events) {
                String key = e instanceof TransactionEvent t
                        ? Topics.key(t.tenantId(), t.customerId())
                        : e instanceof CustomerScore sc
                                ? Topics.key(sc.tenantId(), sc.customerId())
                                : Topics.key(((CustomerEvent) e).tenantId(), ((CustomerEvent) e).customerId());
                producer.send(new ProducerRecord<>(topic, key, EventJson.write(e)));
            }
        }
    }
}
