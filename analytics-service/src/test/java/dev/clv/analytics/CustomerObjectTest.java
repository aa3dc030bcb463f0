package dev.clv.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.SegmentMemberships;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The customer object of seed 003 on /v1/customers and /v1/customers/{id}, with segment_ids from
 * segment-memberships.v1: the newest list wins whatever order lists arrive in, an empty list means none, and a list
 * whose payload names another tenant or customer than its key is never stored.
 */
@QuarkusTest
@WithPlatformInfrastructure
class CustomerObjectTest {

    @Test
    void theObjectsMembersComeFromEveryKindOfRow() {
        String tenant = "object-" + UUID.randomUUID();
        TenantRecords rows = new TenantRecords(tenant);
        // o1: registered, bought (03-01), interacted (03-05, the newest activity), an event (03-03) and a refund
        // (03-10, not an activity). o2: a profile without registration; its oldest row is an event of 01-05.
        // o3: events only, no profile at all
        rows.send(rows.customer("o1", "2024-01-15T10:30:00Z", "s", null, "John Doe", "john@example.com"),
                rows.customer("o2", null, "s", null, null, null));
        rows.send(rows.purchase("p1", "o1", "2024-03-01T12:00:00Z", "99.99"), rows.purchase("p2", "o1",
                "2024-02-01T12:00:00Z", "400.00"), rows.refund("r1", "o1", "2024-03-10T12:00:00Z", "0.04"),
                rows.purchase("p3", "o2", "2024-02-01T12:00:00Z", "10.00"));
        rows.send(rows.interaction("i1", "o1", "2024-03-05T08:00:00Z", "login", "web", null));
        rows.send(rows.event("e1", "o1", "page_view", "2024-03-03T08:00:00Z", null, null), rows.event("e2", "o2",
                "page_view", "2024-01-05T09:00:00Z", null, null),
                rows.event("e3", "o3", "signup",
                        "2024-02-20T09:00:00Z", "s1", null));
        // o1's lists: the newer (s-b, s-a) sent first, an older one after it, which must not replace it
        rows.send(rows.memberships("o1", "2024-04-02T00:00:00Z", "s-b", "s-a"), rows.memberships("o1",
                "2024-04-01T00:00:00Z", "s-old"));
        // o2: in s-x, then in nothing
        rows.send(rows.memberships("o2", "2024-04-01T00:00:00Z", "s-x"),
                rows.memberships("o2", "2024-04-03T00:00:00Z"));
        String token = OidcResource.token(tenant, "analytics:read");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath list = TenantRecords.get(token, "/v1/customers?sort=customer_id&order=asc");
            assertEquals(List.of("o1", "o2", "o3"), list.getList("data.id"));
            assertEquals(List.of(List.of("s-b", "s-a"), List.of(), List.of()), list.getList("data.segment_ids"));
            assertEquals(1, list.getInt("data[0].interaction_count"));
            assertEquals(1, list.getInt("data[2].event_count"));
        });
        JsonPath list = TenantRecords.get(token, "/v1/customers?sort=customer_id&order=asc");
        Map<String, Object> o1 = list.getMap("data[0]");
        // the seed's members first, then ours: id is customer_id, 2 purchases (the refund is none) worth 499.95
        assertEquals(List.of("id", "email", "name", "created_at", "last_active", "segment_ids", "total_purchases",
                "lifetime_value", "customer_id"), List.copyOf(o1.keySet()).subList(0, 9));
        assertEquals("o1", o1.get("customer_id"));
        assertEquals("john@example.com", o1.get("email"));
        assertEquals("John Doe", o1.get("name"));
        assertEquals("2024-01-15T10:30:00Z", o1.get("created_at"));
        assertEquals("2024-03-05T08:00:00Z", o1.get("last_active"));
        assertEquals(2, ((Number) o1.get("total_purchases")).intValue());
        assertEquals(0, new BigDecimal("499.95").compareTo(new BigDecimal(o1.get("lifetime_value").toString())));
        // o2: no registration, so created_at is when it was first seen: its event of 01-05, older than its purchase
        // and its profile's arrival; email and name are written, as null
        Map<String, Object> o2 = list.getMap("data[1]");
        assertEquals("2024-01-05T09:00:00Z", o2.get("created_at"));
        assertEquals("2024-02-01T12:00:00Z", o2.get("last_active"));
        assertTrue(o2.containsKey("email") && o2.get("email") == null, o2.toString());
        Map<String, Object> o3 = list.getMap("data[2]");
        assertEquals("2024-02-20T09:00:00Z", o3.get("created_at"));
        assertEquals(0, ((Number) o3.get("total_purchases")).intValue());
        // one customer: the same object at the top of data, then profile and metrics as before
        JsonPath one = TenantRecords.get(token, "/v1/customers/o1");
        assertEquals("o1", one.getString("data.id"));
        assertEquals(List.of("s-b", "s-a"), one.getList("data.segment_ids"));
        assertEquals("2024-03-05T08:00:00Z", one.getString("data.last_active"));
        assertEquals("John Doe", one.getString("data.profile.name"));
        assertEquals(2, one.getInt("data.metrics.purchase_count"));
        assertNull(one.get("data.metrics.segment_ids"), "the object's members are not repeated in metrics");
        given().auth().oauth2(OidcResource.token("other-" + tenant, "analytics:read")).get("/v1/customers/o1").then()
                .statusCode(404);
    }

    @Test
    void membershipsTakeTheTenantAndCustomerFromTheKey() {
        String tenant = "keys-" + UUID.randomUUID();
        TenantRecords rows = new TenantRecords(tenant);
        rows.send(rows.customer("k1", "2024-01-15T10:30:00Z", "s", null, null, null));
        // in one partition (key k1), in order: a list naming another tenant, one naming another customer (both
        // newer than the last, so they would win if stored), then the real one
        ProducerRecord<String, byte[]> otherTenant = new ProducerRecord<>(Topics.SEGMENT_MEMBERSHIPS, Topics.key(
                tenant, "k1"),
                EventJson.write(new SegmentMemberships("someone-else", "k1", List.of("evil"),
                        java.time.Instant.parse("2030-01-01T00:00:00Z"))));
        ProducerRecord<String, byte[]> otherCustomer = new ProducerRecord<>(Topics.SEGMENT_MEMBERSHIPS, Topics.key(
                tenant, "k1"),
                EventJson.write(new SegmentMemberships(tenant, "k2", List.of("evil"),
                        java.time.Instant.parse("2030-01-01T00:00:00Z"))));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", dev.clv.testsupport.KafkaResource.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(otherTenant);
            producer.send(otherCustomer);
            producer.send(TenantRecords.record(rows.memberships("k1", "2024-04-01T00:00:00Z", "s-real")));
            // delivered again: changes nothing
            producer.send(TenantRecords.record(rows.memberships("k1", "2024-04-01T00:00:00Z", "s-real")));
        }
        String token = OidcResource.token(tenant, "analytics:read");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of("s-real"),
                TenantRecords.get(token, "/v1/customers/k1").getList("data.segment_ids")));
        assertEquals(List.of("k1"), TenantRecords.get(token, "/v1/customers").getList("data.id"));
        // memberships are not ingested rows: the customer's metrics moved by nothing
        assertEquals(0, TenantRecords.get(token, "/v1/customers/k1").getInt("data.metrics.event_count"));
    }
}
