package dev.clv.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPlatformInfrastructure
class ProfileChangesTest {

    @Test
    void aProfileChangeCarriesTheCustomersStateAndRecentActivityByDay() {
        String tenant = "snap-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(400)); // outside the activity window, inside the aggregates
        Instant yesterday = now.minus(Duration.ofDays(1));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", KafkaResource.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            String key = Topics.key(tenant, "zoe");
            producer.send(new ProducerRecord<>(Topics.CUSTOMERS, key, EventJson.write(new CustomerEvent(tenant, "zoe",
                    old, "FR", "Lyon", 33, "f", "ads", "retail", true, "z@example.com", "Zoe", "gold",
                    Map.of("plan", "pro"), now))));
            for (Object[] t : new Object[][]{{"t1", old, "50.00", false}, {"t2", yesterday, "20.00", false},
                    {"t3", yesterday, "5.00", false}, {"t4", now, "-5.00", true}}) {
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, key, EventJson.write(new TransactionEvent(
                        tenant, (String) t[0], "zoe", (Instant) t[1], new BigDecimal((String) t[2]), "EUR", null,
                        null, null, "card", (Boolean) t[3], "web", null, now))));
            }
            producer.send(new ProducerRecord<>(Topics.INTERACTIONS, key, EventJson.write(new InteractionEvent(tenant,
                    "i1", "zoe", yesterday, "support", "phone", 60, 4, null, now))));
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, EventJson.write(new BehaviouralEvent(tenant, "e1",
                    "zoe", "page_view", now, "s1", null, now))));
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, EventJson.write(new BehaviouralEvent(tenant, "e2",
                    "zoe", "purchase", now, "s1", null, now)))); // reserved name: not counted as a purchase
        }
        CustomerSnapshot s = awaitSnapshot(tenant, "zoe");
        // by hand: purchases t1, t2, t3 (the refund is not one); net 50 + 20 + 5 - 5 = 70, gross 75
        assertEquals(3, s.purchaseCount());
        assertEquals(0, new BigDecimal("70.00").compareTo(s.netRevenue()));
        assertEquals(0, new BigDecimal("75.00").compareTo(s.grossRevenue()));
        assertEquals(1, s.refundCount());
        assertEquals("gold", s.loyaltyTier());
        assertEquals("FR", s.country());
        assertEquals(Map.of("plan", "pro"), s.attributes());
        assertEquals(yesterday, s.lastPurchaseAt());
        assertEquals(4, s.satisfactionSum());
        LocalDate day = LocalDate.ofInstant(yesterday, ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        assertEquals(Map.of(day, 2L), s.activity().get("purchase"), "the purchase 400 days ago is outside");
        assertEquals(Map.of(day, 1L), s.activity().get("interaction"));
        assertEquals(Map.of(today, 1L), s.activity().get("page_view"));
        assertEquals(3, s.activity().size(), String.valueOf(s.activity()));
    }

    /** The first snapshot of the customer that reflects every record sent (batches may split them). */
    private static CustomerSnapshot awaitSnapshot(String tenant, String customer) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset",
                "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PROFILE_CHANGES));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CustomerProfileChange change = EventJson.read(r.value(), CustomerProfileChange.class);
                    if (change.tenantId().equals(tenant) && change.customerId().equals(customer)) {
                        CustomerSnapshot s = change.snapshot();
                        assertNotNull(s, "every change carries a snapshot");
                        if (s.purchaseCount() == 3 && s.refundCount() == 1 && s.eventCount() == 2
                                && s.interactionCount() == 1 && "gold".equals(s.loyaltyTier())) {
                            return s;
                        }
                    }
                }
            }
            throw new AssertionError("no complete snapshot of " + customer);
        }
    }
}
