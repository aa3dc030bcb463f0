package dev.clv.analytics.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.privacy.PrivacyExportPart;
import dev.clv.contracts.privacy.PrivacyRequest;
import dev.clv.contracts.privacy.PrivacyResult;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An export request: what analytics holds about the named customers, by section, with JSON-friendly values, in as
 * many parts as the result counts; a customer not named is in none of them.
 */
@QuarkusTest
@WithPlatformInfrastructure
class ExportTest {
    private static final int PAGE_VIEWS = 600;

    @Test
    void anExportHoldsEveryRowOfTheCustomersAndNothingElse() throws Exception {
        String tenant = "export-" + UUID.randomUUID();
        PrivacyRows rows = new PrivacyRows(tenant);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(List.of(
                rows.customer("x1", "2024-01-15T00:00:00Z", Map.of("plan", "pro")),
                rows.customer("x2", "2024-02-01T00:00:00Z", null),
                rows.purchase("t1", "x1", "2024-03-01T12:00:00Z", "100.00"),
                rows.event("e1", "x1", "2024-03-02T08:00:00Z", Map.of("page", "/home")), rows.score("x1", "123.45"),
                rows.memberships("x1", "s-a", "s-b"), rows.purchase("t3", "x3", "2024-03-01T12:00:00Z", "9.00")));
        // x2's page views: 600 of about 500 bytes each, more than one 256 KiB part
        String padding = "p".repeat(450);
        for (int i = 0; i < PAGE_VIEWS; i++) {
            records.add(rows.event("v" + i, "x2", "2024-03-03T08:00:00Z", Map.of("note", padding)));
        }
        @SuppressWarnings("unchecked")
        ProducerRecord<String, byte[]>[] all = records.toArray(ProducerRecord[]::new);
        PrivacyKafka.send(all);
        // projected: 601 events, a score, a membership list, two purchases
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> PrivacyDb.row("SELECT (SELECT count(*) FROM "
                + "analytics.events WHERE tenant_id = ?) + (SELECT count(*) FROM analytics.customer_scores WHERE "
                + "tenant_id = ?) + (SELECT count(*) FROM analytics.customer_segments WHERE tenant_id = ?) + "
                + "(SELECT count(*) FROM analytics.transactions WHERE tenant_id = ?)", tenant, tenant, tenant, tenant)
                .equals(List.of(String.valueOf(PAGE_VIEWS + 1 + 1 + 1 + 2))));

        PrivacyRequest export = new PrivacyRequest(UUID.randomUUID(), tenant, PrivacyRequest.EXPORT,
                List.of("x1", "x2", "nobody"), Instant.now());
        PrivacyKafka.send(PrivacyKafka.request(export));
        PrivacyResult result = PrivacyKafka.results(export.id(), 1).get(0);
        assertEquals(PrivacyResult.COMPLETED, result.status(), result.detail());
        long parts = result.counts().get("export_parts");
        assertTrue(parts >= 2, "600 rows of 500 bytes need more than one part: " + parts);
        List<PrivacyExportPart> received = PrivacyKafka.parts(export.id(), (int) parts);
        assertEquals(parts, received.stream().map(PrivacyExportPart::seq).distinct().count());
        Map<String, List<Map<String, Object>>> sections = new LinkedHashMap<>();
        received.stream().sorted((p, q) -> Integer.compare(p.seq(), q.seq())).forEach(p -> p.sections()
                .forEach((name, list) -> sections.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list)));

        // by hand: 2 profiles, 1 purchase, 601 events, 2 customers' metrics, 1 day, 1 month, 1 category, 1 score,
        // 1 membership list
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sections.forEach((name, list) -> sizes.put(name, list.size()));
        assertEquals(Map.of("profile", 2, "transactions", 1, "events", PAGE_VIEWS + 1, "metrics", 2, "days", 1,
                "months", 1, "categories", 1, "scores", 1, "segments", 1), sizes);
        assertEquals((long) PAGE_VIEWS + 11, result.counts().get("exported_rows"));
        sections.values().forEach(list -> list.forEach(r -> {
            assertTrue(List.of("x1", "x2").contains(r.get("customer_id")), r.toString());
            assertFalse(r.containsKey("tenant_id"), r.toString());
        }));

        Map<String, Object> profile = sections.get("profile").get(0);
        assertEquals("x1", profile.get("customer_id"));
        assertEquals("x1@example.com", profile.get("email"));
        assertEquals("2024-01-15T00:00:00Z", profile.get("registration_date"));
        assertEquals(Map.of("plan", "pro"), profile.get("attributes"));
        Map<String, Object> purchase = sections.get("transactions").get(0);
        assertEquals("t1", purchase.get("transaction_id"));
        assertEquals("100.00", purchase.get("amount"));
        assertEquals("2024-03-01T12:00:00Z", purchase.get("transaction_date"));
        assertEquals(false, purchase.get("is_refund"));
        Map<String, Object> event = sections.get("events").get(0);
        assertEquals("e1", event.get("event_id"));
        assertEquals(Map.of("page", "/home"), event.get("properties"));
        assertEquals(new TreeSet<>(List.of("x1", "x2")), new TreeSet<>(sections.get("metrics").stream()
                .map(r -> r.get("customer_id")).toList()));
        Map<String, Object> metrics = sections.get("metrics").get(0);
        assertEquals("100.00", metrics.get("net_revenue"));
        assertEquals(1, ((Number) metrics.get("purchase_count")).intValue());
        assertEquals("2024-03-01", sections.get("days").get(0).get("day"));
        assertEquals("123.45", sections.get("scores").get(0).get("predicted_clv"));
        assertEquals(0.75, ((Number) sections.get("scores").get(0).get("p_alive")).doubleValue());
        assertEquals(List.of("s-a", "s-b"), sections.get("segments").get(0).get("segment_ids"));
    }
}
