package dev.clv.analytics.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.TransactionEvent;
import dev.clv.testsupport.KafkaResource;
import dev.clv.testsupport.PostgresResource;
import dev.clv.testsupport.WithPlatformInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** One tenant's hostile records neither stop the projection for the others nor reach another tenant's data. */
@QuarkusTest
@WithPlatformInfrastructure
class ProjectionResilienceTest {
    private static final Instant NOW = Instant.now();

    @Test
    void thousandsOfLongEventTypesAreCappedInTheProfileChangeAndTheProjectionGoesOn() throws Exception {
        String hoarder = "hoarder-" + UUID.randomUUID();
        String calm = "calm-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // 6,000 distinct 200-character types: their activity alone would be a 1.3 MB record, past Kafka's limit
            for (int i = 0; i < 6000; i++) {
                String type = String.format("%04d", i) + "x".repeat(196);
                producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.key(hoarder, "h"), EventJson.write(
                        new BehaviouralEvent(hoarder, "e" + i, "h", type, NOW, null, null, NOW))));
            }
            // a busier type, so the kept ones are the most frequent, not the first by name
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.key(hoarder, "h"), EventJson.write(
                        new BehaviouralEvent(hoarder, "busy" + i, "h", "zz_busy", NOW, null, null, NOW))));
            }
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(calm, "c"), EventJson.write(
                    new TransactionEvent(calm, "t1", "c", NOW, new BigDecimal("9.99"), "USD", null, null, null, null,
                            false, "web", null, NOW))))
                    .get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> revenue(calm, "c") != null);
        assertEquals(0, new BigDecimal("9.99").compareTo(revenue(calm, "c")), "the calm tenant was projected");
        ConsumerRecord<String, byte[]> change = awaitRecord(Topics.PROFILE_CHANGES, r -> {
            CustomerProfileChange c = EventJson.read(r.value(), CustomerProfileChange.class);
            return c.tenantId().equals(hoarder) && c.snapshot() != null && c.snapshot().eventCount() == 6003;
        });
        CustomerSnapshot snapshot = EventJson.read(change.value(), CustomerProfileChange.class).snapshot();
        assertTrue(change.value().length < 1_000_000, "the record fits: " + change.value().length);
        assertEquals(CustomerSnapshot.ACTIVITY_EVENT_TYPES, snapshot.activity().size());
        assertTrue(snapshot.activity().containsKey("zz_busy"), "the most frequent type is kept");
        assertTrue(snapshot.activity().containsKey("0000" + "x".repeat(196)), "then the first by name");
        assertTrue(!snapshot.activity().containsKey("5999" + "x".repeat(196)), "the last by name is not");
    }

    @Test
    void aRecordNamingAnotherTenantThanItsKeyIsDeadLetteredNotStored() throws Exception {
        String attacker = "attacker-" + UUID.randomUUID();
        String victim = "victim-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(attacker, "c"), EventJson.write(
                    new TransactionEvent(victim, "t1", "c", NOW, new BigDecimal("1000"), "USD", null, null, null,
                            null, false, "web", null, NOW))))
                    .get();
        }
        ConsumerRecord<String, byte[]> letter = awaitRecord(Topics.ANALYTICS_DEAD_LETTERS,
                r -> r.key().startsWith(attacker));
        assertEquals("the record's tenant differs from its key's", header(letter, "dlq-reason"));
        assertNull(revenue(victim, "c"));
        assertNull(revenue(attacker, "c"));
    }

    @Test
    void aRowTheDatabaseRefusesIsDeadLetteredWithoutItsErrorText() throws Exception {
        String tenant = "nul-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, "c"), EventJson.write(
                    new TransactionEvent(tenant, "bad", "c", NOW, new BigDecimal("5"), "US\u0000D", null, null, null,
                            null, false, "web", null, NOW))));
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, "c"), EventJson.write(
                    new TransactionEvent(tenant, "good", "c", NOW, new BigDecimal("7"), "USD", null, null, null,
                            null, false, "web", null, NOW))))
                    .get();
        }
        ConsumerRecord<String, byte[]> letter = awaitRecord(Topics.ANALYTICS_DEAD_LETTERS,
                r -> r.key().startsWith(tenant));
        String reason = header(letter, "dlq-reason");
        assertTrue(reason.matches("the database refused a value of this row \\(SQLSTATE \\w{5}\\)"), reason);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> revenue(tenant, "c") != null);
        assertEquals(0, new BigDecimal("7").compareTo(revenue(tenant, "c")), "the good row of the batch is kept");
    }

    @Test
    void aRowTooLargeForAnIndexIsDeadLetteredAndTheProjectionGoesOn() throws Exception {
        String tenant = "wide-" + UUID.randomUUID();
        // 1,000 random CJK characters, 3,000 bytes that do not compress: past PostgreSQL's limit for an index entry
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.appendCodePoint(0x4E00 + random.nextInt(20_000));
        }
        String wide = text.toString();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, wide), EventJson.write(
                    new TransactionEvent(tenant, "wide", wide, NOW, new BigDecimal("5"), "USD", null, null, null,
                            null, false, "web", null, NOW))));
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.key(tenant, "c"), EventJson.write(
                    new TransactionEvent(tenant, "fine", "c", NOW, new BigDecimal("3"), "USD", null, null, null, null,
                            false, "web", null, NOW))))
                    .get();
        }
        ConsumerRecord<String, byte[]> letter = awaitRecord(Topics.ANALYTICS_DEAD_LETTERS,
                r -> r.key().startsWith(tenant));
        assertEquals("the database refused a value of this row (SQLSTATE 54000)", header(letter, "dlq-reason"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> revenue(tenant, "c") != null);
        assertEquals(0, new BigDecimal("3").compareTo(revenue(tenant, "c")), "the batch's other row is kept");
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", KafkaResource.bootstrapServers(), "max.request.size",
                "5000000"), new StringSerializer(), new ByteArraySerializer());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(String topic,
            Predicate<ConsumerRecord<String, byte[]>> wanted) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                KafkaResource.bootstrapServers(), "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset",
                "earliest", "max.partition.fetch.bytes", "5000000"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r)) {
                        return r;
                    }
                }
            }
            throw new AssertionError("no such record on " + topic);
        }
    }

    private static BigDecimal revenue(String tenant, String customer) throws Exception {
        try (var c = PostgresResource.server().getPostgresDatabase().getConnection();
                var s = c.prepareStatement("SELECT net_revenue FROM analytics.customer_metrics WHERE tenant_id = ? "
                        + "AND customer_id = ?")) {
            s.setString(1, tenant);
            s.setString(2, customer);
            try (var r = s.executeQuery()) {
                return r.next() ? r.getBigDecimal(1) : null;
            }
        }
    }

}
