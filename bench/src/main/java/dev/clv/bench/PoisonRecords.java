package dev.clv.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.clv.contracts.Topics;
import dev.clv.contracts.event.BehaviouralEvent;
import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.event.CustomerProfileChange;
import dev.clv.contracts.event.CustomerScore;
import dev.clv.contracts.event.CustomerSnapshot;
import dev.clv.contracts.event.EventJson;
import dev.clv.contracts.event.InteractionEvent;
import dev.clv.contracts.event.ModelTrained;
import dev.clv.contracts.event.ProductEvent;
import dev.clv.contracts.event.TransactionEvent;

/**
 * Records no well-behaved producer writes, straight into every topic the platform reads: invalid JSON, valid JSON of
 * the wrong shape, a payload naming another tenant than its key (both ways round, the victim being the calm
 * tenant), keys without a tenant (and none at all), a valid-looking row with a NUL or an unpaired surrogate in a
 * text field (PostgreSQL refuses NUL in text and jsonb), a huge unreadable value (deeply nested, about 900 KB) and
 * a huge valid one (600,000 characters in one text field). Every id and customer id of a record that must never be
 * stored (unreadable, without a tenant, or naming two) starts with {@code poison-bad-}; the records of the
 * poisoner's own tenant, rightly keyed, that a consumer may store (without what it cannot hold) or dead-letter, but
 * must not stall on, with {@code poison-own-}.
 */
final class PoisonRecords {
    static final String BAD = "poison-bad-";
    static final String OWN = "poison-own-";
    static final List<String> TOPICS = List.of(Topics.CUSTOMERS, Topics.TRANSACTIONS, Topics.INTERACTIONS,
            Topics.EVENTS, Topics.PRODUCTS, Topics.PROFILE_CHANGES, Topics.SCORES, Topics.MODEL_EVENTS,
            Topics.ANALYTICS_DEAD_LETTERS);

    private PoisonRecords() {
    }

    /** Sends them all, acknowledged; answers how many went to each topic. */
    static Map<String, Integer> send(String bootstrap, String victim, String poisoner) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<String, Integer> sent = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (String topic : TOPICS) {
                List<ProducerRecord<String, byte[]>> records = records(topic, victim, poisoner);
                records.forEach(r -> acks.add(producer.send(r)));
                sent.put(topic, records.size());
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        return sent;
    }

    private static List<ProducerRecord<String, byte[]>> records(String topic, String victim, String poisoner) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        boolean tenantKeyed = topic.equals(Topics.MODEL_EVENTS);
        // invalid JSON, and JSON of the wrong shape
        out.add(record(topic, key(tenantKeyed, poisoner, BAD + "json"), "{\"tenant_id\":\"" + poisoner
                + "\",\"customer_id\":\"" + BAD + "json\",\"amount\":"));
        out.add(record(topic, key(tenantKeyed, poisoner, BAD + "shape"), "[\"" + BAD + "shape\", 1, null]"));
        out.add(record(topic, key(tenantKeyed, poisoner, BAD + "fields"), "{\"tenant_id\":\"" + poisoner
                + "\",\"customer_id\":\"" + BAD + "fields\",\"amount\":\"lots\",\"transaction_date\":42}"));
        // a payload naming another tenant than its key, both ways round
        out.add(new ProducerRecord<>(topic, key(tenantKeyed, poisoner, BAD + "cross-payload"),
                valid(topic, victim, BAD + "cross-payload", "plain")));
        out.add(new ProducerRecord<>(topic, key(tenantKeyed, victim, BAD + "cross-key"),
                valid(topic, poisoner, BAD + "cross-key", "plain")));
        // keys without a tenant, and no key at all
        out.add(new ProducerRecord<>(topic, tenantKeyed ? "" : BAD + "no-tenant",
                valid(topic, poisoner, BAD + "no-tenant", "plain")));
        out.add(new ProducerRecord<>(topic, null, valid(topic, poisoner, BAD + "null-key", "plain")));
        // valid-looking rows PostgreSQL would refuse (NUL) or that hold an unpaired surrogate
        out.add(new ProducerRecord<>(topic, key(tenantKeyed, poisoner, OWN + "nul"),
                valid(topic, poisoner, OWN + "nul", "x\u0000y")));
        out.add(record(topic, key(tenantKeyed, poisoner, OWN + "surrogate"),
                new String(valid(topic, poisoner, OWN + "surrogate", "SURROGATE"), StandardCharsets.UTF_8)
                        .replace("SURROGATE", "\\ud800")));
        // huge: unreadable (deeply nested) and valid (a long attribute)
        out.add(record(topic, key(tenantKeyed, poisoner, BAD + "huge"), "[".repeat(900_000)));
        String huge = new String(valid(topic, poisoner, OWN + "huge", "HUGE"), StandardCharsets.UTF_8);
        int at = huge.indexOf("HUGE");
        out.add(record(topic, key(tenantKeyed, poisoner, OWN + "huge"), huge.substring(0, at)
                + "h".repeat(600_000) + huge.substring(at + 4).replace("HUGE", "huge")));
        if (topic.equals(Topics.ANALYTICS_DEAD_LETTERS)) {
            // what the dead-letter reader takes from headers: garbage where numbers belong
            ProducerRecord<String, byte[]> headers = new ProducerRecord<>(topic,
                    key(false, poisoner, OWN + "dlq-headers"),
                    valid(Topics.TRANSACTIONS, poisoner, OWN + "dlq-headers", "plain"));
            headers.headers().add("dlq-topic", Topics.TRANSACTIONS.getBytes(StandardCharsets.UTF_8))
                    .add("dlq-reason", "x\u0000y".getBytes(StandardCharsets.UTF_8))
                    .add("dlq-partition", "not-a-number".getBytes(StandardCharsets.UTF_8))
                    .add("dlq-offset", "99999999999999999999999".getBytes(StandardCharsets.UTF_8));
            out.add(headers);
            // a dead letter whose row id holds a NUL (the reader keeps the row id to release its dedup claim)
            ProducerRecord<String, byte[]> nulId = record(topic, key(false, poisoner, OWN + "dlq-nul-id"),
                    String.format("{\"tenant_id\":\"%s\",\"transaction_id\":\"%s\\u0000\",\"customer_id\":\"%s\"}",
                            poisoner, OWN + "dlq-nul-id", OWN + "dlq-nul-id"));
            nulId.headers().add("dlq-topic", Topics.TRANSACTIONS.getBytes(StandardCharsets.UTF_8));
            out.add(nulId);
        }
        return out;
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String key(boolean tenantKeyed, String tenant, String id) {
        return tenantKeyed ? tenant : Topics.key(tenant, id);
    }

    /**
     * A record of the topic's own type for {@code tenant} whose ids are {@code id}, with {@code text} in a free text
     * field; the dead-letter topic carries a transaction as the analytics projection would forward it.
     */
    private static byte[] valid(String topic, String tenant, String id, String text) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> attributes = Map.of("note", text);
        Object event = switch (topic) {
            case Topics.CUSTOMERS -> new CustomerEvent(tenant, id, now.minus(30, ChronoUnit.DAYS), "DE", text, 40,
                    "f", "web", "gold", true, "a@example.com", text, "gold", attributes, now);
            case Topics.TRANSACTIONS, Topics.ANALYTICS_DEAD_LETTERS -> new TransactionEvent(tenant, id, id,
                    now.minus(1, ChronoUnit.HOURS), new BigDecimal("9.99"), "USD", "p-1", text, "purchase", "card",
                    false, "web", attributes, now);
            case Topics.INTERACTIONS -> new InteractionEvent(tenant, id, id, now.minus(1, ChronoUnit.HOURS), text,
                    "web", 30, 4, attributes, now);
            case Topics.EVENTS -> new BehaviouralEvent(tenant, id, id, text, now.minus(1, ChronoUnit.HOURS), "s-1",
                    attributes, now);
            case Topics.PRODUCTS -> new ProductEvent(tenant, id, text, text, new BigDecimal("9.99"),
                    new BigDecimal("5.00"), "USD", now.minus(90, ChronoUnit.DAYS), "active", attributes, now);
            case Topics.PROFILE_CHANGES -> new CustomerProfileChange(tenant, id, List.of("purchase_count", text), now,
                    new CustomerSnapshot(now.minus(30, ChronoUnit.DAYS), text, text, 40, "f", "web", "gold", "gold",
                            true, attributes, 1, new BigDecimal("9.99"), new BigDecimal("9.99"), 0,
                            now.minus(1, ChronoUnit.HOURS), now.minus(1, ChronoUnit.HOURS), 0, null, 0, 0, 0, 0, null,
                            Map.of("purchase", Map.of(java.time.LocalDate.now(), 1L))));
            case Topics.SCORES -> new CustomerScore(tenant, id, text, 1, new BigDecimal("120.50"), 0.8, 2.5, 12, now);
            case Topics.MODEL_EVENTS -> new ModelTrained(tenant, UUID.nameUUIDFromBytes(id.getBytes(
                    StandardCharsets.UTF_8)), text, 1, "active", now, Map.of("rmse", 1.0, "note", text));
            default -> throw new IllegalArgumentException(topic);
        };
        return EventJson.write(event);
    }
}
