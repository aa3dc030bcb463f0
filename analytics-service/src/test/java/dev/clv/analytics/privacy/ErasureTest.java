package dev.clv.analytics.privacy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * An erase request through Kafka: every row of the customer goes, in every table with a customer_id (found through
 * information_schema), the tenant's other customer and another tenant's customer of the same id stay, tenant-level
 * sums stay; a replay of the customer's old record is skipped, a redelivered request erases nothing more, and a
 * record produced after the erase is new data.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ErasureTest {
    // by hand: gone bought 100.00 (03-01) and 50.00 (04-02) of product sku-1, refunded 10.00 (04-05): three days,
    // two months, one category (none sent: 'uncategorized'), two product months; an interaction, an event, a score,
    // a membership list, a profile
    private static final Map<String, Long> GONE = Map.ofEntries(Map.entry("customers", 1L),
            Map.entry("transactions", 3L), Map.entry("interactions", 1L), Map.entry("events", 1L),
            Map.entry("customer_metrics", 1L), Map.entry("customer_days", 3L), Map.entry("customer_months", 2L),
            Map.entry("customer_categories", 1L), Map.entry("customer_product_months", 2L),
            Map.entry("customer_scores", 1L), Map.entry("customer_segments", 1L));
    private static final String SUMS = """
            SELECT (SELECT sum(orders) FROM analytics.tenant_sales_quarters WHERE tenant_id = k.t),
              (SELECT sum(net_revenue) FROM analytics.tenant_sales_quarters WHERE tenant_id = k.t),
              (SELECT sum(refund_total) FROM analytics.tenant_sales_quarters WHERE tenant_id = k.t),
              (SELECT sum(interactions) FROM analytics.tenant_activity_quarters WHERE tenant_id = k.t),
              (SELECT sum(events) FROM analytics.tenant_activity_quarters WHERE tenant_id = k.t),
              (SELECT sum(customers) FROM analytics.cohort_sizes WHERE tenant_id = k.t),
              (SELECT sum(net_revenue) FROM analytics.cohort_months WHERE tenant_id = k.t),
              (SELECT sum(active) FROM analytics.cohort_months WHERE tenant_id = k.t)
            FROM (SELECT ?::text AS t) k
            """;

    @Test
    void anErasedCustomerIsGoneEverywhereAndStaysGone() throws Exception {
        String tenant = "erase-" + UUID.randomUUID();
        String other = "erase-other-" + UUID.randomUUID();
        String gone = "gone-" + UUID.randomUUID();
        String kept = "kept-" + UUID.randomUUID();
        PrivacyRows a = new PrivacyRows(tenant);
        PrivacyRows b = new PrivacyRows(other);
        ProducerRecord<String, byte[]> p1 = a.purchase("p1", gone, "2024-03-01T12:00:00Z", "100.00", "sku-1");
        RecordMetadata p1Sent = PrivacyKafka.send(p1).get(0);
        PrivacyKafka.send(a.customer(gone, "2024-01-15T00:00:00Z", null), a.customer(kept, "2024-02-10T00:00:00Z",
                null), a.purchase("p2", gone, "2024-04-02T12:00:00Z", "50.00", "sku-1"),
                a.refund("r1", gone, "2024-04-05T12:00:00Z", "10.00", "sku-1"), a.interaction("i1", gone,
                        "2024-04-03T09:00:00Z"),
                a.event("e1", gone, "2024-04-04T09:00:00Z", Map.of("page", "/pricing")), a.score(gone, "321.00"),
                a.memberships(gone, "vip"), a.purchase("p3", kept, "2024-03-01T13:00:00Z", "30.00"),
                a.event("e2", kept, "2024-03-02T09:00:00Z", null), b.customer(gone, "2024-01-01T00:00:00Z", null),
                b.purchase("p1", gone, "2024-03-02T12:00:00Z", "70.00"));
        Map<String, Long> keptRows = rows(Map.of("customers", 1L, "transactions", 1L, "events", 1L,
                "customer_metrics", 1L, "customer_days", 1L, "customer_months", 1L, "customer_categories", 1L));
        Map<String, Long> otherRows = rows(Map.of("customers", 1L, "transactions", 1L, "customer_metrics", 1L,
                "customer_days", 1L, "customer_months", 1L, "customer_categories", 1L));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(rows(GONE), stored(tenant, gone));
            assertEquals(keptRows, stored(tenant, kept));
            assertEquals(otherRows, stored(other, gone));
            // the ranked pipes' snapshots name the customer (refreshed every second in tests), and so does the RFM
            // table kept with them
            assertTrue(PrivacyDb.rowsMentioning(tenant, gone).containsKey("answer_snapshots"));
            assertEquals(1L, PrivacyDb.rowsOf(tenant, gone).get("rfm_snapshots"));
        });
        // by hand: orders p1, p2, p3; net 100 + 50 - 10 + 30; 10 refunded; 1 interaction, 2 events; two cohort
        // members; cohort net 170.00, active months: gone's March and April, kept's March
        List<String> sums = List.of("3", "170.00", "10.00", "1", "2", "2", "170.00", "3");
        assertEquals(sums, PrivacyDb.row(SUMS, tenant));
        String token = OidcResource.token(tenant, "analytics:read");
        List<Object> revenue = revenue(token);
        assertEquals(1, json(token, "/v1/products/sku-1").getInt("data.buyers"));
        // buyer months (UTC months read the buyer-month rollup): March gone and kept, April gone, who bought in March;
        // buyer days (the buyer-day rollup): March 1st gone and kept
        assertEquals(List.of(List.of(2, 0), List.of(1, 1)), buyers(token, "month", "2024-03-01", "2024-04-30"));
        assertEquals(List.of(List.of(2, 0)), buyers(token, "day", "2024-03-01", "2024-03-01"));

        PrivacyRequest erase = new PrivacyRequest(UUID.randomUUID(), tenant, PrivacyRequest.ERASE, List.of(gone),
                Instant.now());
        PrivacyKafka.send(PrivacyKafka.request(erase));
        PrivacyResult result = PrivacyKafka.results(erase.id(), 1).get(0);
        assertEquals(PrivacyResult.COMPLETED, result.status(), result.detail());
        Map<String, Long> counts = new HashMap<>(result.counts());
        assertTrue(counts.remove("answer_snapshots") > 0, counts.toString());
        Map<String, Long> expected = new HashMap<>(GONE);
        expected.put("erasure_guards", 1L);
        expected.put("export_parts", 0L);
        assertEquals(expected, counts);

        PrivacyDb.assertGone(tenant, gone);
        assertEquals(keptRows, stored(tenant, kept));
        assertEquals(otherRows, stored(other, gone));
        // the guard holds a hash computed here independently, never the id
        assertEquals(List.of("1"), PrivacyDb.row("SELECT count(*) FROM analytics.erased_customers WHERE tenant_id = ?"
                + " AND customer_hash = encode(sha256(convert_to(?, 'UTF8') || '\\x00'::bytea || convert_to(?, "
                + "'UTF8')), 'hex')", tenant, tenant, gone));
        given().auth().oauth2(token).get("/v1/customers/" + gone).then().statusCode(404);
        assertEquals(List.of(kept), json(token, "/v1/customers").getList("data.id"));
        assertEquals(List.of(kept), json(token, "/v0/pipes/ltv_forecast.json").getList(
                "data.customer_id"));
        assertEquals(0, new BigDecimal("70.00").compareTo(json(OidcResource.token(other, "analytics:read"),
                "/v1/customers/" + gone).get("data.lifetime_value")));
        // documented: tenant-level rollups keep their sums
        assertEquals(sums, PrivacyDb.row(SUMS, tenant));
        assertEquals(revenue, revenue(token));
        // the buyer days and months counted customers: March (and its 1st) keeps kept, April no one
        assertEquals(List.of(List.of(1, 0), List.of(0, 0)), buyers(token, "month", "2024-03-01", "2024-04-30"));
        assertEquals(List.of(List.of(1, 0)), buyers(token, "day", "2024-03-01", "2024-03-01"));
        // the product's months keep its sales (two purchases, one refund); its buyers were the customer's rows
        JsonPath product = json(token, "/v1/products/sku-1");
        assertEquals(List.of(2, 1, 0), List.of(product.getInt("data.purchases"), product.getInt("data.refunds"),
                product.getInt("data.buyers")));
        // the snapshots come back, computed without the customer
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !PrivacyDb.row("SELECT 1 FROM analytics."
                + "answer_snapshots WHERE tenant_id = ?", tenant).isEmpty());
        PrivacyDb.assertGone(tenant, gone);

        // a replay of the customer's old record, with its old timestamp: skipped
        PrivacyKafka.awaitProjected(PrivacyKafka.send(new ProducerRecord<>(p1.topic(), null, p1Sent.timestamp(),
                p1.key(), p1.value())).get(0));
        PrivacyDb.assertGone(tenant, gone);
        // the request delivered again: answers what it did then, erases nothing more
        PrivacyKafka.send(PrivacyKafka.request(erase));
        assertEquals(result.counts(), PrivacyKafka.results(erase.id(), 2).get(1).counts());
        PrivacyDb.assertGone(tenant, gone);
        // a record produced after the erase is new data
        PrivacyKafka.send(a.purchase("p9", gone, "2024-06-01T12:00:00Z", "25.00"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(0, new BigDecimal("25.00")
                .compareTo(json(token, "/v1/customers/" + gone).get("data.lifetime_value"))));
        assertEquals(1L, PrivacyDb.rowsOf(tenant, gone).get("transactions"));
    }

    /** Active and retained customers of each period in the retention report in UTC. */
    private static List<List<Integer>> buyers(String token, String granularity, String from, String to) {
        JsonPath report = json(token, "/v1/reports/retention?granularity=" + granularity + "&start_date=" + from
                + "&end_date=" + to);
        return report.<Map<String, Object>>getList("data.periods").stream().map(p -> List.of(((Number) p.get(
                "active_customers")).intValue(), ((Number) p.get("retained_customers")).intValue())).toList();
    }

    private static List<Object> revenue(String token) {
        JsonPath report = json(token, "/v1/reports/revenue?granularity=month&start_date=2024-03-01"
                + "&end_date=2024-04-30");
        // by hand: March 100.00 + 30.00 in two orders; April 50.00 - 10.00
        assertEquals(List.of("130.00", "40.00"), report.getList("data.periods.net_revenue").stream()
                .map(Object::toString).toList());
        return report.getList("data.periods");
    }

    /** A 200 answer's JSON, decimals exact. */
    private static JsonPath json(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    // every table with a customer_id, zero where not named
    // a customer's rows in the tables the projection keeps: the RFM snapshot table comes and goes with the
    // tenant's snapshots (an erasure empties it for the whole tenant until the next refresh), checked on its own
    private static Map<String, Long> stored(String tenant, String customer) throws java.sql.SQLException {
        Map<String, Long> rows = PrivacyDb.rowsOf(tenant, customer);
        rows.remove("rfm_snapshots");
        return rows;
    }

    private static Map<String, Long> rows(Map<String, Long> named) {
        Map<String, Long> all = new HashMap<>();
        for (String t : List.of("customers", "transactions", "interactions", "events", "customer_metrics",
                "customer_days", "customer_months", "customer_categories", "customer_product_months",
                "customer_scores", "customer_segments")) {
            all.put(t, named.getOrDefault(t, 0L));
        }
        return all;
    }
}
