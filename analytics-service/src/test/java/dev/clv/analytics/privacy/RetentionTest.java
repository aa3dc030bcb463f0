package dev.clv.analytics.privacy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.analytics.projection.retention.AnalyticsRetention;
import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.privacy.RetentionPolicy;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention of raw rows: a tenant's policy (from retention-policies.v1) and the defaults purge old events,
 * transactions and interactions, never rows that arrived within the replay window, never another tenant's under
 * the first's policy; LTV, the customer's rollups and the tenant's sums do not move.
 */
@QuarkusTest
@WithPlatformInfrastructure
class RetentionTest {
    private static final String RAW = "SELECT (SELECT count(*) FROM analytics.transactions WHERE tenant_id = k.t), "
            + "(SELECT count(*) FROM analytics.interactions WHERE tenant_id = k.t), "
            + "(SELECT count(*) FROM analytics.events WHERE tenant_id = k.t) FROM (SELECT ?::text AS t) k";
    // every rollup row of the tenant, as text: what the raw rows were summed into
    private static final String ROLLUPS = "SELECT " + String.join(", ", List.of("customer_metrics", "customer_days",
            "customer_months", "customer_categories", "customer_product_months", "product_months",
            "tenant_sales_quarters", "tenant_activity_quarters", "cohort_sizes", "cohort_months").stream().map(
                    t -> "(SELECT string_agg(row(x.*)::text, ';' ORDER BY "
                            + "row(x.*)::text) FROM analytics." + t + " x WHERE x.tenant_id = k.t)")
            .toList())
            + " FROM (SELECT ?::text AS t) k";

    @Inject
    AnalyticsRetention retention;

    @Test
    void oldRawRowsGoAndNothingComputedFromThemMoves() throws Exception {
        String tenant = "retain-" + UUID.randomUUID();
        String other = "retain-other-" + UUID.randomUUID();
        String customer = "c-" + UUID.randomUUID();
        PrivacyRows a = new PrivacyRows(tenant);
        PrivacyRows b = new PrivacyRows(other);
        String recent = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        // the tenant keeps raw transactions and interactions 400 days and events 365: everything of 2024 is older
        PrivacyKafka.send(new ProducerRecord<>(Topics.RETENTION_POLICIES, tenant, EventJson.write(
                new RetentionPolicy(tenant, Map.of("transactions", 400, "interactions", 400, "events", 365),
                        Instant.now()))));
        PrivacyKafka.send(a.customer(customer, "2024-01-15T00:00:00Z", null),
                a.purchase("p1", customer, "2024-03-01T12:00:00Z", "100.00", "sku-1"),
                a.purchase("p2", customer, "2024-04-02T12:00:00Z", "50.00", "sku-1"),
                a.refund("r1", customer, "2024-04-05T12:00:00Z", "10.00", "sku-1"),
                a.interaction("i1", customer, "2024-04-03T09:00:00Z"),
                a.event("e1", customer, "2024-04-04T09:00:00Z", null),
                a.purchase("p3", customer, recent, "20.00"), a.event("e2", customer, recent, null),
                b.purchase("p1", customer, "2024-03-01T12:00:00Z", "70.00"),
                b.event("e1", customer, "2024-04-04T09:00:00Z", null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertEquals(List.of("4", "1", "2"), PrivacyDb.row(RAW, tenant));
            assertEquals(List.of("1", "0", "1"), PrivacyDb.row(RAW, other));
        });
        String token = OidcResource.token(tenant, "analytics:read");
        // by hand: 100.00 + 50.00 - 10.00 + 20.00
        assertEquals(0, new BigDecimal("160.00").compareTo(ltv(token, customer)));
        List<String> rollups = PrivacyDb.row(ROLLUPS, tenant);
        List<String> otherRollups = PrivacyDb.row(ROLLUPS, other);

        // every row arrived just now: inside the replay window, none goes, whatever its time
        retention.purge(Instant.now());
        assertEquals(List.of("4", "1", "2"), PrivacyDb.row(RAW, tenant));
        assertEquals(List.of("1", "0", "1"), PrivacyDb.row(RAW, other));

        // nine days on, past the window: the tenant's policy takes 2024's rows (the policy may still be on its way)
        Instant later = Instant.now().plus(9, ChronoUnit.DAYS);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            retention.purge(later);
            assertEquals(List.of("1", "0", "1"), PrivacyDb.row(RAW, tenant));
        });
        assertEquals(List.of(recent.substring(0, 10)), PrivacyDb.row("SELECT to_char(transaction_date AT TIME ZONE "
                + "'UTC', 'YYYY-MM-DD') FROM analytics.transactions WHERE tenant_id = ?", tenant));
        // the other tenant has no policy: events are kept 730 days (its 2024 event goes), transactions for ever
        assertEquals(List.of("1", "0", "0"), PrivacyDb.row(RAW, other));

        assertEquals(rollups, PrivacyDb.row(ROLLUPS, tenant));
        assertEquals(otherRollups, PrivacyDb.row(ROLLUPS, other));
        assertEquals(0, new BigDecimal("160.00").compareTo(ltv(token, customer)));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // erasure guards outlive the replay window (8 days) by nothing
        PrivacyDb.row("INSERT INTO analytics.erased_customers (tenant_id, customer_hash, erased_at) VALUES (?, 'old', "
                + "now() - interval '9 days'), (?, 'young', now() - interval '7 days') RETURNING 1", tenant, tenant);
        retention.purge(Instant.now());
        assertEquals(List.of("young"), PrivacyDb.row("SELECT customer_hash FROM analytics.erased_customers WHERE "
                + "tenant_id = ?", tenant));
        assertEquals(true, metrics.contains("retention_purged_rows_total{table=\"analytics.transactions\"}"),
                "the purge's counter is exported");
    }

    private static BigDecimal ltv(String token, String customer) {
        return given().auth().oauth2(token).get("/v1/customers/" + customer).then().statusCode(200).extract()
                .jsonPath().using(new io.restassured.path.json.config.JsonPathConfig(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get("data.lifetime_value");
    }
}
